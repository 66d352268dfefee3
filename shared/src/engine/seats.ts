import type { ActionOf } from './actions.ts';
import type { GameEvent } from './events.ts';
import { reject, type Rejection } from './result.ts';
import type { Actor, GameState } from './types.ts';

/**
 * R1.7 who sits where: the players at each member state are part of the log. The room seats a
 * joining human (`seat` by the system actor), the facilitator moves or admits a player (`seat`) and
 * removes one (`unseat`); each is one entry, so a move is atomic and a replay, the debrief and a
 * restarted room all read the seating from the log. A player is an opaque id (the room's seat
 * record); `state.seating[player]` is its member state, `null` once removed, absent if never seated
 * (an observer, or a player of a log written before R1.7).
 */
export const seatHandlers = {
  seat: {
    check(state: GameState, _actor: Actor, a: ActionOf<'seat'>): Rejection | null {
      const m = state.members[a.member];
      if (!m) return reject('member/unknown', `There is no member "${a.member}" in this game.`, 'member');
      if (state.phase === 'ended') return reject('game/ended', 'The game is over.');
      return state.seating[a.player] === a.member && m.seat.controller === 'human'
        ? reject('seat/already', `That player already sits at ${a.member}.`, 'member') : null;
    },
    perform(state: GameState, _actor: Actor, a: ActionOf<'seat'>, _now: number, events: GameEvent[]): void {
      const m = state.members[a.member]!;
      // R1.6 a seat a human sits at is a human's: an open or bot seat is handed over in the same entry.
      if (m.seat.controller !== 'human') {
        m.seat = { controller: 'human' };
        events.push({ type: 'seatChanged', member: a.member, seat: m.seat });
      }
      const from = state.seating[a.player] ?? null;
      state.seating = { ...state.seating, [a.player]: a.member };
      events.push({ type: 'playerSeated', player: a.player, member: a.member, from, visibleTo: [] });
    },
  },
  unseat: {
    check(state: GameState, _actor: Actor, a: ActionOf<'unseat'>): Rejection | null {
      return state.seating[a.player] === null ? reject('seat/already', 'That player was already removed.', 'player') : null;
    },
    perform(state: GameState, _actor: Actor, a: ActionOf<'unseat'>, _now: number, events: GameEvent[]): void {
      const from = state.seating[a.player] ?? null;
      state.seating = { ...state.seating, [a.player]: null };
      events.push({ type: 'playerUnseated', player: a.player, from, visibleTo: [] });
    },
  },
};
