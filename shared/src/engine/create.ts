import type { Rule, Scenario, Timers } from '../scenario/schema.ts';
import { Rng } from './rng.ts';
import type { GameOptions, GameState, MemberId, MemberState } from './types.ts';
import { resolveRule } from './voting.ts';

export const ENGINE_VERSION = 1;

/**
 * R9.1 the rules version a session is played under. Version 1 is the original rule set (R1–R8);
 * version 2 adds R9. A setup without `rulesVersion` is version 1, so every log written before
 * versions existed replays under the rules it was played with; new sessions ask for the current one.
 */
export const RULES_VERSIONS = [1, 2] as const;
export type RulesVersion = (typeof RULES_VERSIONS)[number];
export const CURRENT_RULES_VERSION: RulesVersion = 2;
export const rulesVersionOf = (setup: GameSetup | undefined): RulesVersion => setup?.rulesVersion ?? 1;

/** Session options a facilitator may set at creation (issue "Authoritative server"). */
export interface GameSetup {
  timers?: Partial<Timers>;
  rules?: { fund?: string | Rule; common?: string | Rule };
  sealedPledges?: boolean;
  rounds?: number;
  /** R9.1 absent: version 1. */
  rulesVersion?: RulesVersion;
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
    // R9.1 only version 2 and later leave a mark, so a version-1 state is what it always was.
    ...(rulesVersionOf(setup) >= 2 ? { rulesVersion: rulesVersionOf(setup) } : {}),
  };
}

/**
 * R2.1 cost shares: the scenario's, or each member's share of the scenario's total GDP.
 * R9.3 (rules v2) without the scenario's own shares, the hegemon's share is capped at the largest
 * other member's and the rest is by GDP (standing in for gross national income), renormalised; see
 * shared/data/README.md "Common-funding cost shares".
 */
export function costShares(scenario: Scenario, version: RulesVersion = 1): Record<MemberId, number> {
  const shares: Record<MemberId, number> = {};
  const given = scenario.members.every((m) => m.costShare !== undefined);
  const raw: Record<MemberId, number> = {};
  for (const m of scenario.members) raw[m.id] = given ? m.costShare! : m.gdp;
  const hegemon = scenario.constants.hegemon;
  if (!given && version >= 2 && hegemon && raw[hegemon] !== undefined) {
    const next = Math.max(0, ...scenario.members.filter((m) => m.id !== hegemon).map((m) => raw[m.id]!));
    if (next > 0) raw[hegemon] = Math.min(raw[hegemon]!, next);
  }
  const basis = scenario.members.reduce((s, m) => s + raw[m.id]!, 0);
  for (const m of scenario.members) shares[m.id] = raw[m.id]! / basis;
  return shares;
}

/** A member's defence budget in $m (GDP in $bn × 1000 × defence %). */
export const defenceBudget = (m: Scenario['members'][number]): number => m.gdp * 1000 * (m.defencePct / 100);

/** `createGame(scenario, seed)`: the lobby of a new session. Pure; the scenario must be parsed. */
export function createGame(scenario: Scenario, seed: number, setup: GameSetup = {}): GameState {
  const rng = new Rng(seed >>> 0);
  const version = rulesVersionOf(setup);
  const shares = costShares(scenario, version);
  // R4.3 the opening balance is credited to the starting participants by defence budget.
  const founders = scenario.members.filter((m) => m.participant);
  const founderBudget = founders.reduce((s, m) => s + defenceBudget(m), 0);

  // R6.4 one secret objective per member, dealt by region, without repeats while the deck lasts.
  // R9.8 (v2) from the member's own list of national interests when it has one.
  const dealt = new Set<string>();
  const members: Record<MemberId, MemberState> = {};
  for (const spec of scenario.members) {
    const listed = version >= 2 ? scenario.objectives.filter((o) => spec.objectives?.includes(o.id)) : [];
    const eligible = listed.length > 0 ? listed : scenario.objectives.filter(
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
    // R9.10 (v2) the opening balance is released in equal tranches, one at each briefing.
    pool: version >= 2 ? 0 : scenario.constants.openingBalance,
    ledger: { issued: version >= 2 ? 0 : scenario.constants.openingBalance, spent: 0 },
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
    seating: {},
  };
}
