import type { Rule, Scenario, Timers } from '../scenario/schema.ts';
import { Rng } from './rng.ts';
import type { GameOptions, GameState, MemberId, MemberState } from './types.ts';
import { resolveRule } from './voting.ts';

export const ENGINE_VERSION = 1;

/** Session options a facilitator may set at creation (DESIGN §3, issue "Authoritative server"). */
export interface GameSetup {
  timers?: Partial<Timers>;
  rules?: { fund?: string | Rule; common?: string | Rule };
  sealedPledges?: boolean;
  rounds?: number;
}

export function resolveOptions(scenario: Scenario, setup: GameSetup = {}): GameOptions {
  return {
    timers: { ...scenario.timers, ...setup.timers },
    rules: {
      fund: resolveRule(scenario, setup.rules?.fund ?? scenario.rules.fund),
      common: resolveRule(scenario, setup.rules?.common ?? scenario.rules.common),
    },
    sealedPledges: setup.sealedPledges ?? scenario.sealedPledges,
    rounds: setup.rounds ?? scenario.rounds,
  };
}

/** R2.1 cost shares: the scenario's, or each member's share of the scenario's total GDP. */
export function costShares(scenario: Scenario): Record<MemberId, number> {
  const shares: Record<MemberId, number> = {};
  const given = scenario.members.every((m) => m.costShare !== undefined);
  const basis = scenario.members.reduce((s, m) => s + (given ? m.costShare! : m.gdp), 0);
  for (const m of scenario.members) shares[m.id] = (given ? m.costShare! : m.gdp) / basis;
  return shares;
}

/** A member's defence budget in $m (GDP in $bn × 1000 × defence %). */
export const defenceBudget = (m: Scenario['members'][number]): number => m.gdp * 1000 * (m.defencePct / 100);

/** `createGame(scenario, seed)`: the lobby of a new session. Pure; the scenario must be parsed. */
export function createGame(scenario: Scenario, seed: number, setup: GameSetup = {}): GameState {
  const rng = new Rng(seed >>> 0);
  const shares = costShares(scenario);
  // R4.3 the opening balance is credited to the starting participants by defence budget.
  const founders = scenario.members.filter((m) => m.participant);
  const founderBudget = founders.reduce((s, m) => s + defenceBudget(m), 0);

  // R6.4 one secret objective per member, dealt by region, without repeats while the deck lasts.
  const dealt = new Set<string>();
  const members: Record<MemberId, MemberState> = {};
  for (const spec of scenario.members) {
    const eligible = scenario.objectives.filter(
      (o) => o.regions.length === 0 || o.regions.some((r) => spec.regions.includes(r)),
    );
    const fresh = eligible.filter((o) => !dealt.has(o.id));
    const pool = fresh.length > 0 ? fresh : eligible.length > 0 ? eligible : scenario.objectives;
    const objective = rng.pick(pool).id;
    dealt.add(objective);
    members[spec.id] = {
      id: spec.id,
      balance: 0,
      allocation: 0,
      cumulativeAllocation: 0,
      cumulativePledged: 0,
      pledgedWeight: spec.participant && founderBudget > 0
        ? (scenario.constants.openingBalance * defenceBudget(spec)) / founderBudget
        : 0,
      participant: spec.participant,
      support: scenario.constants.startingSupport,
      arrears: 0,
      industrialReturns: 0,
      costShare: shares[spec.id]!,
      objective,
      score: { security: 0, influence: 0, objectives: 0, returns: 0, prudence: 0, total: 0 },
      seat: { controller: 'open' },
    };
  }

  const tracks: GameState['tracks'] = {};
  for (const t of scenario.tracks) tracks[t.id] = { threat: t.threat, capability: t.capability, crisis: false };

  const deck = rng.shuffle(scenario.events.filter((e) => !e.trigger).map((e) => e.id));
  return {
    engineVersion: ENGINE_VERSION,
    scenario,
    options: resolveOptions(scenario, setup),
    seed: seed >>> 0,
    rng: rng.state,
    seq: 0,
    round: 0,
    phase: 'lobby',
    clock: { endsAt: null, paused: false, remainingMs: null },
    memberOrder: scenario.members.map((m) => m.id),
    members,
    tracks,
    meters: { ...scenario.meters },
    pool: scenario.constants.openingBalance,
    ledger: { issued: scenario.constants.openingBalance, spent: 0 },
    pledges: {},
    proposals: [],
    deck,
    usedEvents: [],
    pendingInject: null,
    event: null,
    chat: [],
    crises: [],
    history: [],
    overrides: [],
    ended: null,
    allianceIndex: 0,
  };
}
