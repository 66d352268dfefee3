import type { GameState, MemberId, Viewer, Actor } from '@aspf/shared';
import type { JoinErrorCode, SeatSummary } from '@aspf/shared/protocol';
import { sameCode, teamCode } from '../security/credentials.ts';
import type { SeatRecord, SessionRecord } from '../store/session-store.ts';
import type { PlayerProjection } from './projection.ts';

/** Seats and presence: who sits where, who is connected. Pure functions over the room's records. */

export const viewerOf = (seat: SeatRecord): Viewer =>
  seat.role === 'member' ? { kind: 'member', member: seat.member! } : seat.role === 'facilitator' ? { kind: 'facilitator' } : { kind: 'observer' };

/** The actor a seat acts as: from the connection, never from the payload. */
export const actorOf = (seat: SeatRecord): Actor => viewerOf(seat);

/** A delegation's team code (docs/PROTOCOL.md §3). */
export const teamCodeOf = (session: SessionRecord, member: MemberId): string => teamCode(session.facilitatorKeyHash, member);

/**
 * Where a joiner (or an observer asking for a seat) may sit (docs/PROTOCOL.md §3, docs/SECURITY.md
 * "Team seats"): a member state nobody holds is taken at once; one that already has players opens
 * to its team code, and without one the asker waits as an observer for the facilitator's approval.
 * Without a chosen member state, the first one nobody holds; when there is none, an observer seat.
 */
export type Admission =
  | { kind: 'seat'; member: MemberId }
  | { kind: 'observer'; request: MemberId | null }
  | { kind: 'refused'; code: JoinErrorCode; message: string };

export function admit(game: GameState, session: SessionRecord, seats: Iterable<SeatRecord>, wanted: MemberId | undefined, code: string | undefined): Admission {
  const held = new Set<string>();
  for (const s of seats) if (s.role === 'member' && s.member) held.add(s.member);
  if (wanted === undefined) {
    const open = game.memberOrder.find((id) => game.members[id]!.seat.controller !== 'bot' && !held.has(id));
    return open ? { kind: 'seat', member: open } : { kind: 'observer', request: null };
  }
  const m = game.members[wanted];
  if (!m) return { kind: 'refused', code: 'join/unknown_member', message: `There is no member "${wanted}" in this game.` };
  if (m.seat.controller === 'bot') return { kind: 'refused', code: 'join/seat_is_bot', message: `A bot holds ${wanted}'s seat; ask the facilitator to free it.` };
  if (!held.has(wanted)) return { kind: 'seat', member: wanted };
  if (code === undefined) return { kind: 'observer', request: wanted };
  if (sameCode(code, teamCodeOf(session, wanted))) return { kind: 'seat', member: wanted };
  return { kind: 'refused', code: 'join/bad_team_code', message: `That team code does not open ${wanted}'s delegation; ask a team mate for it, or join without one and the facilitator will let you in.` };
}

/** Each seat's presence: online if any of its connections is up, away if all are held, else offline. */
export function presence(seats: Iterable<SeatRecord>, connections: Iterable<{ player: string; held: boolean }>, requests: ReadonlyMap<string, MemberId>): Record<string, PlayerProjection> {
  const up = new Map<string, boolean>();
  for (const c of connections) up.set(c.player, (up.get(c.player) ?? false) || !c.held);
  const out: Record<string, PlayerProjection> = {};
  for (const seat of seats) {
    const here = up.get(seat.player);
    const status = here === true ? 'online' : here === false ? 'away' : 'offline';
    out[seat.player] = { name: seat.name, role: seat.role, member: seat.member ?? '', status, request: requests.get(seat.player) ?? '' };
  }
  return out;
}

/** Seats as the HTTP API shows them. */
export function seatSummary(game: GameState, players: Record<string, PlayerProjection>): SeatSummary[] {
  return game.memberOrder.map((id) => {
    const here = Object.values(players).filter((p) => p.role === 'member' && p.member === id);
    return { member: id, controller: game.members[id]!.seat.controller, players: here.map((p) => p.name), online: here.filter((p) => p.status === 'online').length };
  });
}

/**
 * A stored seat as the log has it (R1.7): the log says where a player sits, and a player the log
 * removed has no seat, whatever the store's record says (a crash may fall between the two writes).
 * Players the log never seated (observers, logs written before R1.7) keep their record.
 */
export function seatedByLog(game: GameState, seat: SeatRecord): SeatRecord | null {
  if (seat.revoked) return null;
  const member = game.seating[seat.player];
  if (member === undefined || seat.role === 'facilitator') return seat;
  if (member === null) return null;
  return seat.role === 'member' && seat.member === member ? seat : { ...seat, role: 'member', member };
}
