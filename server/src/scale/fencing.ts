import { matchMaker, type Room } from '@colyseus/core';
import { CLOSE_CODES } from '@aspf/shared/protocol';
import type { RoomServices } from '../services.ts';

/**
 * One writer per code (docs/DEPLOY.md, "One writer per code"). The session log fences writers by
 * an owner epoch (server/src/store/postgres-store.ts): a room acquires the session before it
 * replays the log, and the appends of a room that another process has since reopened fail with
 * `FencedError`. This module closes such a room — found on its next append or by `checkFences`,
 * which every process runs on each lease tick — and sends its clients away with CLOSE_MOVED, so
 * that they rejoin by token through the front door and reach the new owner.
 *
 * A frozen process (SIGSTOP, a stalled VM) keeps its Redis connection, so Colyseus never
 * health-checks it: each process therefore holds a lease key in Redis that it renews every
 * LEASE_RENEW_MS, and a process whose lease has expired is health-checked over IPC (it has
 * REMOTE_ROOM_SHORT_TIMEOUT, 2 s, to answer) and, if silent, has its room listings removed; the
 * sweeps then reopen its sessions elsewhere (server/src/scale/recovery.ts).
 */

/** Close code for "this session now runs on another process: rejoin by token" (docs/DEPLOY.md). */
export const CLOSE_MOVED = CLOSE_CODES.moved;
export const LEASE_RENEW_MS = 1000;
export const LEASE_TTL_S = 3;

const leaseKey = (processId: string) => `aspf:lease:${processId}`;
const closing = new WeakSet<Room>();

/**
 * Closes a room that is no longer the session's writer. Its listing (keyed by the join code) now
 * belongs to the new owner: the room gets a private copy of it first, so that Colyseus' clean-up
 * of this room never removes or overwrites the new owner's listing.
 */
export function closeFencedRoom(room: Room, services: RoomServices, code: string): void {
  if (closing.has(room)) return;
  closing.add(room);
  services.log.info(`session ${code}: another process owns it now; closing this room and sending its clients there`, { session: code });
  if (services.metrics) services.metrics.fenced++;
  if (services.registry.get(code) === room) services.registry.delete(code);
  const internal = room as unknown as { _listing: object & { roomId: string } };
  const listing = internal._listing;
  internal._listing = Object.assign(Object.create(Object.getPrototypeOf(listing) as object) as object, listing, { roomId: `fenced:${code}:${matchMaker.processId}` });
  room.disconnect(CLOSE_MOVED).catch((error: unknown) => services.log.error(`session ${code}: closing the fenced room failed`, error, { session: code }));
}

/** Closes every local room whose session another process has acquired since. */
export async function checkFences(services: RoomServices): Promise<string[]> {
  const lost = await services.store.lost([...services.registry.keys()]);
  for (const code of lost) {
    const room = services.registry.get(code);
    if (room) closeFencedRoom(room, services, code);
  }
  return lost;
}

/**
 * Makes sure every room of this process is listed, and listed as this process's: a listing
 * removed by a fenced room's clean-up, or written back by a thawed process, is put right.
 */
export async function reassertListings(services: RoomServices): Promise<void> {
  const mine = [...services.registry.entries()];
  if (mine.length === 0) return;
  const cached = await matchMaker.driver.findByIds(mine.map(([code]) => code));
  for (const [code, room] of mine) {
    const listing = cached.get(code);
    if (listing && listing.processId === matchMaker.processId) continue;
    const own = (room as unknown as { _listing?: { roomId: string } })._listing;
    if (!own || own.roomId !== code) continue;
    await matchMaker.driver.persist(own as never, true);
  }
}

export async function renewLease(): Promise<void> {
  await matchMaker.presence.setex(leaseKey(matchMaker.processId), '1', LEASE_TTL_S);
}

/** Health-checks (over IPC) every other process whose lease has expired; silent ones are removed. */
export async function checkLeases(services: RoomServices): Promise<void> {
  const all = await matchMaker.stats.fetchAll();
  await Promise.all(all.filter((s) => s.processId !== matchMaker.processId).map(async (s) => {
    if (await matchMaker.presence.exists(leaseKey(s.processId))) return;
    const alive = await matchMaker.healthCheckProcessId(s.processId);
    if (!alive) services.log.info(`process ${s.processId} missed its lease and did not answer: its rooms are reopened elsewhere`, { peer: s.processId });
  }));
}

/** Every LEASE_RENEW_MS: renew this process's lease, close fenced rooms, fix listings. */
export function startLease(services: RoomServices): () => void {
  let running = false;
  const tick = async () => {
    await checkFences(services);
    if (!services.config.redisUrl) return;
    await renewLease();
    await reassertListings(services);
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    tick().catch((error: unknown) => services.log.error('lease tick failed', error)).finally(() => (running = false));
  }, LEASE_RENEW_MS);
  timer.unref();
  if (services.config.redisUrl) void renewLease().catch(() => undefined);
  return () => clearInterval(timer);
}
