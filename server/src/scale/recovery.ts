import { matchMaker } from '@colyseus/core';
import { ROOM_NAME } from '@aspf/shared/protocol';
import type { RoomServices } from '../services.ts';
import { memoryClaims, type Claims } from './claims.ts';
import { checkLeases } from './fencing.ts';

/**
 * Bringing back sessions whose room no process runs — after a restart of the only process, or when
 * one process of several dies. The session log (SQLite, or PostgreSQL shared by all processes) is
 * the source of truth: the room replays it in `onCreate`, so any process can reopen any session.
 *
 * One sweep: (1) ask Colyseus to health-check the processes whose IPC channel has gone from Redis,
 * which removes a dead process's room listings; (2) for every unfinished session with no listed
 * room, take a short claim on its code (SET NX in Redis, so two processes never open the same
 * session twice), look again, and create its room on the least-loaded live process. Each process
 * sweeps at boot and every RECOVERY_INTERVAL_MS; `ensureRoom` runs the same step for one code on
 * demand (an HTTP look-up of a code whose room is gone).
 */

/** How long a claim on a code keeps other processes from opening the same session (ms). */
const CLAIM_MS = 15_000;
const fallbackClaims = memoryClaims();
const claimsOf = (services: RoomServices): Claims => services.claims ?? fallbackClaims;

/** True when some process lists a room for this code. */
export async function roomExists(services: RoomServices, code: string): Promise<boolean> {
  if (services.registry.has(code)) return true;
  return Boolean(await matchMaker.driver.has(code));
}

/**
 * Runs `open` while holding the claim on `code` (false, without running it, when another caller
 * holds it). Session creation opens its fresh code this way too, so a sweep never races it.
 */
export async function withClaim(services: RoomServices, code: string, open: () => Promise<void>): Promise<boolean> {
  const claims = claimsOf(services);
  if (!(await claims.take(code, CLAIM_MS))) return false;
  try {
    await open();
  } finally {
    await claims.release(code).catch(() => undefined);
  }
  return true;
}

export type EnsureOutcome = 'running' | 'restored' | 'claimed-elsewhere' | 'failed';

/** Opens the session's room (on some process) if none runs it. */
export async function ensureRoom(services: RoomServices, code: string): Promise<EnsureOutcome> {
  if (await roomExists(services, code)) return 'running';
  let outcome: EnsureOutcome = 'claimed-elsewhere';
  await withClaim(services, code, async () => {
    if (await roomExists(services, code)) {
      outcome = 'running';
      return;
    }
    try {
      // The process that runs the room replays the log and logs "restored from the log"
      // (room/game-room.ts); this one only says where it placed the session.
      const listing = await placing(services, () => matchMaker.createRoom(ROOM_NAME, { code, restore: true }));
      services.log.info(`session ${code}: no process ran it; reopened on process ${String(listing?.processId ?? '?')}`, { session: code, on: String(listing?.processId ?? '') });
      outcome = 'restored';
    } catch (error) {
      services.log.error(`session ${code} could not be restored`, error, { session: code });
      outcome = 'failed';
    }
  });
  return outcome;
}

/**
 * Reopenings are placed one at a time across all processes (a claim on a key no join code can
 * have), so that each placement counts the rooms the previous one opened (scale/cluster.ts): two
 * survivors reopening a dead process's sessions at once would otherwise both see the same loads
 * and stack them on one process. A caller waits up to PLACEMENT_WAIT_MS for its turn, then goes on
 * without it (placement is a matter of balance; the code's own claim still keeps one room per code).
 */
const PLACEMENT_KEY = '~placement';
const PLACEMENT_MS = 5000;
const PLACEMENT_WAIT_MS = 3000;
async function placing<T>(services: RoomServices, create: () => Promise<T>): Promise<T> {
  const claims = claimsOf(services);
  const deadline = Date.now() + PLACEMENT_WAIT_MS;
  let held = await claims.take(PLACEMENT_KEY, PLACEMENT_MS).catch(() => false);
  while (!held && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    held = await claims.take(PLACEMENT_KEY, PLACEMENT_MS).catch(() => false);
  }
  try {
    return await create();
  } finally {
    if (held) await claims.release(PLACEMENT_KEY).catch(() => undefined);
  }
}

/** Sessions whose room failed to open, and when to try again (backing off up to 5 minutes). */
const retries = new WeakMap<RoomServices, Map<string, { at: number; delay: number }>>();

export async function sweep(services: RoomServices, now: () => number = Date.now): Promise<{ restored: string[]; failed: string[] }> {
  if (services.config.redisUrl) {
    await matchMaker.healthCheckAllProcesses().catch((error: unknown) => services.log.error('health check of other processes failed', error));
    await checkLeases(services).catch((error: unknown) => services.log.error('lease check of other processes failed', error));
  }
  const restored: string[] = [];
  const failed: string[] = [];
  let backoff = retries.get(services);
  if (!backoff) retries.set(services, (backoff = new Map()));
  for (const session of await services.store.unfinishedSessions()) {
    const retry = backoff.get(session.code);
    if (retry && retry.at > now()) continue;
    const outcome = await ensureRoom(services, session.code);
    if (outcome === 'restored') restored.push(session.code);
    if (outcome === 'failed') {
      failed.push(session.code);
      const delay = Math.min(300_000, (retry?.delay ?? 2500) * 2);
      backoff.set(session.code, { at: now() + delay, delay });
    } else {
      backoff.delete(session.code);
    }
  }
  return { restored, failed };
}

/** Sweeps every `intervalMs` (one sweep at a time) until stopped. */
export function startSweeps(services: RoomServices, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep(services)
      .catch((error: unknown) => services.log.error('recovery sweep failed', error))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
