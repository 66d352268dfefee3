import type { ActionType } from './actions.ts';
import { addSupport, applyEffect, isV2, membersIn } from './effects.ts';
import type { GameEvent } from './events.ts';
import { settlePledges } from './pledges.ts';
import { resolveRound } from './resolution.ts';
import { finalScores, allianceIndex } from './scoring.ts';
import type { EventInPlay, GameState, Phase } from './types.ts';
import { defenceBudget } from './create.ts';
import { Rng } from './rng.ts';


type RunningPhase = Exclude<Phase, 'lobby' | 'ended'>;

/** What entering or leaving a phase does to the state, told as events. */
export type PhaseEffect = (state: GameState, events: GameEvent[]) => void;

export interface PhaseSpec {
  /** R3 what members may send in this phase (who may send the other actions: apply.ts). */
  memberActions: readonly ActionType[];
  /** The phase that follows this one; null for the last. */
  next: Phase | null;
  /** Effects on entering, before the phase is announced (its `phaseChanged` event). */
  onBegin?: PhaseEffect;
  /** Effects on leaving, before `GAME.endIf` is asked and the next phase begins. */
  onEnd?: PhaseEffect;
}

/**
 * R3 the phase table: what members may do in each phase, what comes next, and what entering and
 * leaving each phase does. The engine decides when a phase ends; the room only delivers actions and
 * timer expiries. Running phases (all but the lobby and the end) run on `options.timers`.
 */
export const PHASES: Record<Phase, PhaseSpec> = {
  lobby: { memberActions: ['chat'], next: 'briefing', onEnd: (_state, events) => events.push({ type: 'gameStarted' }) },
  briefing: { memberActions: ['chat'], next: 'pledging', onBegin: (state, events) => beginRound(state, events) },
  pledging: { memberActions: ['pledge', 'chat'], next: 'proposals', onEnd: (state, events) => settleRound(state, events) },
  proposals: { memberActions: ['propose', 'amend', 'withdraw', 'cosponsor', 'chat'], next: 'negotiation' },
  negotiation: { memberActions: ['pledge', 'amend', 'withdraw', 'cosponsor', 'chat'], next: 'voting' },
  voting: { memberActions: ['vote', 'chat'], next: 'briefing', onEnd: (state, events) => resolveRound(state, events) },
  ended: { memberActions: ['chat'], next: null },
};

/**
 * R5.17 the game as a whole: over once `state.ended` is set (by resolution after the last round or on
 * fracture, or by the facilitator's `end` at any time). `endIf` is asked each time a phase ends.
 */
export const GAME: { endIf: (state: GameState) => boolean; onEnd: PhaseEffect } = {
  endIf: (state) => state.ended !== null,
  onEnd: (state, events) => events.push({ type: 'gameEnded', reason: state.ended!.reason }),
};

export const isRunning = (phase: Phase): phase is RunningPhase => phase !== 'lobby' && phase !== 'ended';

/**
 * Ends the current phase (the facilitator's `start` or `advance`, or a timer) and begins the next,
 * running the table's effects in order: this phase's onEnd, then the game's end if `GAME.endIf`,
 * else the next phase's onBegin.
 */
export function endPhase(state: GameState, now: number, events: GameEvent[]): void {
  const spec = PHASES[state.phase];
  if (spec.next === null) return;
  spec.onEnd?.(state, events);
  if (GAME.endIf(state)) return finish(state, now, events);
  enter(state, spec.next, now, events);
}

/** R5.17 the facilitator ends the game now: scores are final, then the game's end. */
export function endGame(state: GameState, now: number, events: GameEvent[], note?: string): void {
  state.ended = { reason: 'facilitator', round: state.round, ...(note ? { note } : {}) };
  finalScores(state);
  state.allianceIndex = allianceIndex(state);
  finish(state, now, events);
}

function enter(state: GameState, phase: Phase, now: number, events: GameEvent[]): void {
  state.phase = phase;
  state.clock = isRunning(phase)
    ? { endsAt: now + state.options.timers[phase] * 1000, paused: false, remainingMs: null }
    : { endsAt: null, paused: false, remainingMs: null };
  PHASES[phase].onBegin?.(state, events);
  events.push({ type: 'phaseChanged', round: state.round, phase, endsAt: state.clock.endsAt });
}

function finish(state: GameState, now: number, events: GameEvent[]): void {
  enter(state, 'ended', now, events);
  GAME.onEnd(state, events);
}

/** R3.1 a briefing opens a round: the event card, then allocations (arrears are paid first). */
function beginRound(state: GameState, events: GameEvent[]): void {
  state.round += 1;
  state.pledges = {};
  const event = drawEvent(state);
  state.event = event;
  if (event) events.push({ type: 'eventPlayed', event });

  const k = state.scenario.constants;
  let total = 0;
  for (const spec of state.scenario.members) {
    const m = state.members[spec.id]!;
    let multiplier = 1;
    for (const e of event?.effects ?? []) {
      if (e.kind === 'allocation' && membersIn(state, e).includes(spec.id)) multiplier *= e.multiplier;
    }
    const allocation = Math.round(defenceBudget(spec) * k.discretionaryShare * multiplier);
    const repaid = Math.min(m.arrears, allocation);
    m.arrears -= repaid;
    m.allocation = allocation;
    m.cumulativeAllocation += allocation;
    m.balance += allocation - repaid;
    state.ledger.issued += allocation;
    state.ledger.spent += repaid;
    total += allocation;
  }
  events.push({ type: 'allocationsPaid', total });
  // R9.10 (v2) this round's tranche of the opening balance reaches the pool.
  if (isV2(state)) {
    const opening = k.openingBalance;
    const rounds = Math.max(1, state.options.rounds);
    const r = Math.min(state.round, rounds);
    const tranche = Math.floor((opening * r) / rounds) - Math.floor((opening * (r - 1)) / rounds);
    if (state.round <= rounds && tranche > 0) {
      state.pool += tranche;
      state.ledger.issued += tranche;
    }
  }
  for (const e of event?.effects ?? []) applyEffect(state, e);
}

/** R6.3 the injected event first, then the first triggered event whose trigger holds, then the deck. */
function drawEvent(state: GameState): EventInPlay | null {
  if (state.pendingInject) {
    const injected = state.pendingInject;
    state.pendingInject = null;
    return injected;
  }
  for (const card of state.scenario.events) {
    if (!card.trigger || state.usedEvents.includes(card.id)) continue;
    const t = card.trigger;
    const holds =
      t.kind === 'round-at-least' ? state.round >= t.round
      : t.kind === 'pool-below' ? state.pool < t.amount && state.round >= (t.round ?? 1)
      : t.kind === 'after-crisis' ? state.crises.some((c) => c.track === t.track)
      : t.kind === 'meter-below' ? state.meters[t.meter] < t.value
      : state.meters[t.meter] > t.value;
    if (holds && isV2(state)) {
      // R9.9 (v2) a triggered event takes the briefing only on a seeded roll; else it waits.
      const rng = new Rng(state.rng);
      const take = rng.next() < (state.scenario.constants.triggerChance ?? 0.4);
      state.rng = rng.state;
      if (!take) break;
    }
    if (holds) {
      state.usedEvents.push(card.id);
      return { id: card.id, title: card.title, text: card.text, effects: card.effects, source: 'trigger' };
    }
  }
  const id = state.deck.shift();
  const card = id ? state.scenario.events.find((e) => e.id === id) : undefined;
  if (!card) return null;
  state.usedEvents.push(card.id);
  return { id: card.id, title: card.title, text: card.text, effects: card.effects, source: 'deck' };
}

/**
 * R3.4–R3.6 pledging closes: conditional pledges settle, the settled money moves to the pool,
 * pledgers become participants, and pledging above comfort costs domestic support.
 */
function settleRound(state: GameState, events: GameEvent[]): void {
  const result = settlePledges(state.pledges, state.memberOrder);
  for (const id of state.memberOrder) {
    const pledge = state.pledges[id];
    if (!pledge) continue;
    const amount = result.amounts[id] ?? 0;
    pledge.settled = amount;
    pledge.status = result.honoured.includes(id) ? 'honoured' : 'fallen';
    if (amount > 0) contribute(state, id, amount);
  }
  events.push({ type: 'pledgesSettled', honoured: result.honoured, fallen: result.fallen, total: result.total });
}

/** Moves a settled pledge into the pool (R3.4) and charges support above comfort (R3.6). */
export function contribute(state: GameState, id: string, amount: number): void {
  const m = state.members[id]!;
  const before = supportCost(state, m.allocation, pledgedThisRound(state, id) - amount);
  m.balance -= amount;
  state.pool += amount;
  m.cumulativePledged += amount;
  m.pledgedWeight += amount;
  m.participant = true;
  const after = supportCost(state, m.allocation, pledgedThisRound(state, id));
  addSupport(state, id, -(after - before));
}

const pledgedThisRound = (state: GameState, id: string): number => state.pledges[id]?.settled ?? 0;

/** R3.6 support lost for pledging `amount` in a round with this allocation. */
export function supportCost(state: GameState, allocation: number, amount: number): number {
  const k = state.scenario.constants;
  if (allocation <= 0) return 0;
  const over = Math.max(0, amount - k.comfortShare * allocation);
  return Math.round((k.supportCostPerAllocation * over) / allocation);
}

