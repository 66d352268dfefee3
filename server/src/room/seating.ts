import type { GameState, MemberId, Viewer, Actor } from '@aspf/shared';
import type { JoinErrorCode, SeatSummary } from '@aspf/shared/protocol';
import type { SeatRecord } from '../store/session-store.ts';
import type { PlayerProjection } from './projection.ts';

/** Seats and presence: who sits where, who is connected. Pure functions over the room's records. */

export const viewerOf = (seat: SeatRecord): Viewer =>
  seat.role === 'member' ? { kind: 'member', member: seat.member! } : seat.role === 'facilitator' ? { kind: 'facilitator' } : { kind: 'observer' };

/** The actor a seat acts as (STYLE §7: from the connection, never from the payload). */
export const actorOf = (seat: SeatRecord): Actor => viewerOf(seat);

export type Choice = { ok: true; member: MemberId } | { ok: false; code: JoinErrorCode; message: string };

/** A chosen member state, or an assigned one: an open seat nobody holds first, then the smallest team. */
export function chooseMember(game: GameState, seats: readonly SeatRecord[], wanted: MemberId | undefined): Choice {
  if (wanted !== undefined) {
    const m = game.members[wanted];
    if (!m) return { ok: false, code: 'join/unknown_member', message: `There is no member "${wanted}" in this game.` };
    if (m.seat.controller === 'bot') return { ok: false, code: 'join/seat_is_bot', message: `A bot holds ${wanted}'s seat; ask the facilitator to free it.` };
    return { ok: true, member: wanted };
  }
  const team = (id: MemberId) => seats.filter((s) => s.member === id).length;
  const candidates = game.memberOrder.filter((id) => game.members[id]!.seat.controller !== 'bot');
  const open = candidates.find((id) => game.members[id]!.seat.controller === 'open' && team(id) === 0);
  const pick = open ?? [...candidates].sort((a, b) => team(a) - team(b))[0];
  return pick ? { ok: true, member: pick } : { ok: false, code: 'join/no_seat', message: 'Every seat is held by a bot; ask the facilitator to free one.' };
}

/** Each seat's presence: online if any of its connections is up, away if all are held, else offline. */
export function presence(seats: Iterable<SeatRecord>, connections: Iterable<{ player: string; held: boolean }>): Record<string, PlayerProjection> {
  const up = new Map<string, boolean>();
  for (const c of connections) up.set(c.player, (up.get(c.player) ?? false) || !c.held);
  const out: Record<string, PlayerProjection> = {};
  for (const seat of seats) {
    const here = up.get(seat.player);
    const status = here === true ? 'online' : here === false ? 'away' : 'offline';
    out[seat.player] = { name: seat.name, role: seat.role, member: seat.member ?? '', status };
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
