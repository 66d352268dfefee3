import type { Action, BotProfile } from '../engine/actions.ts';
import { legalActions, type LegalAction } from '../engine/legal.ts';
import { Rng, seedFrom } from '../engine/rng.ts';
import type { GameState, MemberId, Proposal } from '../engine/types.ts';
import type { ProjectSpec } from '../scenario/schema.ts';
import { ratificationRisk } from '../engine/resolution.ts';
import type { Locale } from '../scenario/schema.ts';
import { botLine } from './lines.ts';

/**
 * Profile-driven delegations. A bot looks at the game, picks at most one action, and acts only
 * through `apply` like a human. Its dice come from (session seed, round, phase, member, step), so the
 * same session plays the same way, and they never touch the game's own RNG.
 *
 * Bots read the full state but use only what their member's view holds: public data, their own
 * pledge, balance and objective. (Sealed pledges of others are never read.)
 */
export interface BotContext {
  state: GameState;
  member: MemberId;
  profile: BotProfile;
  now: number;
  /** How many actions this bot already took in this phase (so a bot acts a bounded number of times). */
  step: number;
  /**
   * A single-seat deviation for balance runs (docs/BALANCE.md): `token` pledges $1m a round, `herd`
   * votes with the side that is ahead, `silent` never proposes.
   */
  deviation?: Deviation;
  /** The language of the bot's chat lines (the session's, bots/lines.ts); English when absent. */
  locale?: Locale;
}

export type Deviation = 'token' | 'herd' | 'silent';

interface Temper {
  /** Share of the allocation pledged. */
  pledge: number;
  /** Chance of tabling a proposal in a round. */
  propose: number;
  /** Likes projects that move this meter. */
  leaning: 'autonomy' | 'usEngagement' | null;
  /** Tables common-budget projects. */
  common: boolean;
  /** Backs common-budget projects others table (its share is paid either way). */
  backsCommon: boolean;
  /** Votes an explicit "no" (a veto under consensus) on what it dislikes, rather than abstaining. */
  veto: number;
  /** Refuses its support to fund projects led by members that keep their money back (reputation). */
  reciprocates: boolean;
}

export const TEMPERS: Record<BotProfile, Temper> = {
  steady: { pledge: 0.5, propose: 0.6, leaning: null, common: true, backsCommon: true, veto: 0.4, reciprocates: false },
  // The free rider gives little, never tables a common project (that would bill it), never blocks.
  'free-rider': { pledge: 0.1, propose: 0.6, leaning: null, common: false, backsCommon: true, veto: 0, reciprocates: false },
  hawk: { pledge: 0.6, propose: 0.9, leaning: null, common: true, backsCommon: true, veto: 0.6, reciprocates: false },
  atlanticist: { pledge: 0.3, propose: 0.5, leaning: 'usEngagement', common: true, backsCommon: true, veto: 0.9, reciprocates: false },
  autonomist: { pledge: 0.55, propose: 0.7, leaning: 'autonomy', common: false, backsCommon: false, veto: 0.7, reciprocates: false },
  conditional: { pledge: 0.55, propose: 0.6, leaning: null, common: true, backsCommon: true, veto: 0.4, reciprocates: true },
};

/**
 * How many actions a bot may take in one phase: a few for pledging, proposing and talking, plus one
 * vote for every open proposal (a 32-member table can have dozens).
 */
export function botStepBudget(state: GameState): number {
  return 6 + state.proposals.filter((p) => p.status === 'open').length;
}

export function decide(ctx: BotContext): Action | null {
  const { state, member, profile } = ctx;
  const legal = legalActions(state, { kind: 'member', member }, ctx.now);
  const has = <T extends LegalAction['type']>(type: T) => legal.find((l) => l.type === type) as Extract<LegalAction, { type: T }> | undefined;
  const rng = new Rng(seedFrom(`${state.seed}:${state.round}:${state.phase}:${member}:${ctx.step}`));
  const temper = TEMPERS[profile];
  const me = state.members[member]!;

  switch (state.phase) {
    case 'pledging': {
      const pledge = has('pledge');
      if (!pledge || ctx.step > 0) return null;
      if (ctx.deviation === 'token') return pledge.max >= 1 ? { type: 'pledge', amount: 1 } : null;
      // The hegemon keeps its money out of a fund it did not join, unless it is re-engaging or the
      // fund is drifting towards autonomy (joining buys weight in the fund's votes, R9.5).
      const hegemon = state.scenario.constants.hegemon === member;
      if (hegemon && !me.participant && state.meters.usEngagement < 7 && state.meters.autonomy < 5) return null;
      const share = hegemon && !me.participant ? 0.1 : temper.pledge;
      const target = Math.floor(me.allocation * share * (0.8 + 0.4 * rng.next()));
      // R9.7 a bot keeps its pledge to what it expects to ratify at home (risk at most a tenth).
      let amount = Math.max(pledge.min, Math.min(pledge.max, target));
      while (amount > pledge.min && ratificationRisk(state, member, amount) > 0.1) amount = Math.floor(amount * 0.9);
      if (amount <= 0) return null;
      // What the other participants could give this round: the base of a conditional threshold.
      const others = state.memberOrder
        .filter((id) => id !== member && state.members[id]!.participant)
        .reduce((s, id) => s + state.members[id]!.allocation, 0);
      if (profile === 'free-rider') {
        // "I give my share if the round's total reaches a respectable sum" — the others' allocations
        // only, not a non-participant's (issue #13: the threshold counted the US and was never met).
        return { type: 'pledge', amount, condition: { kind: 'total-at-least', total: Math.max(1, Math.floor(others * 0.2)) } };
      }
      if (profile === 'conditional') {
        // The conditional cooperator: my share if the others bring theirs (a third of their allocations).
        return { type: 'pledge', amount, condition: { kind: 'total-at-least', total: Math.max(1, Math.floor(others * 0.3)) } };
      }
      if (profile === 'atlanticist') {
        const partner = biggestOther(state, member);
        if (partner) return { type: 'pledge', amount, condition: { kind: 'member-at-least', member: partner, amount: Math.max(1, Math.floor(amount / 2)) } };
      }
      return { type: 'pledge', amount };
    }
    case 'proposals': {
      const propose = has('propose');
      if (propose && ctx.step === 0 && ctx.deviation !== 'silent' && rng.next() < temper.propose) {
        const ranked = propose.projects
          .map((id) => state.scenario.projects.find((p) => p.id === id)!)
          .filter((p) => p.cost <= affordable(state))
          .map((p) => ({ p, value: appeal(state, member, profile, p) + rng.next() * 0.5 }))
          .sort((a, b) => b.value - a.value);
        const best = ranked[0];
        if (best && best.value > 0) {
          // Common funding makes every member pay its share: those who pay for common projects
          // table them there often (issue #13: common proposals were 5–7 %).
          const channel = temper.common && rng.next() < (state.pool < best.p.cost ? 0.6 : 0.35) ? 'common' : 'fund';
          return { type: 'propose', project: best.p.id, channel };
        }
      }
      return cosponsor(ctx, has('cosponsor')?.join ?? [], rng);
    }
    case 'negotiation': {
      if (ctx.step === 0 && profile === 'hawk' && rng.next() < 0.5) {
        const pledge = has('pledge');
        const extra = Math.floor(me.allocation * 0.1);
        if (pledge && extra > 0 && pledge.min + extra <= pledge.max) return { type: 'pledge', amount: pledge.min - 1 + extra };
      }
      if (ctx.step <= 1 && rng.next() < 0.3) {
        const open = state.proposals.filter((p) => p.status === 'open' && p.lead !== member);
        const p = open.length ? rng.pick(open) : undefined;
        if (p) {
          const like = likes(state, member, profile, p);
          const to = rng.next() < 0.5 ? [] : [p.lead];
          const locale = ctx.locale ?? 'en';
          return { type: 'chat', to, text: botLine(like ? 'support' : 'doubts', locale, { member, project: p.name[locale] }) };
        }
      }
      return ctx.step < 3 ? cosponsor(ctx, has('cosponsor')?.join ?? [], rng) : null;
    }
    case 'voting': {
      const vote = has('vote');
      if (!vote) return null;
      const pending = vote.proposals.map((id) => state.proposals.find((p) => p.id === id)!).find((p) => p.votes[member] === undefined);
      if (!pending) return null;
      if (ctx.deviation === 'herd') {
        // Vote with the side that is ahead: yes while yes leads among the votes cast so far.
        const cast = Object.values(pending.votes);
        const yes = cast.filter((c) => c === 'yes').length;
        return { type: 'vote', proposal: pending.id, choice: yes * 2 >= cast.length ? 'yes' : 'no' };
      }
      const like = likes(state, member, profile, pending);
      const choice = like ? 'yes' : rng.next() < temper.veto ? 'no' : 'abstain';
      return { type: 'vote', proposal: pending.id, choice };
    }
    default:
      return null;
  }
}

function cosponsor(ctx: BotContext, candidates: readonly string[], rng: Rng): Action | null {
  const { state, member, profile } = ctx;
  const liked = candidates
    .map((id) => state.proposals.find((p) => p.id === id)!)
    .filter((p) => likes(state, member, profile, p) && appealOf(state, member, profile, p) > 1);
  const p = liked.length && rng.next() < 0.6 ? rng.pick(liked) : undefined;
  return p ? { type: 'cosponsor', proposal: p.id, join: true } : null;
}

const biggestOther = (state: GameState, member: MemberId): MemberId | undefined =>
  state.memberOrder.filter((id) => id !== member && state.members[id]!.participant)
    .sort((a, b) => state.members[b]!.allocation - state.members[a]!.allocation)[0];

/**
 * What the fund can still pay for when proposals open: the pool (this round's pledges are already
 * in it, R3.4) less the projects approved and not yet paid. (Counting a round of pledges on top made
 * bots table projects nobody could fund: proposer-only votes.)
 */
const affordable = (state: GameState): number =>
  state.pool - state.proposals.filter((p) => p.channel === 'fund' && p.status === 'approved').reduce((s, p) => s + p.cost, 0);

/**
 * Reputation (docs/BALANCE.md): a member that has kept back most of its allocations while the
 * others paid — under a fifth of its cumulative allocations pledged after the first round.
 */
export function shirker(state: GameState, member: MemberId): boolean {
  const m = state.members[member]!;
  return state.round > 1 && m.participant && m.cumulativeAllocation > 0 && m.cumulativePledged < 0.2 * m.cumulativeAllocation;
}

/** How much a member wants a project: security where its regions need it, and its leaning. */
function appeal(state: GameState, member: MemberId, profile: BotProfile, p: Pick<ProjectSpec, 'effects' | 'regions' | 'cost'>): number {
  const regions = state.scenario.members.find((m) => m.id === member)!.regions;
  let value = 0;
  for (const e of p.effects) {
    if (e.kind === 'capability') {
      const t = state.tracks[e.track];
      const spec = state.scenario.tracks.find((s) => s.id === e.track);
      if (!t || !spec) continue;
      const mine = spec.regions.length === 0 || spec.regions.some((r) => regions.includes(r));
      const need = Math.max(0, t.threat - t.capability + 0.5);
      value += e.delta * need * (mine ? (profile === 'hawk' ? 2 : 1) : 0.3);
    }
    const leaning = TEMPERS[profile].leaning;
    if (e.kind === 'meter' && leaning && e.meter === leaning) value += e.delta * 2;
    if (e.kind === 'meter' && leaning && e.meter !== leaning && e.meter !== 'cohesion') value -= e.delta * 2;
  }
  if (p.regions.some((r) => regions.includes(r))) value += 0.5;
  return value;
}

const appealOf = (state: GameState, member: MemberId, profile: BotProfile, p: Proposal): number => appeal(state, member, profile, p);

function likes(state: GameState, member: MemberId, profile: BotProfile, p: Proposal): boolean {
  if (p.lead === member || p.coSponsors.includes(member)) return true;
  if (p.channel === 'common' && !TEMPERS[profile].backsCommon) return false;
  // The conditional cooperator reciprocates: it does not back a fund project led by a shirker.
  if (p.channel === 'fund' && TEMPERS[profile].reciprocates && shirker(state, p.lead)) return false;
  if (p.channel === 'fund') {
    // Budget-aware: what the pool must already cover (carried approvals, fund projects this member
    // backs this round) plus this one must fit in it.
    const committed = state.proposals
      .filter((q) => q !== p && q.channel === 'fund' && (q.status === 'approved' || (q.status === 'open' && q.votes[member] === 'yes')))
      .reduce((s, q) => s + q.cost, 0);
    if (committed + p.cost > state.pool) return false;
  }
  // The hegemon pays the largest common share: it backs only common projects that matter to it.
  const hegemon = state.scenario.constants.hegemon === member && p.channel === 'common';
  const bar = hegemon ? 2 : 0.3 + p.cost / 20_000;
  return appealOf(state, member, profile, p) > bar;
}
