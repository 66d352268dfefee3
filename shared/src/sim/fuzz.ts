import { decide } from '../bots/decide.ts';
import { ACTION_TYPES, BOT_PROFILES, MEMBER_ACTIONS } from '../engine/actions.ts';
import { apply } from '../engine/apply.ts';
import { createGame, type GameSetup } from '../engine/create.ts';
import { legalActions } from '../engine/legal.ts';
import { replay, type GameLog } from '../engine/replay.ts';
import { Rng, seedFrom } from '../engine/rng.ts';
import type { Actor, GameState, MemberId, Viewer } from '../engine/types.ts';
import { view, type GameView } from '../engine/view.ts';
import type { Scenario } from '../scenario/schema.ts';
import { SIM_EPOCH } from './simulate.ts';

/**
 * The seeded engine fuzz (tests/fuzz/engine-fuzz.test.ts): legal moves (from the bots) mixed with illegal and malformed
 * ones, with invariants checked after every step and a replay of the whole log at the end.
 */
export interface FuzzFailure {
  seed: number;
  step: number;
  problem: string;
  action: unknown;
}

export interface FuzzReport {
  seed: number;
  steps: number;
  accepted: number;
  rejected: number;
  failures: FuzzFailure[];
  finalPhase: GameState['phase'];
  /** Every accepted action: a realistic log for replay benchmarks. */
  log: GameLog;
}

/** Invariants of every reachable state; an empty list means all hold. */
export function invariantViolations(state: GameState): string[] {
  const out: string[] = [];
  let held = state.pool;
  for (const id of state.memberOrder) {
    const m = state.members[id]!;
    held += m.balance;
    if (m.balance < 0) out.push(`${id} balance ${m.balance} < 0`);
    if (!Number.isSafeInteger(m.balance)) out.push(`${id} balance ${m.balance} is not whole $m`);
    if (m.arrears < 0) out.push(`${id} arrears < 0`);
    if (m.support < 0 || m.support > 100) out.push(`${id} support ${m.support} out of 0–100`);
  }
  if (state.pool < 0) out.push(`pool ${state.pool} < 0`);
  if (held !== state.ledger.issued - state.ledger.spent) {
    out.push(`money not conserved: held ${held} ≠ issued ${state.ledger.issued} − spent ${state.ledger.spent}`);
  }
  for (const [id, t] of Object.entries(state.tracks)) {
    if (t.threat < 0 || t.threat > 10 || t.capability < 0 || t.capability > 10) out.push(`track ${id} out of range`);
  }
  for (const [k, v] of Object.entries(state.meters)) if (v < 0 || v > 10) out.push(`meter ${k} = ${v} out of range`);
  return out;
}

/** R7 whether a view shows anything its viewer must not see. */
export function secretLeaks(state: GameState, v: GameView, viewer: Viewer): string[] {
  if (viewer.kind === 'facilitator') return [];
  const out: string[] = [];
  const self = viewer.kind === 'member' ? viewer.member : null;
  const raw = v as unknown as Record<string, unknown>;
  for (const key of ['rng', 'seed', 'deck', 'scenario']) if (key in raw) out.push(`view has ${key}`);
  if (v.pendingInject) out.push('view has the pending inject');
  if (state.phase !== 'ended') {
    for (const id of state.memberOrder) {
      if (id !== self && v.members[id]!.objective !== null) out.push(`view shows ${id}'s objective`);
    }
  }
  for (const c of v.chat) {
    if (c.to.length > 0 && (self === null || !c.to.includes(self))) out.push(`view shows private message ${c.id}`);
  }
  if (state.options.sealedPledges && state.phase === 'pledging') {
    for (const id of Object.keys(v.pledges)) if (id !== self) out.push(`view shows ${id}'s sealed pledge`);
  }
  return out;
}

/**
 * Freezes a state and everything in it; objects already frozen (shared with an earlier state) are
 * skipped, so each step pays only for what is new. Any in-place write to an input then throws.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const JUNK: unknown[] = [
  null, undefined, 0, 'pledge', [], {}, { type: 'nope' }, { type: 'pledge' }, { type: 'pledge', amount: Number.NaN },
  { type: 'pledge', amount: Number.POSITIVE_INFINITY }, { type: 'pledge', amount: -5 }, { type: 'pledge', amount: 2.5 },
  { type: 'pledge', amount: 1e15 }, { type: 'pledge', amount: '100' }, { type: 'vote', proposal: 'p1', choice: 'YES' },
  { type: 'chat', text: 'x'.repeat(5000) }, { type: 'chat', text: '' }, { type: 'start', admin: true },
  { type: 'propose', project: { name: 'x', cost: -1, track: 'cyber' }, channel: 'fund' },
  { type: 'override', target: { kind: 'meter', meter: 'cohesion', value: 99 }, reason: 'because' },
  { type: '__proto__' }, { __proto__: { type: 'start' } }, { type: 'extend', seconds: 1e9 },
];

function randomAction(rng: Rng, state: GameState, member: MemberId): unknown {
  const members = state.memberOrder;
  const proposal = `p${1 + rng.int(state.proposals.length + 2)}`;
  const amountChoices = [0, 1, 10, rng.int(5000), state.members[member]?.balance ?? 0, (state.members[member]?.balance ?? 0) + 1, 10_000_000];
  const amount = rng.pick(amountChoices);
  const other = rng.pick(members);
  switch (rng.pick(ACTION_TYPES)) {
    case 'pledge': {
      const kind = rng.int(4);
      const condition = kind === 0 ? { kind: 'total-at-least', total: 1 + rng.int(20_000) }
        : kind === 1 ? { kind: 'member-at-least', member: other, amount: 1 + rng.int(2_000) }
        : kind === 2 ? { kind: 'match', member: other } : undefined;
      return condition ? { type: 'pledge', amount, condition } : { type: 'pledge', amount };
    }
    case 'propose': {
      const project = rng.next() < 0.8 ? rng.pick(state.scenario.projects).id
        : { name: 'Fuzzed project', cost: 100 + rng.int(20_000), track: rng.next() < 0.8 ? rng.pick(state.scenario.tracks).id : 'nowhere' };
      return { type: 'propose', project, channel: rng.next() < 0.7 ? 'fund' : 'common' };
    }
    case 'amend': return { type: 'amend', proposal, cost: 1 + rng.int(40_000) };
    case 'withdraw': return { type: 'withdraw', proposal };
    case 'cosponsor': return { type: 'cosponsor', proposal, join: rng.next() < 0.7 };
    case 'vote': return { type: 'vote', proposal, choice: rng.pick(['yes', 'no', 'abstain']) };
    case 'chat': return { type: 'chat', to: rng.next() < 0.5 ? [] : [other], text: `fuzz ${rng.int(1000)}` };
    case 'start': return { type: 'start' };
    case 'advance': return { type: 'advance' };
    case 'pause': return { type: 'pause' };
    case 'resume': return { type: 'resume' };
    case 'extend': return { type: 'extend', seconds: 5 + rng.int(100) };
    case 'setTimers': return { type: 'setTimers', timers: { voting: 5 + rng.int(60) } };
    case 'inject': return { type: 'inject', event: rng.next() < 0.7 ? rng.pick(state.scenario.events).id : 'no-such-event' };
    case 'assignSeat': return { type: 'assignSeat', member: other, controller: rng.next() < 0.5 ? 'bot' : 'human', profile: rng.pick(BOT_PROFILES) };
    case 'freeSeat': return { type: 'freeSeat', member: other };
    case 'seat': return { type: 'seat', player: `p${rng.int(4)}`, member: other };
    case 'unseat': return { type: 'unseat', player: `p${rng.int(4)}` };
    case 'override': {
      const targets = [
        { kind: 'proposal', proposal, outcome: rng.next() < 0.5 ? 'approved' : 'rejected' },
        { kind: 'meter', meter: 'cohesion', value: rng.int(11) },
        { kind: 'track', track: rng.pick(state.scenario.tracks).id, threat: rng.int(11) },
        { kind: 'support', member: other, value: rng.int(101) },
      ];
      return { type: 'override', target: rng.pick(targets), reason: 'fuzzing it' };
    }
    case 'announce': return { type: 'announce', text: 'attention' };
    case 'end': return { type: 'end' };
    case 'phaseTimeout': return { type: 'phaseTimeout' };
  }
}

export interface FuzzOptions {
  steps: number;
  setup?: GameSetup;
  /** Check every viewer's view for leaks every this many steps (views cost more than invariants). */
  viewEvery?: number;
  /** Let the facilitator end the game early (default true); off for long logs. */
  allowEnd?: boolean;
}

/** One seeded fuzz game. Never throws for a game-rule problem: it reports failures. */
export function fuzzGame(scenario: Scenario, seed: number, options: FuzzOptions): FuzzReport {
  const rng = new Rng(seedFrom(`fuzz:${seed}`));
  // R9.1 even seeds play rules v2, odd seeds v1: the fuzz keeps both versions honest.
  const setup: GameSetup = options.setup ?? { sealedPledges: rng.next() < 0.5, rulesVersion: seed % 2 === 0 ? 2 : 1 };
  let state = deepFreeze(createGame(scenario, seed, setup));
  const log: GameLog = { scenario, seed, setup, entries: [] };
  const failures: FuzzFailure[] = [];
  let now = SIM_EPOCH;
  let accepted = 0;
  let rejected = 0;
  const viewers: Viewer[] = [{ kind: 'observer' }, ...state.memberOrder.map((member) => ({ kind: 'member' as const, member }))];
  const fail = (step: number, problem: string, action: unknown) => failures.push({ seed, step, problem, action });

  for (let step = 0; step < options.steps && failures.length === 0; step++) {
    now += 250 + rng.int(4000);
    const roll = rng.next();
    const member = rng.pick(state.memberOrder);
    let actor: Actor;
    let action: unknown;
    if (state.phase === 'lobby' && roll < 0.5) {
      actor = { kind: 'facilitator' };
      action = { type: 'start' };
    } else if (state.clock.endsAt !== null && now >= state.clock.endsAt && roll < 0.6) {
      actor = { kind: 'system' };
      action = { type: 'phaseTimeout' };
    } else if (roll < 0.5) {
      actor = { kind: 'member', member };
      action = decide({ state, member, profile: rng.pick(BOT_PROFILES), now, step: rng.int(3) }) ?? randomAction(rng, state, member);
    } else if (roll < 0.8) {
      actor = { kind: 'member', member };
      action = randomAction(rng, state, member);
    } else if (roll < 0.9) {
      actor = rng.pick<Actor>([{ kind: 'facilitator' }, { kind: 'observer' }, { kind: 'system' }, { kind: 'member', member: 'ZZZ' }]);
      action = rng.next() < 0.85 ? randomAction(rng, state, member) : { type: 'advance' };
    } else {
      actor = rng.pick<Actor>([{ kind: 'member', member }, { kind: 'facilitator' }]);
      action = rng.pick(JUNK);
    }

    if (options.allowEnd === false && (action as { type?: string } | null)?.type === 'end') continue;
    const before = step % 7 === 0 ? JSON.stringify(state) : null;
    const legalBefore = actor.kind === 'member' ? legalActions(state, actor, now).map((l) => l.type) : null;
    let result;
    try {
      result = apply(state, actor, action, now);
    } catch (error) {
      fail(step, `apply threw: ${(error as Error).stack ?? error}`, action);
      break;
    }
    if (!result.ok) {
      rejected++;
      if (before !== null && JSON.stringify(state) !== before) fail(step, `rejection ${result.error.code} mutated the state`, action);
      continue;
    }
    accepted++;
    const type = (action as { type: string }).type;
    // R8.3 what apply accepts, legalActions offered.
    if (legalBefore && (MEMBER_ACTIONS as readonly string[]).includes(type) && !legalBefore.includes(type as never)) {
      fail(step, `accepted ${type} that legalActions did not offer (${legalBefore.join(',')})`, action);
    }
    if (before !== null && JSON.stringify(state) !== before) fail(step, 'accepted action mutated its input state', action);
    state = deepFreeze(result.value.state);
    log.entries.push({ seq: log.entries.length + 1, actor, action: result.value.action, at: now });
    for (const problem of invariantViolations(state)) fail(step, problem, action);
    if (step % (options.viewEvery ?? 5) === 0) {
      for (const viewer of viewers) for (const leak of secretLeaks(state, view(state, viewer), viewer)) fail(step, leak, action);
    }
  }

  if (failures.length === 0) {
    try {
      const rebuilt = replay(log);
      if (JSON.stringify(rebuilt) !== JSON.stringify(state)) fail(options.steps, 'replay differs from live play', null);
    } catch (error) {
      fail(options.steps, `replay threw: ${(error as Error).message}`, null);
    }
  }
  return { seed, steps: options.steps, accepted, rejected, failures, finalPhase: state.phase, log };
}
