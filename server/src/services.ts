import type { ServerConfig } from './config.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { GameRoom } from './room/game-room.ts';
import type { Claims } from './scale/claims.ts';
import type { RateLimiter } from './security/rate-limit.ts';
import type { SessionStore } from './store/session-store.ts';

/** What rooms and HTTP handlers share in one server process. */
export interface RoomServices {
  config: ServerConfig;
  store: SessionStore;
  log: Logger;
  /** The live rooms, by join code. */
  registry: Map<string, GameRoom>;
  /** The base of join URLs (PUBLIC_URL, or this server's own address). */
  publicUrl(): string;
  /** Who may open a session's room right now (across processes with REDIS_URL). */
  claims?: Claims;
  /** Counters for GET /metrics (the app sets it; rooms may report through it). */
  metrics?: Metrics;
  /**
   * Misses per address — refused joins, unknown codes on the HTTP API, wrong team codes — shared by
   * the door (server/src/http/security.ts), the API and the rooms (docs/SECURITY.md "The door").
   */
  misses: RateLimiter;
}
