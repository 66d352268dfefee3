import { createHash } from 'node:crypto';
import { matchMaker, type MatchMakerDriver, type Presence } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import { Redis } from 'ioredis';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../log.ts';

/**
 * Scale-out across processes (docs/DEPLOY.md): with REDIS_URL, every process shares Colyseus'
 * presence (IPC, seat reservations) and room listings through Redis, so any process can create a
 * session's room, find it, and reserve a seat in it; the socket then goes to the owner's
 * PUBLIC_ADDRESS. Without REDIS_URL, Colyseus keeps both in memory (one process).
 */
export interface ClusterParts {
  presence?: Presence;
  driver?: MatchMakerDriver;
  publicAddress?: string;
  selectProcessIdToCreateRoom?: (roomName: string, options: { code?: unknown }) => Promise<string>;
}

/** How long a room this process placed counts as in flight until its listing shows up (ms). */
const PENDING_MS = 3000;

/**
 * Where to open a new or reopened session's room: the live process (one in Colyseus' shared stats)
 * listing the fewest rooms in Redis, counting the rooms this process is placing whose listing is
 * not there yet. Equal loads are broken by a hash of the code and the process id, so that two
 * processes reopening a dead one's sessions at once do not pick the same process for all of them.
 * Colyseus' own choice reads room counts that it publishes at most once a second, so a sweep that
 * reopened sessions in a burst put them all on one process (issue 17: 43/0/8).
 */
export function spreadByLoad(now: () => number = Date.now): (roomName: string, options: { code?: unknown }) => Promise<string> {
  const placed: { processId: string; code: string; at: number }[] = [];
  return async (_roomName, options) => {
    const code = typeof options?.code === 'string' ? options.code : '';
    const [stats, listings] = await Promise.all([matchMaker.stats.fetchAll(), matchMaker.driver.query({})]);
    const load = new Map<string, number>(stats.map((s) => [s.processId, 0]));
    const listed = new Set<string>();
    for (const l of listings) {
      listed.add(l.roomId);
      if (load.has(l.processId)) load.set(l.processId, load.get(l.processId)! + 1);
    }
    const t = now();
    while (placed.length > 0 && t - placed[0]!.at > PENDING_MS) placed.shift();
    for (const p of placed) if (!listed.has(p.code) && load.has(p.processId)) load.set(p.processId, load.get(p.processId)! + 1);
    const rank = (pid: string) => createHash('sha256').update(`${code}/${pid}`).digest('hex');
    let best: { processId: string; load: number; rank: string } | null = null;
    for (const [processId, n] of load) {
      const r = rank(processId);
      if (!best || n < best.load || (n === best.load && r < best.rank)) best = { processId, load: n, rank: r };
    }
    const chosen = best?.processId ?? matchMaker.processId;
    placed.push({ processId: chosen, code, at: t });
    return chosen;
  };
}

/**
 * ioredis prints "[ioredis] Unhandled error event" in plain text when a client has no error
 * listener: route its errors to the server's log instead (JSON in JSON mode), at most one line per
 * client every 10 s while Redis is away (ioredis reconnects by itself).
 */
function logErrors(client: unknown, name: string, log: Pick<Logger, 'error'> | undefined): void {
  const emitter = client as { on?: (event: string, listener: (error: Error) => void) => void } | undefined;
  if (!emitter?.on) return;
  let last = 0;
  emitter.on('error', (error) => {
    if (!log || Date.now() - last < 10_000) return;
    last = Date.now();
    log.error(`Redis (${name}) connection error; retrying`, error);
  });
}

export function clusterParts(config: Pick<ServerConfig, 'redisUrl' | 'publicAddress'>, log?: Pick<Logger, 'error'>): ClusterParts {
  const parts: ClusterParts = {};
  if (config.redisUrl) {
    parts.presence = new RedisPresence(config.redisUrl);
    parts.driver = new RedisDriver(config.redisUrl);
    // RedisPresence reports its clients' errors through Colyseus' logger (app.ts routes it to the
    // server's log); the driver's client has no listener of its own.
    logErrors((parts.driver as unknown as { _client?: unknown })._client, 'room listings', log);
    parts.selectProcessIdToCreateRoom = spreadByLoad();
  }
  if (config.publicAddress) parts.publicAddress = config.publicAddress;
  return parts;
}

/** A URL fit for a log line: the password, if any, replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/**
 * Fails within `timeoutMs` with a clear message when Redis cannot be reached at boot: Colyseus'
 * Redis clients would otherwise retry for ever and the process would hang without listening.
 */
export async function requireRedis(url: string, timeoutMs = 5000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis at ${redactUrl(url)} (REDIS_URL) is not reachable: ${(error as Error).message || String(error)}`, { cause: error });
  } finally {
    redis.disconnect();
  }
}
