import { blockingMinimum, isOnTable, type LegalAction, type Rule, type Scenario } from '@aspf/shared';
import { t, type MessageKey } from '../../i18n/index.ts';
import { refuse, send } from '../../net/connection.ts';
import type { ClientState, ProposalSnapshot, TableSnapshot } from '../../store/store.ts';
import { liveTally } from '../../store/tally.ts';
import { control } from '../control.ts';
import { field, h } from '../dom.ts';
import { bn, bnInput, parseBn, pct } from '../format.ts';
import { proposalName, rejectionFor } from '../names.ts';
import { deliveryText, effectsText, hegemonWarning } from './effects.ts';

type Of<T extends LegalAction['type']> = Extract<LegalAction, { type: T }>;
const legal = <T extends LegalAction['type']>(l: LegalAction[], type: T) => l.find((x): x is Of<T> => x.type === type);

interface View {
  scenario: Scenario; rules: { fund: Rule; common: Rule } | null; table: TableSnapshot; me: string | null;
  legal: LegalAction[]; rejection: ClientState['rejection']; big: boolean;
}

/**
 * Proposals on the table with honest live tallies (issue #14): no verdict before voting opens, a
 * waived criterion shown as waived (not as met), what each project does, and every symbol in a legend.
 */
function tallyBlock(v: View, p: ProposalSnapshot): HTMLElement | null {
  if (p.status !== 'open' || !v.rules) return null;
  const rule = v.rules[p.channel];
  const { tally, pivotal } = liveTally(v.table, v.scenario, rule, p);
  const voting = v.table.phase === 'voting';
  const lines: (HTMLElement | null)[] = [];
  if (rule.passCountShare !== null) {
    lines.push(h('li', { class: voting ? (tally.countMet ? 'met' : 'missed') : 'plain' }, t('tally.members', { yes: tally.yes.length, n: tally.electorate.length, share: pct(tally.countShare), need: `${rule.strictCount ? '>' : '≥'} ${pct(rule.passCountShare)}` })));
  }
  if (rule.passWeightShare !== null) {
    lines.push(tally.blockingMinorityMissing
      ? h('li', { class: 'waived' }, t('tally.waived', { share: pct(tally.weightShare), min: blockingMinimum(rule, tally.electorate.length) ?? 0 }))
      : h('li', { class: voting ? (tally.weightMet ? 'met' : 'missed') : 'plain' }, t('tally.weight', { share: pct(tally.weightShare), need: `≥ ${pct(rule.passWeightShare)}` })));
  }
  if (rule.veto) lines.push(h('li', { class: tally.vetoedBy.length ? 'missed' : voting ? 'met' : 'plain' }, tally.vetoedBy.length ? t('tally.veto', { list: tally.vetoedBy.join(', ') }) : t('tally.noVeto')));
  if (voting && pivotal.length) lines.push(h('li', { class: 'pivotal' }, t('tally.pivotal', { list: pivotal.join(', ') })));
  return h('div', { class: 'tally' },
    voting
      ? h('p', { class: `verdict ${tally.passed ? 'passing' : 'failing'}` }, tally.passed ? `✔ ${t('tally.passing')}` : `✘ ${t('tally.failing')}`)
      : h('p', { class: 'verdict not-yet' }, t('tally.notYet')),
    h('ul', {}, ...lines),
    h('div', { class: 'votes', role: 'list', 'aria-label': t('legend.votes') }, ...tally.electorate.map((m) => h('span', { role: 'listitem', class: `vote ${p.votes[m] ?? 'silent'}`, title: `${m}: ${p.votes[m] ?? '—'}` }, m))),
  );
}

function voteButton(id: string, name: string, choice: 'yes' | 'no' | 'abstain', pressed: boolean, ctl: string): HTMLElement {
  const label = t(choice === 'yes' ? 'vote.yes' : choice === 'no' ? 'vote.no' : 'vote.abstain');
  return h('button', { type: 'button', class: `vote-${choice}`, 'aria-pressed': pressed ? 'true' : 'false', 'aria-label': `${label}: ${name}`, onclick: () => void send('vote', { proposal: id, choice }, ctl) }, label);
}

function proposalCard(v: View, id: string, p: ProposalSnapshot): HTMLElement {
  const name = proposalName(v.scenario, p);
  const me = v.me;
  const cosponsor = legal(v.legal, 'cosponsor');
  const canVote = legal(v.legal, 'vote')?.proposals.includes(id) ?? false;
  const canWithdraw = legal(v.legal, 'withdraw')?.proposals.includes(id) ?? false;
  const canAmend = legal(v.legal, 'amend')?.proposals.includes(id) ?? false;
  const ctl = `proposal-${id}`;
  const spec = v.scenario.projects.find((x) => x.id === p.project);
  const amendInput = h('input', { id: `amend-${id}`, type: 'text', inputmode: 'decimal', autocomplete: 'off', value: bnInput(p.cost) });
  const buttons = v.big ? null : h('div', { class: 'buttons' },
    canVote ? voteButton(id, name, 'yes', p.votes[me ?? ''] === 'yes', ctl) : null,
    canVote ? voteButton(id, name, 'no', p.votes[me ?? ''] === 'no', ctl) : null,
    canVote ? voteButton(id, name, 'abstain', p.votes[me ?? ''] === 'abstain', ctl) : null,
    cosponsor?.join.includes(id) ? h('button', { type: 'button', 'aria-label': `${t('proposals.cosponsor')}: ${name}`, onclick: () => void send('cosponsor', { proposal: id, join: true }, ctl) }, t('proposals.cosponsor')) : null,
    cosponsor?.leave.includes(id) ? h('button', { type: 'button', 'aria-label': `${t('proposals.leave')}: ${name}`, onclick: () => void send('cosponsor', { proposal: id, join: false }, ctl) }, t('proposals.leave')) : null,
    canWithdraw ? h('button', { type: 'button', class: 'danger', 'aria-label': `${t('proposals.withdraw')}: ${name}`, onclick: () => void send('withdraw', { proposal: id }, ctl) }, t('proposals.withdraw')) : null,
  );
  const amend = canAmend && !v.big ? h('form', { class: 'inline', onsubmit: (e: Event) => {
    e.preventDefault();
    const cost = parseBn(amendInput.value);
    if (Number.isNaN(cost)) return refuse(ctl, 'client/not_a_number');
    void send('amend', { proposal: id, cost }, ctl);
  } }, field(t('proposals.amend'), amendInput), h('button', { type: 'submit' }, t('proposals.amendButton'))) : null;
  const warn = p.channel === 'fund' && p.status === 'open' ? hegemonWarning(v.scenario, Object.fromEntries(Object.entries(v.table.members).map(([k, m]) => [k, m.participant]))) : null;

  return h('li', { class: `proposal status-${p.status}`, 'aria-labelledby': `${ctl}-name` },
    h('h3', { id: `${ctl}-name` }, `${id} · ${name}`),
    h('p', { class: 'meta' },
      `${p.channel === 'fund' ? t('propose.channel.fund') : t('propose.channel.common')} · ${bn(p.cost)} · ${t('proposals.lead', { lead: p.lead })}`,
      p.coSponsors.length ? ` · ${t('proposals.cosponsors', { list: p.coSponsors.join(', ') })}` : '',
      ` · ${t(`status.${p.status}` as MessageKey)}`),
    spec && !v.big ? h('p', { class: 'effects' }, `${effectsText(spec, v.scenario)} · ${deliveryText(spec.delay)}`) : null,
    warn && !v.big ? h('p', { class: 'warning' }, warn) : null,
    me && p.votes[me] ? h('p', { class: 'your-vote' }, t('vote.yours', { choice: t(`choice.${p.votes[me]}` as MessageKey) })) : null,
    tallyBlock(v, p),
    buttons,
    amend,
    rejectionFor(v.rejection, ctl),
  );
}

const select = (big: boolean) => (s: ClientState): View | null => (s.table && s.scenario ? {
  scenario: s.scenario, rules: s.rules, table: s.table, me: s.seat?.member ?? null, legal: big ? [] : s.legal,
  rejection: s.rejection?.control.startsWith('proposal-') ? s.rejection : null, big,
} : null);

const render = (v: View | null): HTMLElement | null => {
  const table = v?.table;
  const entries = v && table ? Object.entries(table.proposals).filter(([, p]) => p.round === table.round || isOnTable(p.status)) : [];
  // The projector shows what the room decides first: open proposals, then the rest (ui/pager.ts pages them).
  if (v?.big) entries.sort(([, a], [, b]) => Number(b.status === 'open') - Number(a.status === 'open'));
  return h('section', { class: `card proposals${v?.big ? ' big' : ''}`, 'aria-labelledby': 'proposals-title' },
    h('h2', { id: 'proposals-title' }, t('proposals.title')),
    v && entries.length ? h('ul', {}, ...entries.map(([id, p]) => proposalCard(v, id, p))) : h('p', {}, t('proposals.none')),
    v?.big ? h('p', { class: 'pager', hidden: true }) : null,
    entries.some(([, p]) => p.status === 'open') ? legend() : null,
  );
};

/** Every symbol the tallies use, in words. */
export function legend(): HTMLElement {
  return h('details', { class: 'legend', id: 'tally-legend' }, h('summary', {}, t('legend.title')),
    h('ul', {}, ...(['legend.met', 'legend.missed', 'legend.waived', 'legend.pivotal', 'legend.participant', 'legend.votes'] as const).map((k) => h('li', {}, t(k)))));
}

export const proposals = control('proposals', select(false), render);
/** The projector's version: no buttons, larger type. */
export const proposalsBig = control('proposals-big', select(true), render);
