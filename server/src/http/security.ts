import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { matchMaker } from '@colyseus/core';
import { JOIN_ERRORS } from '@aspf/shared/protocol';
import { RateLimiter, rateLimitFromEnv } from '../security/rate-limit.ts';

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

/**
 * The CSP with the WebSocket addresses of the processes added to `connect-src` when they are not
 * the page's own origin (docs/DEPLOY.md): this process's PUBLIC_ADDRESS host, and CSP_CONNECT_SRC
 * (space-separated sources, e.g. `wss://n1.table.example.org wss://n2.table.example.org`).
 */
export function cspFor(env: NodeJS.ProcessEnv = process.env): string {
  const extra: string[] = [];
  const address = env.PUBLIC_ADDRESS?.replace(/^wss?:\/\//, '').split('/')[0];
  if (address && /^[a-z0-9.:[\]-]+$/i.test(address)) extra.push(`ws://${address}`, `wss://${address}`);
  for (const source of (env.CSP_CONNECT_SRC ?? '').split(/\s+/)) if (/^(wss?|https?):\/\/[a-z0-9.*:[\]-]+$/i.test(source)) extra.push(source);
  return extra.length === 0 ? CSP : CSP.replace("connect-src 'self'", `connect-src 'self' ${extra.join(' ')}`);
}

export function createSecurityHandler() {
  limitCors();
  const csp = cspFor();
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '/').split('?')[0]!;
    res.setHeader('content-security-policy', /^\/api\/sessions\/[^/]+\/(report|briefs|slides)$/.test(path) ? REPORT_CSP : csp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', /\/(report|briefs|slides)$/.test(path) ? 'SAMEORIGIN' : 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    next();
  };
}

// --- CORS -----------------------------------------------------------------------------------

/** CORS_ORIGINS: extra origins (comma-separated) allowed to call the API from a browser; default none. */
export const corsOrigins = (env: NodeJS.ProcessEnv = process.env): string[] =>
  (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);

/**
 * Colyseus answers every HTTP request (its matchmaking routes and, through it, ours) with CORS
 * headers that echo any Origin and allow credentials. Here only the serving origin (the request's
 * own Host) and CORS_ORIGINS are echoed; a foreign page gets no Access-Control-Allow-Origin, so
 * its browser refuses to show it the answer (a join reservation, a session's details).
 */
export function limitCors(allowed: string[] = corsOrigins()): void {
  const defaults = matchMaker.controller.DEFAULT_CORS_HEADERS as Record<string, string>;
  delete defaults['Access-Control-Allow-Origin'];
  delete defaults['Access-Control-Allow-Credentials'];
  defaults['Vary'] = 'Origin';
  matchMaker.controller.getCorsHeaders = (headers: Headers): Record<string, string> => {
    const origin = headers.get('origin');
    if (!origin) return {};
    return sameHost(origin, headers.get('host')) || allowed.includes(origin) ? { 'Access-Control-Allow-Origin': origin } : {};
  };
}

function sameHost(origin: string, host: string | null): boolean {
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

// --- who is asking --------------------------------------------------------------------------

/**
 * The client's address for rate limits: the socket's peer, or with TRUST_PROXY=1 (behind one reverse
 * proxy) the LAST X-Forwarded-For hop — the one that proxy wrote. Earlier hops come from the client
 * and are forgeable (`$proxy_add_x_forwarded_for` keeps them), so they are never used; docs/DEPLOY.md
 * sets `proxy_set_header X-Forwarded-For $remote_addr`, which leaves only the proxy's own entry.
 * IPv6 addresses count by their /64 (one household or host holds a whole /64 and could rotate).
 */
export function clientAddress(req: IncomingMessage, env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRUST_PROXY === '1') {
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').at(-1)?.trim();
    if (last) return addressKey(last);
  }
  return addressKey(req.socket.remoteAddress ?? 'unknown');
}

/** IPv4 as is (also when IPv4-mapped); IPv6 as its /64 prefix. */
export function addressKey(ip: string): string {
  const bare = ip.split('%')[0]!.toLowerCase();
  if (!bare.includes(':')) return bare;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return mapped[1]!;
  const [head, tail] = bare.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

// --- the door: join codes only, and guessing them is slow -------------------------------------

/** JOIN_FAILURE_LIMIT (default 30/60): misses (refused joins, unknown codes) an address may collect per window. */
export const joinFailureLimit = (env: NodeJS.ProcessEnv = process.env) => rateLimitFromEnv('JOIN_FAILURE_LIMIT', { limit: 30, windowMs: 60_000 }, env);

/**
 * The address the door saw, handed to the room's `onAuth` in this request header (set here, after
 * removing any copy the client sent, so it cannot be forged).
 */
export const CLIENT_ADDRESS_HEADER = 'x-aspf-client-address';

/** The only matchmaking calls that exist: join a room by its code, or resume a dropped connection. */
const OPEN_METHODS = new Set(['joinById', 'reconnect']);
const MATCHMAKE = /^\/matchmake(?:\/([^/?#]*))?(?:\/([^/?#]*))?/;

const GUARDED = Symbol.for('aspf.joinGuard');

/** The join guard installed on a server, if any. */
export const joinGuardOf = (server: HttpServer): RateLimiter | undefined => (server as HttpServer & { [GUARDED]?: RateLimiter })[GUARDED];

/**
 * The door in front of Colyseus' matchmaking routes (docs/SECURITY.md "The door"):
 * - Only `POST /matchmake/joinById/CODE` and `POST /matchmake/reconnect/CODE` are served. `join`,
 *   `joinOrCreate`, `create` and any other path answer 403 `join/by_code_only`: a room is never
 *   matched, listed or created from outside, so the only way in is a code (then a seat token or
 *   the facilitator key).
 * - Every miss (a refused join, an unknown code, a bad key or team code, a closed method: any 4xx
 *   or 5xx) counts against the caller's address in `limiter`; the same limiter counts the HTTP
 *   API's unknown codes (server/src/http/api.ts). Past JOIN_FAILURE_LIMIT misses the address gets
 *   429 `join/rate_limited` for every join until the window moves on, whether its next guess is
 *   right or not, so a guess that succeeds teaches nothing. Successful joins do not count here
 *   (a classroom behind one NAT address joins freely); the room limits them per session.
 *
 * Colyseus serves /matchmake before any Express middleware, so this listens on the HTTP server
 * itself, in front of Colyseus' own listener: call it after `server.listen()`. Idempotent.
 */
export function guardJoins(server: HttpServer, limiter = new RateLimiter(joinFailureLimit())): RateLimiter {
  const marked = server as HttpServer & { [GUARDED]?: RateLimiter };
  if (marked[GUARDED]) return marked[GUARDED];
  marked[GUARDED] = limiter;
  matchMaker.controller.exposedMethods = [...OPEN_METHODS];
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    delete req.headers[CLIENT_ADDRESS_HEADER];
    const door = MATCHMAKE.exec(req.url ?? '');
    if (door && req.method !== 'OPTIONS') {
      const who = clientAddress(req);
      req.headers[CLIENT_ADDRESS_HEADER] = who;
      const wait = limiter.blocked(who);
      if (wait > 0) return refuse(req, res, 'join/rate_limited', `Too many refused joins from your address; try again in ${Math.ceil(wait / 1000)} s.`, { 'retry-after': String(Math.ceil(wait / 1000)) });
      // For these two methods the path's last part is a room id (a join code), never a room name.
      if (req.method !== 'POST' || !OPEN_METHODS.has(door[1] ?? '')) {
        limiter.hit(who);
        return refuse(req, res, 'join/by_code_only', 'Sessions are joined with their join code only (joinById).');
      }
      res.once('finish', () => {
        if (res.statusCode >= 400) limiter.hit(who);
      });
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
  // The WebSocket upgrade is where Colyseus runs the room's onAuth: it reads the address here.
  const upgrades = server.listeners('upgrade') as ((req: IncomingMessage, ...rest: unknown[]) => void)[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req: IncomingMessage, ...rest: unknown[]) => {
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req);
    for (const listener of upgrades) listener.call(server, req, ...rest);
  });
  return limiter;
}

/**
 * A refusal in Colyseus' matchmaking error shape. The SDK makes the HTTP status its ServerError's
 * code, so these codes are HTTP statuses (403, 429).
 */
function refuse(req: IncomingMessage, res: ServerResponse, name: 'join/by_code_only' | 'join/rate_limited', text: string, headers: Record<string, string> = {}): void {
  req.resume();
  const body = JSON.stringify({ code: JOIN_ERRORS[name], error: `${name}: ${text}` });
  res.writeHead(JOIN_ERRORS[name], { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
