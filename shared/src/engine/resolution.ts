import type { Effect } from '../scenario/schema.ts';
import { addSupport, applyEffect, isV2, level, membersIn } from './effects.ts';
import { Rng } from './rng.ts';
import type { GameEvent } from './events.ts';
import { allianceIndex, finalScores, onWinningSide, round2, totalScore } from './scoring.ts';
import type { GameState, MemberId, Proposal, Ratification, RoundReport } from './types.ts';
import { ballotFor, tally } from './voting.ts';

/** Splits an integer amount by weights so the parts add up exactly (largest remainder). */
export function splitAmount(total: number, weights: Record<MemberId, number>, order: readonly MemberId[]): Record<MemberId, number> {
  const ids = order.filter((id) => (weights[id] ?? 0) > 0);
  const sum = ids.reduce((s, id) => s + weights[id]!, 0);
  const out: Record<MemberId, number> = {};
  if (ids.length === 0 || sum <= 0) return out;
  let given = 0;
  const rest = ids.map((id) => {
    const exact = (total * weights[id]!) / sum;
    out[id] = Math.floor(exact);
    given += out[id]!;
    return { id, frac: exact - out[id]! };
  });
  rest.sort((a, b) => b.frac - a.frac || ids.indexOf(a.id) - ids.indexOf(b.id));
  for (let i = 0; i < total - given; i++) out[rest[i % rest.length]!.id]! += 1;
  return out;
}

const seqOf = (p: Proposal): number => Number(p.id.slice(1));

/** R5 the end of a round, deterministic: tally, fund, deliver, returns, threats, crises, scores. */
export function resolveRound(state: GameState, events: GameEvent[]): void {
  const k = state.scenario.constants;
  const report: RoundReport = {
    round: state.round,
    year: state.scenario.startYear + state.round - 1,
    event: state.event,
    pledges: state.memberOrder.filter((id) => state.pledges[id]).map((id) => {
      const p = state.pledges[id]!;
      return {
        member: id, amount: p.amount, settled: p.settled ?? 0, status: p.status,
        ...(p.condition ? { condition: p.condition } : {}),
      };
    }),
    proposals: [], funded: [], unfunded: [], delivered: [], crises: [], arrears: [], returns: {},
    poolAfter: 0, meters: { ...state.meters }, tracks: {}, scores: {},
  };

  // R5.1 close the votes and tally every open proposal with its channel's rule.
  const newlyApproved: Proposal[] = [];
  for (const p of state.proposals) {
    if (p.status === 'withdrawn' && p.round === state.round) {
      report.proposals.push({ id: p.id, name: p.name, channel: p.channel, lead: p.lead, cost: p.cost, outcome: 'withdrawn', funded: false });
    }
    if (p.status !== 'open') continue;
    const rule = state.options.rules[p.channel];
    const ballot = ballotFor(state, rule, p.votes);
    const t = tally(rule, ballot);
    p.tally = t;
    p.yesWeight = t.yes.reduce((s, id) => s + (ballot.weights[id] ?? 0), 0);
    // R5.2 a facilitator's override decides the outcome; the tally is kept for the record.
    const passed = p.override ? p.override.outcome === 'approved' : t.passed;
    p.status = passed ? 'approved' : 'rejected';
    events.push({ type: passed ? 'proposalPassed' : 'proposalRejected', proposal: p.id, tally: t, overridden: !!p.override });
    if (passed) newlyApproved.push(p);
    // R5.13 influence: sponsors of passed proposals, and votes on the winning side.
    if (passed) {
      state.members[p.lead]!.score.influence += k.scoring.ledPassed;
      for (const c of p.coSponsors) state.members[c]!.score.influence += k.scoring.cosponsoredPassed;
    }
    for (const id of t.electorate) {
      if (onWinningSide(p.votes[id], passed)) state.members[id]!.score.influence += k.scoring.winningVote;
    }
  }

  // R9.6 (v2) two-level ratification: bills beyond what domestic support carries face a roll at home.
  if (isV2(state) && state.scenario.ratification) ratify(state, newlyApproved, report, events);

  // R5.3 fund-channel projects: carried-over ones first, then by yes-weight (ties: earlier proposal).
  const carried = state.proposals.filter((p) => p.status === 'approved' && p.channel === 'fund' && !newlyApproved.includes(p));
  const fresh = newlyApproved.filter((p) => p.channel === 'fund')
    .sort((a, b) => (b.yesWeight ?? 0) - (a.yesWeight ?? 0) || seqOf(a) - seqOf(b));
  for (const p of [...carried.sort((a, b) => seqOf(a) - seqOf(b)), ...fresh]) {
    if (state.pool >= p.cost) {
      state.pool -= p.cost;
      state.ledger.spent += p.cost;
      fund(state, p, report, events);
      // R5.7 a fund project without the hegemon in the fund moves autonomy up and engagement down.
      const hegemon = k.hegemon ? state.members[k.hegemon] : undefined;
      if (hegemon && isV2(state)) {
        // R9.5 (v2) three tenths either way: without the hegemon the fund builds autonomy and
        // costs engagement; with it, the reverse.
        const sign = hegemon.participant ? -1 : 1;
        state.meters.autonomy = level(state.meters.autonomy + 0.3 * sign);
        state.meters.usEngagement = level(state.meters.usEngagement - 0.3 * sign);
      } else if (hegemon && !hegemon.participant) {
        state.meters.autonomy = level(state.meters.autonomy + 0.5);
        state.meters.usEngagement = level(state.meters.usEngagement - 0.5);
      }
    } else if (isV2(state) && carried.includes(p)) {
      // R9.12 (v2) an approved fund project the pool still cannot cover a round later lapses.
      p.status = 'rejected';
      (report.lapsed ??= []).push(p.id);
      events.push({ type: 'projectUnfunded', proposal: p.id });
    } else {
      report.unfunded.push(p.id);
      events.push({ type: 'projectUnfunded', proposal: p.id });
    }
  }

  // R5.4 common-budget projects: every member pays its cost share; who cannot pay goes into arrears.
  for (const p of newlyApproved.filter((q) => q.channel === 'common' && q.status === 'approved')) {
    const shares: Record<MemberId, number> = {};
    for (const id of state.memberOrder) shares[id] = state.members[id]!.costShare;
    const owed = splitAmount(p.cost, shares, state.memberOrder);
    const paidBy: Record<MemberId, number> = {};
    for (const id of state.memberOrder) {
      const m = state.members[id]!;
      const due = owed[id] ?? 0;
      const paid = Math.min(m.balance, due);
      m.balance -= paid;
      state.ledger.spent += paid;
      paidBy[id] = paid;
      if (due > paid) {
        m.arrears += due - paid;
        if (!report.arrears.includes(id)) {
          report.arrears.push(id);
          addSupport(state, id, -k.arrearsSupport);
          state.meters.cohesion = level(state.meters.cohesion - 1);
        }
        events.push({ type: 'arrears', member: id, amount: due - paid });
      }
    }
    fund(state, p, report, events, paidBy);
    // R5.8 common funding binds the alliance together.
    state.meters.cohesion = level(state.meters.cohesion + 0.5);
  }

  // R5.6 funded projects deliver after their delay; R5.9 their effects apply.
  for (const p of state.proposals) {
    if (p.status !== 'funded' || p.deliverRound === undefined || p.deliverRound > state.round) continue;
    p.status = 'delivered';
    for (const e of p.effects) applyEffect(state, e);
    for (const id of membersIn(state, p.regions.length ? { regions: p.regions } : {})) addSupport(state, id, k.deliverySupport);
    report.delivered.push(p.id);
    events.push({ type: 'projectDelivered', proposal: p.id });
  }

  // R5.10 returns raise domestic support, at most returnSupportCap a round.
  for (const [id, amount] of Object.entries(report.returns)) {
    addSupport(state, id, Math.min(k.returnSupportCap, Math.floor((amount / 1000) * k.returnSupportPerBn)));
  }

  // R5.11 threats drift, then every track with threat − capability ≥ the crisis gap is in crisis.
  const hit = new Set<MemberId>();
  for (const spec of state.scenario.tracks) {
    const t = state.tracks[spec.id]!;
    t.threat = level(t.threat + spec.drift);
    t.crisis = t.threat - t.capability >= k.crisisGap - 1e-9;
    if (!t.crisis) continue;
    report.crises.push(spec.id);
    state.crises.push({ round: state.round, track: spec.id });
    state.meters.cohesion = level(state.meters.cohesion - 1);
    events.push({ type: 'crisis', track: spec.id });
    for (const id of membersIn(state, spec.regions.length ? { regions: spec.regions } : {})) {
      hit.add(id);
      addSupport(state, id, -k.crisisSupport);
      state.members[id]!.score.security += k.scoring.crisis;
    }
  }
  // R5.12 a round without crisis in a member's regions is worth security points.
  for (const id of state.memberOrder) {
    if (!hit.has(id)) state.members[id]!.score.security += k.scoring.secureRound;
    const s = state.members[id]!.score;
    s.influence = round2(s.influence);
    totalScore(state, id);
  }

  // R5.17 the game ends after the last round, or at once when cohesion reaches 0 (fracture).
  if (state.meters.cohesion <= 0) state.ended = { reason: 'fracture', round: state.round };
  else if (state.round >= state.options.rounds) state.ended = { reason: 'rounds', round: state.round };
  if (state.ended) finalScores(state);
  state.allianceIndex = allianceIndex(state);

  report.poolAfter = state.pool;
  report.meters = { ...state.meters };
  for (const [id, t] of Object.entries(state.tracks)) report.tracks[id] = { threat: t.threat, capability: t.capability };
  for (const id of state.memberOrder) report.scores[id] = state.members[id]!.score.total;
  for (const p of state.proposals) {
    if (p.round !== state.round || !p.tally) continue;
    report.proposals.push({
      id: p.id, name: p.name, channel: p.channel, lead: p.lead, cost: p.cost,
      outcome: p.status === 'rejected' ? 'rejected' : 'approved',
      funded: p.status === 'funded' || p.status === 'delivered', tally: p.tally,
      ...(p.override ? { override: p.override.reason } : {}),
    });
  }
  state.history.push(report);
  events.push({ type: 'roundResolved', report });
}

/**
 * R5.5 funded: schedule delivery and pay industrial returns (lead 40 %, co-sponsors the rest).
 * R9.4 (v2) returns follow money: a common project's go to members by what they paid, a fund
 * project's to its sponsors by their cumulative pledges (the lead's counted twice), or to every
 * contributor by cumulative pledges when no sponsor has paid in. Non-payers receive nothing.
 */
function fund(state: GameState, p: Proposal, report: RoundReport, events: GameEvent[], paid?: Record<MemberId, number>): void {
  p.status = 'funded';
  p.fundedRound = state.round;
  p.deliverRound = state.round + p.delay;
  report.funded.push(p.id);
  events.push({ type: 'projectFunded', proposal: p.id, cost: p.cost });

  const k = state.scenario.constants;
  if (isV2(state)) {
    let weights: Record<MemberId, number> = {};
    if (paid) {
      weights = { ...paid };
    } else {
      for (const id of [p.lead, ...p.coSponsors]) {
        weights[id] = (weights[id] ?? 0) + state.members[id]!.cumulativePledged * (id === p.lead ? 2 : 1);
      }
      if (Object.values(weights).every((w) => w <= 0)) {
        weights = {};
        for (const id of state.memberOrder) weights[id] = state.members[id]!.cumulativePledged;
      }
    }
    const parts = splitAmount(p.cost, weights, state.memberOrder);
    for (const [id, amount] of Object.entries(parts)) {
      if (amount <= 0) continue;
      state.members[id]!.industrialReturns += amount;
      report.returns[id] = (report.returns[id] ?? 0) + amount;
    }
    return;
  }
  const sponsors = p.coSponsors.filter((id) => id !== p.lead);
  const leadPart = sponsors.length === 0 ? p.cost : Math.round(p.cost * k.leadReturnShare);
  const weights: Record<MemberId, number> = {};
  const anyPledged = sponsors.some((id) => state.members[id]!.cumulativePledged > 0);
  for (const id of sponsors) weights[id] = anyPledged ? state.members[id]!.cumulativePledged : 1;
  const parts = splitAmount(p.cost - leadPart, weights, state.memberOrder);
  parts[p.lead] = (parts[p.lead] ?? 0) + leadPart;
  for (const [id, amount] of Object.entries(parts)) {
    state.members[id]!.industrialReturns += amount;
    report.returns[id] = (report.returns[id] ?? 0) + amount;
  }
}

/** What R9.6 and R9.7 read from the scenario and the member: pure, so a client can show the same figure. */
export interface RatificationInputs {
  constants: Pick<GameState['scenario']['constants'], 'ratificationCarry' | 'ratificationRisk' | 'startingSupport'>;
  allocation: number;
  support: number;
}

/** R9.6 what domestic support carries this round ($m): the carry share of the allocation, scaled by support. */
export function carriedAtHome({ constants: k, allocation, support }: RatificationInputs): number {
  return Math.round((k.ratificationCarry ?? 0.5) * allocation * (support / Math.max(1, k.startingSupport)));
}

/**
 * R9.7 the chance (0–0.95) that a bill of `bill` ($m) fails at home: the excess over what support
 * carries, per allocation, times the scenario's risk factor, times (100 − support) ÷ 50.
 */
export function riskAtHome(inputs: RatificationInputs, bill: number): number {
  const excess = bill - carriedAtHome(inputs);
  if (excess <= 0 || inputs.allocation <= 0) return 0;
  const risk = (inputs.constants.ratificationRisk ?? 1) * (excess / inputs.allocation) * ((100 - inputs.support) / 50);
  return Math.min(0.95, Math.max(0, Math.round(risk * 100) / 100));
}

const inputsOf = (state: GameState, member: MemberId): RatificationInputs => ({
  constants: state.scenario.constants, allocation: state.members[member]!.allocation, support: state.members[member]!.support,
});

/** R9.6 what a member's domestic support carries this round ($m). */
export function ratificationCarried(state: GameState, member: MemberId): number {
  return carriedAtHome(inputsOf(state, member));
}

/**
 * R9.7 the chance that a member's bill fails at home. Zero when the scenario has no ratification or
 * under rules v1.
 */
export function ratificationRisk(state: GameState, member: MemberId, bill: number): number {
  if (!isV2(state) || !state.scenario.ratification) return 0;
  return riskAtHome(inputsOf(state, member), bill);
}

/** R9.6 the roll at home for every member whose bill exceeds what its support carries. */
function ratify(state: GameState, newlyApproved: Proposal[], report: RoundReport, events: GameEvent[]): void {
  const common = newlyApproved.filter((p) => p.channel === 'common');
  const owed = common.map((p) => {
    const shares: Record<MemberId, number> = {};
    for (const id of state.memberOrder) shares[id] = state.members[id]!.costShare;
    return splitAmount(p.cost, shares, state.memberOrder);
  });
  const rolls: Ratification[] = [];
  const rng = new Rng(state.rng);
  for (const id of state.memberOrder) {
    const m = state.members[id]!;
    const pledged = state.pledges[id]?.settled ?? 0;
    const bill = pledged + owed.reduce((s, o) => s + (o[id] ?? 0), 0);
    const carried = ratificationCarried(state, id);
    if (bill <= 0 || bill <= carried) continue;
    const risk = ratificationRisk(state, id, bill);
    const roll = Math.round(rng.next() * 1000) / 1000;
    const ratified = roll >= risk;
    const entry: Ratification = { member: id, bill, carried, risk, roll, ratified, withdrawn: 0, fallen: [] };
    if (!ratified) {
      // The pledge comes back out of the pool; the common projects it was billed for fall.
      const back = Math.min(pledged, state.pool);
      state.pool -= back;
      m.balance += back;
      m.cumulativePledged -= back;
      // The pledged weight stays: the votes were counted with it (the debrief re-tallies with it).
      entry.withdrawn = back;
      common.forEach((p, i) => {
        if ((owed[i]![id] ?? 0) > 0 && p.status === 'approved') {
          p.status = 'rejected';
          entry.fallen.push(p.id);
        }
      });
    }
    rolls.push(entry);
    events.push({ type: 'ratification', member: id, ratified, risk, roll });
  }
  state.rng = rng.state;
  report.ratification = rolls;
}

/** R3.11 a custom project's effect: capability on its track in proportion to cost, at most +3. */
export function customEffects(track: string, cost: number): Effect[] {
  return [{ kind: 'capability', track, delta: Math.min(3, Math.max(0.5, Math.round(cost / 500) / 10)) }];
}

