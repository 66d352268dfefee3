import type { IncomingMessage, ServerResponse } from 'node:http';
import { builtinScenario } from '@aspf/shared';
import { PROTOCOL_VERSION, type Health, type HttpError } from '@aspf/shared/protocol';
import type { RoomServices } from '../services.ts';
import { lanAddresses } from './addresses.ts';
import { createSession, scenarioSummaries, sessionInfo, sessionScenario, type Outcome } from '../sessions.ts';
import { RateLimiter, rateLimitFromEnv } from '../security/rate-limit.ts';
import { debriefRoutes } from './debrief.ts';
import { clientAddress } from './security.ts';

/**
 * The HTTP API (docs/PROTOCOL.md "HTTP API"), as one Node request handler mounted under /api.
 * Bodies are JSON, validated with the protocol's zod schemas; every error is `HttpError` JSON.
 */

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const started = Date.now();

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const error = (res: ServerResponse, status: number, e: HttpError) => send(res, status, e);

function answer<T>(res: ServerResponse, outcome: Outcome<T>, status = 200): void {
  if (outcome.ok) send(res, status, outcome.value);
  else error(res, outcome.failure.status, outcome.failure.error);
}

class BodyError extends Error {
  readonly status: number;
  readonly body: HttpError;
  constructor(status: number, body: HttpError) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new BodyError(415, { code: 'http/unsupported_media_type', message: 'Send the body as application/json.' });
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyError(413, { code: 'http/too_large', message: `The body may be at most ${MAX_BODY_BYTES} bytes.` });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413, { code: 'http/too_large', message: `The body may be at most ${MAX_BODY_BYTES} bytes.` });
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new BodyError(400, { code: 'http/bad_json', message: `The body is not valid JSON: ${(e as Error).message}` });
  }
}

type Route = { method: string; pattern: RegExp; run: (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void> | void };

/** Every route under one session's code: /api/sessions/CODE and below (not POST /api/sessions). */
const SESSION_PATH = /^\/api\/sessions\/[^/]+/;

/** SESSION_RATE_LIMIT (default 30/600): sessions one address may create per window. */
export const sessionRateLimit = (env: NodeJS.ProcessEnv = process.env) => rateLimitFromEnv('SESSION_RATE_LIMIT', { limit: 30, windowMs: 600_000 }, env);

export function createApiHandler(services: RoomServices) {
  const creations = new RateLimiter(sessionRateLimit());
  const routes: Route[] = [
    {
      method: 'GET', pattern: /^\/api\/health$/,
      run: async (_req, res) => {
        const health: Health = { ok: true, protocol: PROTOCOL_VERSION, sessions: services.registry.size, uptimeSeconds: Math.round((Date.now() - started) / 1000) };
        send(res, 200, health);
      },
    },
    { method: 'GET', pattern: /^\/api\/scenarios$/, run: (_req, res) => send(res, 200, scenarioSummaries()) },
    {
      method: 'GET', pattern: /^\/api\/scenarios\/([^/]+)$/,
      run: (_req, res, [id]) => {
        const scenario = builtinScenario(id!);
        if (scenario) send(res, 200, scenario);
        else error(res, 404, { code: 'scenario/unknown', message: `There is no built-in scenario "${id}".` });
      },
    },
    {
      method: 'POST', pattern: /^\/api\/sessions$/,
      run: async (req, res) => {
        const who = clientAddress(req);
        const wait = creations.blocked(who);
        if (wait > 0) {
          res.setHeader('retry-after', String(Math.ceil(wait / 1000)));
          return error(res, 429, { code: 'http/rate_limited', message: `Too many sessions created from your address; try again in ${Math.ceil(wait / 1000)} s.` });
        }
        const body = await readJson(req);
        const created = await createSession(services, body);
        if (created.ok) creations.hit(who); // only sessions made count: a refused body costs nothing to refuse
        // Every address students can use: the create screen shows them when its own links say localhost.
        answer(res, created.ok ? { ok: true as const, value: { ...created.value, addresses: lanAddresses(req.socket.localPort ?? 0, services.config.host) } } : created, 201);
      },
    },
    { method: 'GET', pattern: /^\/api\/sessions\/([^/]+)$/, run: async (_req, res, [code]) => answer(res, await sessionInfo(services, code!)) },
    { method: 'GET', pattern: /^\/api\/sessions\/([^/]+)\/scenario$/, run: async (_req, res, [code]) => answer(res, await sessionScenario(services, code!)) },
    ...debriefRoutes(services),
  ];

  /** Express-style middleware: handles /api/*, passes anything else on. */
  return async (req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!path.startsWith('/api/') && path !== '/api') return next();
    if (SESSION_PATH.test(path)) {
      // A session's routes answer differently for a real code (200/403) and a random one (404):
      // their misses count in the door's limiter, so they are no faster an oracle than joining.
      const who = clientAddress(req);
      const wait = services.misses.blocked(who);
      if (wait > 0) {
        res.setHeader('retry-after', String(Math.ceil(wait / 1000)));
        return error(res, 429, { code: 'http/rate_limited', message: `Too many unknown codes or refused requests from your address; try again in ${Math.ceil(wait / 1000)} s.` });
      }
      res.once('finish', () => {
        if (res.statusCode === 403 || res.statusCode === 404) services.misses.hit(who);
      });
    }
    try {
      const matching = routes.filter((r) => r.pattern.test(path));
      if (matching.length === 0) return error(res, 404, { code: 'http/not_found', message: `No API route ${path}.` });
      const route = matching.find((r) => r.method === req.method);
      if (!route) {
        res.setHeader('allow', matching.map((r) => r.method).join(', '));
        return error(res, 405, { code: 'http/method_not_allowed', message: `${req.method} is not allowed on ${path}.` });
      }
      let params: string[];
      try {
        params = route.pattern.exec(path)!.slice(1).map((p) => decodeURIComponent(p));
      } catch {
        return error(res, 400, { code: 'http/invalid', message: `The path ${path} is not a well-formed URL.` });
      }
      await route.run(req, res, params);
    } catch (e) {
      if (e instanceof BodyError) return error(res, e.status, e.body);
      services.log.error(`HTTP ${req.method} ${path} failed`, e);
      if (!res.headersSent) error(res, 500, { code: 'server/error', message: 'The server failed to answer; nothing was changed.' });
      else res.end();
    }
  };
}
