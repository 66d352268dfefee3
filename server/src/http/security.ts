import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Security headers on every HTTP answer (docs/SECURITY.md): a Content-Security-Policy with no
 * inline or foreign script, no framing by other sites, no MIME sniffing, no referrer leaks (join
 * links and facilitator keys never travel in Referer headers).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The after-action report is one self-contained page: inline CSS and SVG, still no script at all. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

export function createSecurityHandler() {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '/').split('?')[0]!;
    res.setHeader('content-security-policy', /^\/api\/sessions\/[^/]+\/report$/.test(path) ? REPORT_CSP : CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', /\/report$/.test(path) ? 'SAMEORIGIN' : 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    next();
  };
}
