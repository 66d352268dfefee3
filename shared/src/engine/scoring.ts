import type { ObjectiveCondition } from '../scenario/schema.ts';
import { isV2 } from './effects.ts';
import type { GameState, MemberId } from './types.ts';

/** R5.14 whether a member's secret objective is met in this state. */
export function objectiveMet(state: GameState, member: MemberId, condition: ObjectiveCondition): boolean {
  const m = state.members[member]!;
  switch (condition.kind) {
    case 'track-secure': {
      const t = state.tracks[condition.track];
      return t !== undefined && t.capability >= t.threat;
    }
    case 'no-crisis':
      return !state.crises.some((c) => c.track === condition.track);
    case 'meter-at-least':
      return state.meters[condition.meter] >= condition.value;
    case 'meter-at-most':
      return state.meters[condition.meter] <= condition.value;
    case 'returns-ratio':
      return m.cumulativePledged > 0 && m.industrialReturns >= condition.ratio * m.cumulativePledged;
    case 'pledge-share-at-most':
      return m.cumulativeAllocation > 0 && m.cumulativePledged <= condition.share * m.cumulativeAllocation;
    case 'common-approved':
      return approved(state).filter((p) => p.channel === 'common').length >= condition.count;
    case 'led-approved':
      return approved(state).filter((p) => p.lead === member).length >= condition.count;
    case 'winning-side': {
      const tallied = state.proposals.filter((p) => p.tally && p.tally.electorate.includes(member));
      if (tallied.length === 0) return false;
      const won = tallied.filter((p) => onWinningSide(p.votes[member], isApproved(p.status))).length;
      return won / tallied.length >= condition.share;
    }
  }
}

const isApproved = (status: string): boolean => status === 'approved' || status === 'funded' || status === 'delivered';
const approved = (state: GameState) => state.proposals.filter((p) => isApproved(p.status));
export const onWinningSide = (choice: string | undefined, passed: boolean): boolean =>
  passed ? choice === 'yes' : choice === 'no';

/**
 * R5.15 end-of-game scoring: objectives, the industrial return ratio and fiscal prudence join the
 * security and influence points earned round by round.
 */
export function finalScores(state: GameState): void {
  const k = state.scenario.constants.scoring;
  for (const id of state.memberOrder) {
    const m = state.members[id]!;
    const objective = state.scenario.objectives.find((o) => o.id === m.objective);
    m.score.objectives = objective && objectiveMet(state, id, objective.condition) ? k.objective : 0;
    if (isV2(state)) {
      // R9.2 (v2) returns are measured against the member's allocations, never its pledges.
      const share = m.cumulativeAllocation > 0 ? m.industrialReturns / m.cumulativeAllocation : 0;
      m.score.returns = round2(Math.min(k.returnsCap ?? 3, share * k.returnRatio));
    } else {
      const ratio = m.cumulativePledged > 0 ? Math.min(2, m.industrialReturns / m.cumulativePledged) : 0;
      m.score.returns = round2(ratio * k.returnRatio);
    }
    const unspent = m.cumulativeAllocation > 0 ? m.balance / m.cumulativeAllocation : 0;
    m.score.prudence = round2(Math.min(1, Math.max(0, unspent)) * k.fiscalPrudence);
    totalScore(state, id);
  }
}

export function totalScore(state: GameState, id: MemberId): void {
  const s = state.members[id]!.score;
  s.total = round2(s.security + s.influence + s.objectives + s.returns + s.prudence);
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * R5.16 the Alliance Index (0–100), the collective score beside the individual ones: half security
 * (capability against threat on every track), three tenths cohesion, two tenths crisis-free rounds.
 */
export function allianceIndex(state: GameState): number {
  const tracks = Object.values(state.tracks);
  const security = tracks.reduce((s, t) => s + Math.min(1, t.capability / Math.max(1, t.threat)), 0) / tracks.length;
  const played = Math.max(1, state.history.length) * tracks.length;
  const calm = 1 - Math.min(1, state.crises.length / played);
  return Math.round(100 * (0.5 * security + 0.3 * (state.meters.cohesion / 10) + 0.2 * calm));
}
