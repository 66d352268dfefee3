import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * The hook for the built client (issue 4): when STATIC_DIR (default client/dist) holds an
 * index.html, its files are served at /, and any other GET outside /api and /matchmake gets
 * index.html (the client routes itself). Returns null when there is nothing to serve.
 *
 * A file that cannot be read (the folder being rebuilt or replaced under a running server) is a
 * 503 for that request, never an uncaught stream error: the process keeps serving (issue 17).
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp',
  '.woff2': 'font/woff2', '.ico': 'image/x-icon', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

export function createStaticHandler(dir: string | null) {
  if (!dir || !isFile(join(dir, 'index.html'))) return null;
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
    if (!file.startsWith(root) || !isFile(file)) file = join(root, 'index.html');
    const unavailable = () => {
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
      res.end(res.headersSent ? undefined : 'The client is being updated; try again in a moment.');
    };
    if (req.method === 'HEAD') {
      if (!isFile(file)) return unavailable();
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      return void res.end();
    }
    const stream = createReadStream(file);
    stream.on('error', () => {
      if (res.headersSent) res.destroy();
      else unavailable();
    });
    stream.once('open', () => {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      stream.pipe(res);
    });
    res.on('close', () => stream.destroy());
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
