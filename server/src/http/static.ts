import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * The hook for the built client (issue 4): when STATIC_DIR (default client/dist) holds an
 * index.html, its files are served at /, and any other GET outside /api and /matchmake gets
 * index.html (the client routes itself). Returns null when there is nothing to serve.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp',
  '.woff2': 'font/woff2', '.ico': 'image/x-icon', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

export function createStaticHandler(dir: string | null) {
  if (!dir || !existsSync(join(dir, 'index.html'))) return null;
  const root = normalize(dir + sep);
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    } catch {
      // A malformed escape (/%E0%A4%A) would otherwise reach Express' default handler: a 500 with a stack trace.
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Bad request: malformed URL');
    }
    if ((req.method !== 'GET' && req.method !== 'HEAD') || path.startsWith('/api/') || path.startsWith('/matchmake/')) return next();
    let file = normalize(join(root, path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  };
}
