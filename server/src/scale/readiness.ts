import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchMaker } from '@colyseus/core';
import type { RoomServices } from '../services.ts';

/**
 * `GET /api/ready`: the deep health check for a load balancer or supervisor (docs/DEPLOY.md). It
 * answers 200 only when this process can use the session store (one query) and, with REDIS_URL,
 * Redis (one round trip), each within CHECK_MS; else 503 naming what failed. `/api/health` stays
 * the cheap liveness answer (docs/PROTOCOL.md). A hung or frozen process answers neither: a check
 * with a short timeout takes it out.
 */
const CHECK_MS = 2000;

async function within<T>(ms: number, task: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([task, new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function createReadinessHandler(services: RoomServices) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (req.url !== '/api/ready' || req.method !== 'GET') return next();
    void (async () => {
      const checks: Record<string, string> = {};
      const store = within(CHECK_MS, services.store.countSessions()).then(() => 'ok', (e: Error) => `failing: ${e.message}`);
      const redis = services.config.redisUrl ? within(CHECK_MS, Promise.resolve(matchMaker.presence.exists('aspf:ready'))).then(() => 'ok', (e: Error) => `failing: ${e.message}`) : Promise.resolve('not used');
      [checks.store, checks.redis] = await Promise.all([store, redis]);
      const ok = checks.store === 'ok' && checks.redis !== undefined && !checks.redis.startsWith('failing');
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ ok, sessions: services.registry.size, ...checks }));
    })();
  };
}
