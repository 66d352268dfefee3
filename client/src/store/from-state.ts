import { view, type GameState, type Viewer } from '@aspf/shared';
import type { PledgeSnapshot, TableSnapshot } from './store.ts';

/**
 * The table as one viewer saw it, from an engine state: what the replay viewer shows at each step.
 * It goes through the engine's `view`, so a replay never shows more than that viewer could see.
 */
export function snapshotFromState(state: GameState, viewer: Viewer = { kind: 'facilitator' }): TableSnapshot {
  const v = view(state, viewer);
  const pledge = (id: string): PledgeSnapshot | undefined => {
    const p = v.pledges[id];
    if (!p) return undefined;
    const c = p.condition;
    return {
      amount: p.amount, status: p.status, settled: p.settled ?? -1, condition: c?.kind ?? '',
      target: c && c.kind !== 'total-at-least' ? c.member : '', threshold: c?.kind === 'total-at-least' ? c.total : c?.kind === 'member-at-least' ? c.amount : 0,
    };
  };
  return {
    code: '', scenario: state.scenario.id, seq: state.seq, phase: state.phase, round: state.round, rounds: state.options.rounds,
    endsAt: 0, paused: state.clock.paused, remainingMs: state.clock.remainingMs ?? 0, sealedPledges: state.options.sealedPledges,
    event: v.event?.source === 'injected' ? '' : (v.event?.id ?? ''), eventTitle: v.event?.title.en ?? '',
    pool: state.pool, cohesion: state.meters.cohesion, usEngagement: state.meters.usEngagement, autonomy: state.meters.autonomy,
    allianceIndex: state.allianceIndex, ended: state.ended?.reason ?? '',
    members: Object.fromEntries(state.memberOrder.map((id) => {
      const m = v.members[id]!;
      return [id, {
        seat: m.seat.controller, profile: m.seat.profile ?? '', online: 0, participant: m.participant, balance: m.balance, allocation: m.allocation,
        support: m.support, arrears: m.arrears, pledged: m.cumulativePledged, weight: m.pledgedWeight, returns: m.industrialReturns,
        score: { ...m.score }, ...(pledge(id) ? { pledge: pledge(id) } : {}), ...(m.objective ? { objective: m.objective } : {}),
      }];
    })),
    proposals: Object.fromEntries(v.proposals.map((p) => [p.id, {
      round: p.round, lead: p.lead, project: p.project ?? '', name: p.name.en, channel: p.channel, cost: p.cost, baseCost: p.baseCost,
      delay: p.delay, status: p.status, coSponsors: [...p.coSponsors], votes: { ...p.votes }, override: p.override?.outcome ?? '',
    }])),
    tracks: Object.fromEntries(Object.entries(state.tracks).map(([id, t]) => [id, { ...t }])),
    players: {},
  };
}
