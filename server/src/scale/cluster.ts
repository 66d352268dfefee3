import { matchMaker, type MatchMakerDriver, type Presence } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import type { ServerConfig } from '../config.ts';

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
  selectProcessIdToCreateRoom?: () => Promise<string>;
}

/** How long a room this process placed counts as pending (Colyseus publishes room counts lazily). */
const PENDING_MS = 3000;

/**
 * Where to open a new or reopened session's room: the live process with the fewest rooms, counting
 * the rooms this process has just placed that the shared counts may not show yet. Colyseus' own
 * choice reads only the shared counts, so a sweep that reopened a dead process's sessions in a burst
 * put them all on one process (issue 17: 43/0/8).
 */
export function spreadByLoad(now: () => number = Date.now): () => Promise<string> {
  const placed: { processId: string; at: number }[] = [];
  return async () => {
    const stats = await matchMaker.stats.fetchAll();
    const t = now();
    while (placed.length > 0 && t - placed[0]!.at > PENDING_MS) placed.shift();
    let best: { processId: string; load: number } | null = null;
    for (const s of stats) {
      const load = s.roomCount + placed.filter((p) => p.processId === s.processId).length;
      if (!best || load < best.load || (load === best.load && s.processId < best.processId)) best = { processId: s.processId, load };
    }
    const chosen = best?.processId ?? matchMaker.processId;
    placed.push({ processId: chosen, at: t });
    return chosen;
  };
}

export function clusterParts(config: Pick<ServerConfig, 'redisUrl' | 'publicAddress'>): ClusterParts {
  const parts: ClusterParts = {};
  if (config.redisUrl) {
    parts.presence = new RedisPresence(config.redisUrl);
    parts.driver = new RedisDriver(config.redisUrl);
    parts.selectProcessIdToCreateRoom = spreadByLoad();
  }
  if (config.publicAddress) parts.publicAddress = config.publicAddress;
  return parts;
}
