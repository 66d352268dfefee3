import type { LegalAction, PledgeCondition, Scenario } from '@aspf/shared';
import { t, tx, type MessageKey } from '../i18n/index.ts';
import { send } from '../net/connection.ts';
import type { ClientState, ProposalSnapshot, TableSnapshot } from '../store/store.ts';
import { liveTally } from '../store/tally.ts';
import { field, h, option, replace } from './dom.ts';
import { bn, clock, parseBn, pct } from './format.ts';

/**
 * The HTML side of the table: every action has a labelled control here (the canvas is a picture,
 * never the only way to act). Which controls are enabled comes from the shared `legalActions`,
 * computed by the server for this seat.
 */
type Legal<T extends LegalAction['type']> = Extract<LegalAction, { type: T }> | undefined;
const legal = <T extends LegalAction['type']>(s: ClientState, type: T): Legal<T> => s.legal.find((l) => l.type === type) as Legal<T>;

export const memberName = (scenario: Scenario | null, id: string): string => {
  const m = scenario?.members.find((x) => x.id === id);
  return m ? tx(m.name) : id;
};

export const proposalName = (scenario: Scenario | null, p: ProposalSnapshot): string => {
  const spec = scenario?.projects.find((x) => x.id === p.project);
  return spec ? tx(spec.name) : p.name;
};

/** Shows a rejection next to the control that caused it. */
export function rejectionFor(s: ClientState, control: string): HTMLElement | null {
  return s.rejection?.control === control ? h('p', { class: 'error', role: 'alert', id: `${control}-error` }, s.rejection.message) : null;
}

export function phaseBar(s: ClientState): HTMLElement {
  const table = s.table;
  if (!table || !s.scenario) return h('div', { class: 'phase-bar' });
  const year = s.scenario.startYear + Math.max(0, table.round - 1);
  const left = table.paused ? t('phase.paused') : table.endsAt > 0 ? t('phase.left', { time: clock(table.endsAt - (Date.now() + s.clockOffset)) }) : '';
  return h('div', { class: `phase-bar phase-${table.phase}` },
    h('span', { class: 'phase-name' }, t(`phase.${table.phase}` as MessageKey)),
    table.round > 0 ? h('span', { class: 'round' }, t('phase.round', { round: table.round, rounds: table.rounds, year })) : null,
    h('span', { class: 'countdown', 'data-ends-at': table.endsAt, 'data-paused': table.paused ? '1' : '0' }, left),
  );
}

export function eventCard(s: ClientState): HTMLElement | null {
  const table = s.table;
  if (!table || table.round === 0) return null;
  const card = s.scenario?.events.find((e) => e.id === table.event);
  const title = card ? tx(card.title) : table.eventTitle || t('table.quiet');
  return h('section', { class: 'card event', 'aria-labelledby': 'event-title' },
    h('h2', { id: 'event-title' }, `${t('table.event')}: ${title}`),
    card ? h('p', {}, tx(card.text)) : null,
  );
}

export function myPanel(s: ClientState): HTMLElement | null {
  const { table, seat, scenario } = s;
  if (!table || !seat?.member || !scenario) return null;
  const me = table.members[seat.member];
  if (!me) return null;
  const objective = scenario.objectives.find((o) => o.id === me.objective);
  const pledge = me.pledge ?? (me.sealedAmount ? { amount: me.sealedAmount, status: 'pending', settled: -1, condition: me.sealedCondition ?? '', target: me.sealedTarget ?? '', threshold: me.sealedThreshold ?? 0 } : undefined);
  return h('section', { class: 'card me', 'aria-labelledby': 'me-title' },
    h('h2', { id: 'me-title' }, `${memberName(scenario, seat.member)} (${seat.member})`),
    s.movedFrom !== null ? h('p', { class: 'notice' }, t('conn.moved', { member: memberName(scenario, seat.member) })) : null,
    h('dl', { class: 'stats' },
      h('dt', {}, t('table.balance')), h('dd', {}, bn(me.balance)),
      h('dt', {}, t('table.allocation')), h('dd', {}, bn(me.allocation)),
      h('dt', {}, t('table.support')), h('dd', {}, `${me.support}/100`),
      h('dt', {}, t('table.pool')), h('dd', {}, bn(table.pool)),
      pledge ? h('dt', {}, t('table.seat.pledge')) : null,
      pledge ? h('dd', {}, `${bn(pledge.settled >= 0 ? pledge.settled : pledge.amount)} — ${t(`pledge.${pledge.status}` as MessageKey)}`) : null,
    ),
    objective ? h('div', { class: 'objective' },
      h('h3', {}, `${t('table.objective')}: ${tx(objective.title)}`),
      h('p', {}, tx(objective.text)),
    ) : null,
  );
}

export function pledgeForm(s: ClientState): HTMLElement | null {
  const l = legal(s, 'pledge');
  if (!l || !s.seat?.member) return null;
  const others = (s.scenario?.members ?? []).filter((m) => m.id !== s.seat!.member);
  const amount = h('input', { id: 'pledge-amount', type: 'number', inputmode: 'decimal', step: '0.1', min: l.min / 1000, max: l.max / 1000, required: true, 'aria-describedby': 'pledge-range' });
  const kind = h('select', { id: 'pledge-condition' },
    option('', t('pledge.condition.none'), true),
    option('total-at-least', t('pledge.condition.total')),
    option('member-at-least', t('pledge.condition.member')),
    option('match', t('pledge.condition.match')));
  const target = h('select', { id: 'pledge-target' }, ...others.map((m) => option(m.id, `${tx(m.name)} (${m.id})`)));
  const threshold = h('input', { id: 'pledge-threshold', type: 'number', inputmode: 'decimal', step: '0.1', min: 0.1 });
  const conditionFields = h('div', { class: 'condition-fields' }, field(t('pledge.conditionMember'), target), field(t('pledge.conditionAmount'), threshold));
  const sync = () => {
    target.disabled = !(kind.value === 'member-at-least' || kind.value === 'match');
    threshold.disabled = !(kind.value === 'total-at-least' || kind.value === 'member-at-least');
  };
  kind.addEventListener('change', sync);
  sync();
  const raising = s.table?.phase === 'negotiation';
  // novalidate: every refusal comes from the server's checks, with the engine's message (one source of legality).
  const form = h('form', { class: 'card action', 'aria-labelledby': 'pledge-title', novalidate: true },
    h('h2', { id: 'pledge-title' }, t('pledge.title')),
    field(t('pledge.amount'), amount),
    h('p', { class: 'hint', id: 'pledge-range' }, t('pledge.range', { min: bn(l.min), max: bn(l.max) }), l.current ? ` · ${t('pledge.current', { amount: bn(l.current) })}` : ''),
    l.conditional ? field(t('pledge.condition'), kind) : null,
    l.conditional ? conditionFields : null,
    h('button', { type: 'submit', class: 'primary' }, raising ? t('pledge.raise') : t('pledge.button')),
    rejectionFor(s, 'pledge'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = parseBn(amount.value);
    let condition: PledgeCondition | undefined;
    if (l.conditional && kind.value === 'total-at-least') condition = { kind: 'total-at-least', total: parseBn(threshold.value) };
    if (l.conditional && kind.value === 'member-at-least') condition = { kind: 'member-at-least', member: target.value, amount: parseBn(threshold.value) };
    if (l.conditional && kind.value === 'match') condition = { kind: 'match', member: target.value };
    void send('pledge', condition ? { amount: value, condition } : { amount: value }, 'pledge');
  });
  return form;
}

export function proposeForm(s: ClientState): HTMLElement | null {
  const l = legal(s, 'propose');
  if (!l || !s.scenario) return null;
  const projects = l.projects.map((id) => s.scenario!.projects.find((p) => p.id === id)!).filter(Boolean);
  const project = h('select', { id: 'propose-project' },
    ...projects.map((p, i) => option(p.id, `${tx(p.name)} — ${t('propose.cost', { cost: bn(p.cost), delay: p.delay })}`, i === 0)));
  const channel = h('select', { id: 'propose-channel' }, option('fund', t('propose.channel.fund'), true), option('common', t('propose.channel.common')));
  const description = h('p', { class: 'hint', id: 'propose-description' });
  const describe = () => replace(description, tx(s.scenario!.projects.find((p) => p.id === project.value)?.description));
  project.addEventListener('change', describe);
  describe();
  const form = h('form', { class: 'card action', 'aria-labelledby': 'propose-title' },
    h('h2', { id: 'propose-title' }, t('propose.title')),
    field(t('propose.project'), project),
    description,
    field(t('propose.channel'), channel),
    h('button', { type: 'submit', class: 'primary' }, t('propose.button')),
    rejectionFor(s, 'propose'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send('propose', { project: project.value, channel: channel.value as 'fund' | 'common' }, 'propose');
  });
  return form;
}

/** One proposal with its live tally and the buttons this seat may use on it. */
function proposalCard(s: ClientState, id: string, p: ProposalSnapshot): HTMLElement {
  const { scenario, rules, table, seat } = s;
  const name = proposalName(scenario, p);
  const me = seat?.member ?? null;
  const cosponsor = legal(s, 'cosponsor');
  const canVote = legal(s, 'vote')?.proposals.includes(id) ?? false;
  const canWithdraw = legal(s, 'withdraw')?.proposals.includes(id) ?? false;
  const canAmend = legal(s, 'amend')?.proposals.includes(id) ?? false;
  const control = `proposal-${id}`;

  let tallyBlock: HTMLElement | null = null;
  if (p.status === 'open' && scenario && rules && table) {
    const rule = rules[p.channel];
    const { tally, pivotal } = liveTally(table, scenario, rule, p);
    const lines: (HTMLElement | null)[] = [];
    if (rule.passCountShare !== null) {
      lines.push(h('li', { class: tally.countMet ? 'met' : 'missed' }, t('tally.members', { yes: tally.yes.length, n: tally.electorate.length, share: pct(tally.countShare), need: `${rule.strictCount ? '>' : '≥'} ${pct(rule.passCountShare)}` })));
    }
    if (rule.passWeightShare !== null) {
      lines.push(h('li', { class: tally.weightMet ? 'met' : 'missed' }, t('tally.weight', { share: pct(tally.weightShare), need: `≥ ${pct(rule.passWeightShare)}` })));
      if (tally.blockingMinorityMissing) lines.push(h('li', { class: 'met' }, t('tally.blocking', { min: rule.blockingMinimum ?? 0 })));
    }
    if (rule.veto) lines.push(h('li', { class: tally.vetoedBy.length ? 'missed' : 'met' }, tally.vetoedBy.length ? t('tally.veto', { list: tally.vetoedBy.join(', ') }) : t('tally.noVeto')));
    if (pivotal.length) lines.push(h('li', { class: 'pivotal' }, t('tally.pivotal', { list: pivotal.join(', ') })));
    tallyBlock = h('div', { class: 'tally' },
      h('p', { class: `verdict ${tally.passed ? 'passing' : 'failing'}` }, tally.passed ? `✔ ${t('tally.passing')}` : `✘ ${t('tally.failing')}`),
      h('ul', {}, ...lines),
      h('div', { class: 'votes', 'aria-hidden': 'true' }, ...tally.electorate.map((m) => h('span', { class: `vote ${p.votes[m] ?? 'silent'}`, title: `${m}: ${p.votes[m] ?? '—'}` }, m))),
    );
  }

  const amendInput = h('input', { id: `amend-${id}`, type: 'number', step: '0.1', inputmode: 'decimal', value: p.cost / 1000 });
  const buttons = h('div', { class: 'buttons' },
    canVote ? voteButton(id, name, 'yes', p.votes[me ?? ''] === 'yes', control) : null,
    canVote ? voteButton(id, name, 'no', p.votes[me ?? ''] === 'no', control) : null,
    canVote ? voteButton(id, name, 'abstain', p.votes[me ?? ''] === 'abstain', control) : null,
    cosponsor?.join.includes(id) ? h('button', { type: 'button', 'aria-label': `${t('proposals.cosponsor')}: ${name}`, onclick: () => void send('cosponsor', { proposal: id, join: true }, control) }, t('proposals.cosponsor')) : null,
    cosponsor?.leave.includes(id) ? h('button', { type: 'button', 'aria-label': `${t('proposals.leave')}: ${name}`, onclick: () => void send('cosponsor', { proposal: id, join: false }, control) }, t('proposals.leave')) : null,
    canWithdraw ? h('button', { type: 'button', class: 'danger', 'aria-label': `${t('proposals.withdraw')}: ${name}`, onclick: () => void send('withdraw', { proposal: id }, control) }, t('proposals.withdraw')) : null,
  );
  const amend = canAmend ? h('form', { class: 'inline', onsubmit: (e: Event) => { e.preventDefault(); void send('amend', { proposal: id, cost: parseBn(amendInput.value) }, control); } },
    field(t('proposals.amend'), amendInput), h('button', { type: 'submit' }, t('proposals.amendButton'))) : null;

  return h('li', { class: `proposal status-${p.status}`, 'aria-labelledby': `${control}-name` },
    h('h3', { id: `${control}-name` }, `${id} · ${name}`),
    h('p', { class: 'meta' },
      `${p.channel === 'fund' ? t('propose.channel.fund') : t('propose.channel.common')} · ${bn(p.cost)} · ${t('proposals.lead', { lead: p.lead })}`,
      p.coSponsors.length ? ` · ${t('proposals.cosponsors', { list: p.coSponsors.join(', ') })}` : '',
      ` · ${t(`status.${p.status}` as MessageKey)}`),
    me && p.votes[me] ? h('p', { class: 'your-vote' }, t('vote.yours', { choice: t(`choice.${p.votes[me]}` as MessageKey) })) : null,
    tallyBlock,
    buttons,
    amend,
    rejectionFor(s, control),
  );
}

function voteButton(id: string, name: string, choice: 'yes' | 'no' | 'abstain', pressed: boolean, control: string): HTMLElement {
  const label = t(choice === 'yes' ? 'vote.yes' : choice === 'no' ? 'vote.no' : 'vote.abstain');
  return h('button', { type: 'button', class: `vote-${choice}`, 'aria-pressed': pressed ? 'true' : 'false', 'aria-label': `${label}: ${name}`, onclick: () => void send('vote', { proposal: id, choice }, control) }, label);
}

export function proposalsList(s: ClientState): HTMLElement {
  const table = s.table;
  const entries = table ? Object.entries(table.proposals).filter(([, p]) => p.round === table.round || ['open', 'approved', 'funded'].includes(p.status)) : [];
  return h('section', { class: 'card proposals', 'aria-labelledby': 'proposals-title' },
    h('h2', { id: 'proposals-title' }, t('proposals.title')),
    entries.length ? h('ul', {}, ...entries.map(([id, p]) => proposalCard(s, id, p))) : h('p', {}, t('proposals.none')),
  );
}

/** The chat: messages (re-rendered as they arrive) and the form (kept stable while typing). */
export function chatMessages(s: ClientState): HTMLElement {
  const list = h('ol', { class: 'messages', 'aria-label': t('chat.title') },
    ...s.chat.slice(-60).map((m) => h('li', { class: m.to.length ? 'private' : m.from === 'facilitator' ? 'announcement' : '' },
      h('strong', {}, m.from === 'facilitator' ? t('chat.facilitator') : m.from),
      m.to.length ? h('span', { class: 'to' }, ` ${t('chat.to', { list: m.to.filter((x) => x !== m.from).join(', ') })}`) : null,
      ': ', m.text)));
  if (!s.chat.length) list.append(h('li', { class: 'empty' }, t('chat.empty')));
  queueMicrotask(() => { list.scrollTop = list.scrollHeight; });
  return list;
}

export function chatForm(s: ClientState): HTMLElement {
  const me = s.seat?.member;
  const others = (s.scenario?.members ?? []).filter((m) => m.id !== me);
  const channel = h('select', { id: 'chat-channel' }, option('', t('chat.public'), true), ...others.map((m) => option(m.id, `${t('chat.private')} ${tx(m.name)} (${m.id})`)));
  const text = h('input', { id: 'chat-message', maxlength: 500, autocomplete: 'off', required: true });
  const form = h('form', { class: 'chat-form' }, field(t('chat.channel'), channel), field(t('chat.message'), text), h('button', { type: 'submit' }, t('chat.send')), rejectionFor(s, 'chat'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const sent = await send('chat', { to: channel.value ? [channel.value] : [], text: text.value }, 'chat');
    if (sent) text.value = '';
  });
  return form;
}

export function chatHeading(): HTMLElement[] {
  return [h('h2', { id: 'chat-title' }, t('chat.title')), h('p', { class: 'hint' }, t('conn.privacy'))];
}

/** The HTML seats table for screen readers and small screens (the canvas shows the same). */
export function seatsTable(s: ClientState): HTMLElement | null {
  const { table, scenario, seat } = s;
  if (!table || !scenario) return null;
  const players = Object.values(table.players);
  return h('section', { class: 'card seats', 'aria-labelledby': 'seats-title' },
    h('h2', { id: 'seats-title' }, t('table.seats')),
    h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': t('table.seats') }, h('table', {},
      h('thead', {}, h('tr', {}, ...(['table.seat.member', 'table.seat.controller', 'table.seat.players', 'table.seat.pledge', 'table.seat.support', 'table.seat.score'] as const).map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, ...scenario.members.map((spec) => {
        const m = table.members[spec.id];
        if (!m) return null;
        const names = players.filter((p) => p.member === spec.id).map((p) => p.name).join(', ');
        const pledge = m.pledge ? `${bn(m.pledge.settled >= 0 ? m.pledge.settled : m.pledge.amount)} (${t(`pledge.${m.pledge.status}` as MessageKey)})` : table.sealedPledges && table.phase === 'pledging' ? t('pledge.sealed') : '—';
        return h('tr', { class: spec.id === seat?.member ? 'mine' : '' },
          h('th', { scope: 'row' }, `${tx(spec.name)} (${spec.id})${spec.id === seat?.member ? ` — ${t('table.you')}` : ''}${m.participant ? ' ★' : ''}`),
          h('td', {}, m.seat === 'bot' ? t('seat.bot', { profile: m.profile }) : t(`seat.${m.seat}` as MessageKey)),
          h('td', {}, names),
          h('td', {}, pledge),
          h('td', {}, m.support),
          h('td', {}, Math.round(m.score.total * 10) / 10));
      })),
    )),
    h('p', { class: 'hint' }, `★ ${t('table.participant')}`),
  );
}

/** Tracks and meters as text: the same facts as the canvas, for screen readers and print. */
export function allianceSummary(s: ClientState): HTMLElement | null {
  const { table, scenario } = s;
  if (!table || !scenario) return null;
  return h('section', { class: 'card alliance', 'aria-labelledby': 'alliance-title' },
    h('h2', { id: 'alliance-title' }, t('table.tracks')),
    h('ul', {}, ...scenario.tracks.map((spec) => {
      const tr = table.tracks[spec.id];
      return tr ? h('li', { class: tr.crisis ? 'crisis' : '' }, `${tx(spec.name)}: ${tr.capability} / ${tr.threat}${tr.crisis ? ` — ${t('table.crisis')}` : ''}`) : null;
    })),
    h('h3', {}, t('table.meters')),
    h('ul', {}, ...(['cohesion', 'usEngagement', 'autonomy'] as const).map((k) => h('li', {}, `${t(`meter.${k}`)}: ${table[k]}`))),
  );
}

export function lastReport(s: ClientState): HTMLElement | null {
  const report = s.reports.at(-1);
  if (!report) return null;
  const names = (ids: string[]) => ids.map((id) => {
    const p = s.table?.proposals[id];
    return p ? proposalName(s.scenario, p) : id;
  }).join(', ') || t('report.none');
  const tracks = (ids: string[]) => ids.map((id) => tx(s.scenario?.tracks.find((x) => x.id === id)?.name)).join(', ') || t('report.none');
  return h('section', { class: 'card report', 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title' }, t('report.title', { round: report.round })),
    h('ul', {},
      ...report.proposals.map((p) => h('li', {}, `${p.id} ${tx(p.name)}: ${t(p.outcome === 'approved' ? (p.funded ? 'status.funded' : 'status.approved') : p.outcome === 'withdrawn' ? 'status.withdrawn' : 'status.rejected')}${p.tally?.vetoedBy.length ? ` — ${t('tally.veto', { list: p.tally.vetoedBy.join(', ') })}` : ''}`)),
      h('li', {}, t('report.funded', { list: names(report.funded) })),
      h('li', {}, t('report.crises', { list: tracks(report.crises) })),
    ),
  );
}

export function endScreen(s: ClientState): HTMLElement | null {
  const { table, scenario } = s;
  if (!table || table.phase !== 'ended' || !scenario) return null;
  const ranked = scenario.members.map((m) => m.id).filter((id) => table.members[id]).sort((a, b) => table.members[b]!.score.total - table.members[a]!.score.total);
  return h('section', { class: 'card end', 'aria-labelledby': 'end-title' },
    h('h2', { id: 'end-title' }, t('end.title')),
    h('p', {}, t(`end.reason.${table.ended || 'rounds'}` as MessageKey)),
    h('p', { class: 'index' }, t('end.index', { value: table.allianceIndex })),
    h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': t('end.title') }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('table.seat.member')), h('th', { scope: 'col' }, t('table.seat.score')), h('th', { scope: 'col' }, t('end.objective')))),
      h('tbody', {}, ...ranked.map((id) => {
        const m = table.members[id]!;
        const o = scenario.objectives.find((x) => x.id === m.objective);
        return h('tr', {}, h('th', { scope: 'row' }, `${memberName(scenario, id)} (${id})`), h('td', {}, Math.round(m.score.total * 100) / 100),
          h('td', {}, o ? `${tx(o.title)} — ${m.score.objectives > 0 ? `✔ ${t('end.met')}` : `✘ ${t('end.notMet')}`}` : '—'));
      })),
    )),
    h('p', { class: 'hint' }, t('end.lesson')),
  );
}

export type { TableSnapshot };
