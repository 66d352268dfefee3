import type { Action } from './actions.ts';
import { check } from './apply.ts';
import type { Actor, GameState, ProposalId } from './types.ts';

/**
 * What an actor may do now, with the bounds the UI needs (R8.3: one source of legality). Every
 * entry is derived by asking `check` about concrete candidate actions, so the client's enabled
 * buttons can never disagree with what the server will accept.
 */
export type LegalAction =
  | { type: 'pledge'; min: number; max: number; conditional: boolean; current: number }
  | { type: 'propose'; projects: string[]; channels: ('fund' | 'common')[]; custom: boolean }
  | { type: 'amend'; proposals: ProposalId[] }
  | { type: 'withdraw'; proposals: ProposalId[] }
  | { type: 'cosponsor'; join: ProposalId[]; leave: ProposalId[] }
  | { type: 'vote'; proposals: ProposalId[] }
  | { type: 'chat' }
  | { type: Exclude<Action['type'], 'pledge' | 'propose' | 'amend' | 'withdraw' | 'cosponsor' | 'vote' | 'chat'> };

export function legalActions(state: GameState, actor: Actor, now: number): LegalAction[] {
  const ok = (action: Action) => check(state, actor, action, now) === null;
  const out: LegalAction[] = [];
  const open = state.proposals.filter((p) => p.status === 'open');

  if (actor.kind === 'member') {
    const m = state.members[actor.member];
    if (m) {
      const settled = state.pledges[actor.member]?.settled ?? 0;
      const negotiating = state.phase === 'negotiation';
      const low = m.support < state.scenario.constants.lowSupport;
      const max = negotiating ? settled + m.balance
        : low ? Math.min(m.balance, Math.floor(state.scenario.constants.minimumPledgeShare * m.allocation)) : m.balance;
      const min = negotiating ? settled + 1 : 0;
      if (max >= min && ok({ type: 'pledge', amount: min })) {
        out.push({ type: 'pledge', min, max, conditional: !negotiating, current: state.pledges[actor.member]?.amount ?? 0 });
      }
      const projects = state.scenario.projects.filter((p) => ok({ type: 'propose', project: p.id, channel: 'fund' })).map((p) => p.id);
      const custom = ok({ type: 'propose', project: { name: 'Custom', description: '', cost: 1000, track: state.scenario.tracks[0]!.id }, channel: 'fund' });
      if (projects.length > 0 || custom) out.push({ type: 'propose', projects, channels: ['fund', 'common'], custom });
      const ids = (f: (id: ProposalId) => Action) => open.map((p) => p.id).filter((id) => ok(f(id)));
      const lead = open.filter((p) => p.lead === actor.member && ok({ type: 'withdraw', proposal: p.id })).map((p) => p.id);
      if (lead.length && state.phase !== 'voting') {
        out.push({ type: 'amend', proposals: lead });
        out.push({ type: 'withdraw', proposals: lead });
      }
      const join = ids((id) => ({ type: 'cosponsor', proposal: id, join: true }));
      const leave = ids((id) => ({ type: 'cosponsor', proposal: id, join: false }));
      if (join.length || leave.length) out.push({ type: 'cosponsor', join, leave });
      const vote = ids((id) => ({ type: 'vote', proposal: id, choice: 'yes' }));
      if (vote.length) out.push({ type: 'vote', proposals: vote });
      if (ok({ type: 'chat', to: [], text: 'x' })) out.push({ type: 'chat' });
    }
  }

  const probes: Action[] = [
    { type: 'start' }, { type: 'advance' }, { type: 'pause' }, { type: 'resume' },
    { type: 'extend', seconds: 60 }, { type: 'setTimers', timers: {} },
    { type: 'inject', event: { title: { en: 'x', fr: 'x' }, text: { en: 'x', fr: 'x' }, effects: [] } },
    { type: 'announce', text: 'x' }, { type: 'end' }, { type: 'phaseTimeout' },
  ];
  for (const probe of probes) if (ok(probe)) out.push({ type: probe.type } as LegalAction);
  if (actor.kind === 'facilitator' && state.phase !== 'ended') {
    out.push({ type: 'assignSeat' }, { type: 'freeSeat' }, { type: 'override' });
  }
  return out;
}
