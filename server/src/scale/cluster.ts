import type { MatchMakerDriver, Presence } from '@colyseus/core';
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
}

export function clusterParts(config: Pick<ServerConfig, 'redisUrl' | 'publicAddress'>): ClusterParts {
  const parts: ClusterParts = {};
  if (config.redisUrl) {
    parts.presence = new RedisPresence(config.redisUrl);
    parts.driver = new RedisDriver(config.redisUrl);
  }
  if (config.publicAddress) parts.publicAddress = config.publicAddress;
  return parts;
}
