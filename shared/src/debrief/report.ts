import type { GameLog } from '../engine/replay.ts';
import type { Choice, MemberId, Tally } from '../engine/types.ts';
import type { Locale, Meter } from '../scenario/schema.ts';
import { barChart, barLegend, legend, lineChart, scatterChart, type LineSeries } from './charts.ts';
import { buildDebrief, type Debrief, type DebriefOptions, type DebriefProposal, type ActionRecord } from './collect.ts';
import { COUNTERFACTUAL_RULES } from './counterfactual.ts';
import { formatMoney, formatNumber, formatPercent, formatScore, formatTimestamp } from './format.ts';
import { debriefGuide } from './guide.ts';
import { html, raw, type Html } from './html.ts';
import { label, type LabelKey } from './labels.ts';
import { conditionText, memberList, memberName, memberOf, proposalName, ruleName, trackName } from './names.ts';

export interface ReportOptions {
  locale?: Locale;
  /** When the report was produced (ms since the epoch), passed in: the debrief reads no clock. */
  generatedAt?: number;
}

/**
 * The after-action report: one self-contained HTML page (inline CSS and SVG, no script, no external
 * request), in the chosen locale, that prints well. Every user-provided string is escaped by `html`.
 */
export function renderReport(d: Debrief, options: ReportOptions = {}): string {
  const c = new Ctx(d, options.locale ?? 'en');
  const t = c.t;
  const sections: [string, LabelKey, Html][] = [
    ['timeline', 'secTimeline', timeline(c)],
    ['pledges', 'secPledges', pledges(c)],
    ['conditional', 'secConditional', conditional(c)],
    ['returns', 'secReturns', returns(c)],
    ['burden', 'secBurden', burden(c)],
    ['tracks', 'secTracks', tracks(c)],
    ['crises', 'secCrises', crises(c)],
    ['meters', 'secMeters', meters(c)],
    ['votes', 'secVotes', votes(c)],
    ['power', 'secPower', power(c)],
    ['counterfactual', 'secCounterfactual', counterfactual(c)],
    ['negotiation', 'secMessages', negotiation(c)],
    ['scores', 'secScores', scores(c)],
    ['guide', 'secGuide', guide(c)],
    ['about', 'secAbout', about(c)],
  ];
  const title = `${t('reportTitle')} — ${d.scenario.title[c.locale]}`;
  const page = html`<!doctype html>
<html lang="${c.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(STYLES)}</style>
</head>
<body>
<header class="top">
<p class="kicker">${t('reportTitle')}</p>
<h1>${d.scenario.title[c.locale]}</h1>
<p class="meta">${meta(c)}</p>
<p class="status">${status(c)}</p>
</header>
<main>
<p class="banner">${t('fictionBanner')} <a href="#about">${t('fictionMore')}</a>.</p>
${kpis(c)}
<nav class="toc" aria-label="${t('contents')}"><h2 class="toc-title">${t('contents')}</h2><ol>${sections.map(([id, key]) => html`<li><a href="#${id}">${t(key)}</a></li>`)}</ol></nav>
${sections.map(([id, key, body], i) => html`<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h"><span class="num">${i + 1}</span> ${t(key)}</h2>${body}</section>`)}
</main>
</body>
</html>
`;
  return page.value;
}

/** `afterActionReport(log, options)`: replay the log and render the report in one call. */
export function afterActionReport(log: GameLog, options: DebriefOptions & ReportOptions = {}): string {
  return renderReport(buildDebrief(log, options), options);
}

class Ctx {
  readonly d: Debrief;
  readonly locale: Locale;
  constructor(d: Debrief, locale: Locale) {
    this.d = d;
    this.locale = locale;
  }
  t = (key: LabelKey, params?: Record<string, string | number>): string => label(this.locale, key, params);
  name = (id: MemberId): string => memberName(this.d, id, this.locale);
  list = (ids: readonly MemberId[]): string => memberList(this.d, ids, this.locale);
  money = (m: number, decimals = 1): string => formatMoney(m, this.locale, decimals);
  pct = (x: number, decimals = 0): string => formatPercent(x, this.locale, decimals);
  num = (x: number, decimals = 1): string => formatNumber(x, decimals, this.locale);
  score = (x: number): string => formatScore(x, this.locale);
  colour = (id: MemberId): string => this.d.members.find((m) => m.id === id)?.colour ?? '#555555';
  /** A member in a table cell: colour dot, name, id. */
  member = (id: MemberId): Html => html`<span class="dot" style="background:${this.colour(id)}" aria-hidden="true"></span>${this.name(id)} <span class="id">${id}</span>`;
  proposal = (id: string): string => proposalName(this.d, id, this.locale);
  years = (): string[] => [this.t('start'), ...this.d.rounds.map((r) => String(r.report.year))];
}

function meta(c: Ctx): string {
  const d = c.d;
  const parts = [
    c.t('metaSeed', { seed: d.seed }),
    c.t('metaRounds', { played: d.rounds.length, rounds: d.scenario.rounds }),
    c.t('metaActions', { n: d.progress.actions }),
    c.t('metaEngine', { v: d.engineVersion }),
  ];
  if (d.progress.firstAt !== null && d.progress.lastAt !== null) parts.push(c.t('metaPlayed', { from: formatTimestamp(d.progress.firstAt), to: formatTimestamp(d.progress.lastAt) }));
  return parts.join(' · ');
}

function status(c: Ctx): string {
  const e = c.d.progress.ended;
  if (!e) return c.t('inProgress', { round: c.d.progress.round, phase: c.t(`phase_${c.d.progress.phase}`) });
  if (e.reason === 'rounds') return c.t('endedRounds');
  if (e.reason === 'fracture') return c.t('endedFracture', { round: e.round });
  return c.t('endedFacilitator', { round: e.round });
}

function kpis(c: Ctx): Html {
  const d = c.d;
  const pledged = d.burden.points.reduce((s, p) => s + p.pledged, 0);
  const approved = d.proposals.filter((p) => p.outcome === 'approved').length;
  const delivered = d.proposals.filter((p) => p.delivered).length;
  const items: [string, string][] = [
    [c.t('kpiIndex'), `${d.allianceIndex}/100`],
    [c.t('kpiPledged'), c.money(pledged)],
    [c.t('kpiPool'), c.money(d.pool)],
    [c.t('kpiApproved'), c.t('ofN', { a: approved, b: d.proposals.length })],
    [c.t('kpiDelivered'), String(delivered)],
    [c.t('kpiCrises'), String(d.crises.length)],
  ];
  return html`<ul class="kpis">${items.map(([k, v]) => html`<li class="kpi"><span class="v">${v}</span> <span class="k">${k}</span></li>`)}</ul>`;
}

// —— Timeline ————————————————————————————————————————————————————————————————

function resultText(c: Ctx, p: { tally: Tally; override: DebriefProposal['override'] }): string {
  const t = p.tally;
  if (p.override) return c.t('overriddenTo', { outcome: c.t(p.override.outcome === 'approved' ? 'approvedWord' : 'rejectedWord'), reason: p.override.reason });
  if (t.vetoedBy.length) return c.t('vetoedBy', { of: memberOf(c.d, t.vetoedBy, c.locale) });
  if (t.passed) return c.t(t.blockingMinorityMissing ? 'passedNoBlocking' : 'passed');
  if (!t.countMet) return c.t('rejectedCount');
  if (!t.weightMet) return c.t('rejectedWeight');
  return c.t('rejected');
}

/**
 * What happened to the money of an approved proposal, as it stood at the end of the round the
 * timeline row belongs to — never its later fate — followed by that fate when it came later
 * ("waiting for money; funded in 2028").
 */
function moneyText(c: Ctx, p: DebriefProposal, round: number): string {
  if (p.outcome === 'rejected') return '—';
  const fate = moneyFate(c.d, p.id);
  const at = (r: number | undefined, upTo: number) => r !== undefined && r <= upTo;
  const now = at(fate.delivered, round) ? c.t('delivered') : at(fate.funded, round) ? c.t('funded') : c.t('unfunded');
  const year = (r: number) => c.d.scenario.startYear + r - 1;
  const later: string[] = [];
  if (fate.funded !== undefined && fate.funded > round) later.push(c.t('fundedIn', { year: year(fate.funded) }));
  if (fate.delivered !== undefined && fate.delivered > round) later.push(c.t('deliveredIn', { year: year(fate.delivered) }));
  return later.length ? `${now}; ${later.join(', ')}` : now;
}

/** The rounds in which a proposal was funded and delivered, from the rounds' reports. */
function moneyFate(d: Debrief, id: string): { funded?: number; delivered?: number } {
  const out: { funded?: number; delivered?: number } = {};
  for (const r of d.rounds) {
    if (out.funded === undefined && r.report.funded.includes(id)) out.funded = r.report.round;
    if (out.delivered === undefined && r.report.delivered.includes(id)) out.delivered = r.report.round;
  }
  if (out.delivered !== undefined && out.funded === undefined) out.funded = out.delivered;
  return out;
}

/**
 * Seat changes in a round: the facilitator's seat assignments and frees, and (R1.7) every `seat`
 * (a move or an admission) and `unseat` (a removal). A player's first `seat` by the system actor is
 * its join, not a change; a later one (the player back at another seat) is.
 */
export function seatChanges(actions: readonly ActionRecord[], round: number): number {
  const seated = new Set<string>();
  let n = 0;
  for (const a of actions) {
    const join = a.type === 'seat' && a.actor.kind === 'system' && !seated.has(String(a.detail.player));
    if (a.type === 'seat') seated.add(String(a.detail.player));
    if (a.round !== round || join) continue;
    if (a.type === 'seat' || a.type === 'unseat' || ((a.type === 'assignSeat' || a.type === 'freeSeat') && a.actor.kind === 'facilitator')) n++;
  }
  return n;
}

function facilitatorSummary(c: Ctx, round: number): string[] {
  const acts = c.d.interventions.filter((a) => a.round === round || (round === 1 && a.round === 0 && a.type === 'inject'));
  const out: string[] = [];
  for (const a of acts) {
    if (a.type === 'inject') {
      const ev = a.detail.event;
      if (typeof ev === 'string') {
        const played = c.d.rounds.map((r) => r.report.event).find((e) => e?.id === ev);
        out.push(c.t('ivInject', { title: played ? played.title[c.locale] : ev }));
      } else {
        const title = (ev as { title: { en: string; fr: string } }).title;
        out.push(c.t('ivInjectCustom', { title: title[c.locale] }));
      }
    }
    if (a.type === 'end') out.push(typeof a.detail.reason === 'string' ? c.t('ivEnd', { reason: a.detail.reason }) : c.t('ivEndPlain'));
    if (a.type === 'extend') out.push(c.t('ivExtend', { s: Number(a.detail.seconds) }));
  }
  for (const o of c.d.overrides.filter((x) => x.round === round)) out.push(c.t('ivOverride', { target: o.target, reason: o.reason }));
  const count = (type: string) => acts.filter((a) => a.type === type).length;
  if (count('announce')) out.push(c.t('ivAnnounce', { n: count('announce') }));
  if (count('pause')) out.push(c.t('ivPause', { n: count('pause') }));
  if (count('advance')) out.push(c.t('ivAdvance', { n: count('advance') }));
  if (count('setTimers')) out.push(c.t('ivTimers'));
  const seats = seatChanges(c.d.actions, round);
  if (seats && round > 0) out.push(c.t('ivSeats', { n: seats }));
  return out;
}

function proposalTable(c: Ctx, list: DebriefProposal[], caption: string): Html {
  return html`<div class="scroll" role="region" aria-label="${caption}" tabindex="0"><table class="proposals">
<caption class="sr">${caption}</caption>
<thead><tr><th scope="col">${c.t('colProposal')}</th><th scope="col">${c.t('colChannel')}</th><th scope="col">${c.t('colLead')}</th><th scope="col" class="n">${c.t('colCost')}</th><th scope="col" class="n">${c.t('colYes')}</th><th scope="col" class="n">${c.t('colNo')}</th><th scope="col" class="n">${c.t('colAbstain')}</th><th scope="col" class="n">${c.t('colSilent')}</th><th scope="col" class="n">${c.t('colMembersShare')}</th><th scope="col" class="n">${c.t('colWeightShare')}</th><th scope="col">${c.t('colResult')}</th><th scope="col">${c.t('colMoney')}</th></tr></thead>
<tbody>${list.map((p) => {
    const t = p.tally;
    const cls = p.outcome === 'approved' ? 'ok' : 'ko';
    return html`<tr><th scope="row">${p.id} ${p.name[c.locale]}${p.custom ? html` <span class="tag">${c.t('custom')}</span>` : ''}</th><td>${c.t(p.channel === 'fund' ? 'channelFund' : 'channelCommon')}</td><td>${c.name(p.lead)}</td><td class="n">${c.money(p.cost)}</td><td class="n">${t.yes.length}</td><td class="n">${t.no.length}</td><td class="n">${t.abstain.length}</td><td class="n">${t.silent.length}</td><td class="n">${t.rule.passCountShare === null ? '—' : c.pct(t.countShare)}</td><td class="n">${t.rule.passWeightShare === null ? '—' : c.pct(t.weightShare)}</td><td class="${cls}">${resultText(c, p)}</td><td>${moneyText(c, p, p.round)}</td></tr>`;
  })}</tbody></table></div>`;
}

function timeline(c: Ctx): Html {
  const d = c.d;
  if (d.rounds.length === 0) return html`<p>${c.t('noVotes')}</p>`;
  return html`${d.rounds.map((r) => {
    const rep = r.report;
    const ev = rep.event;
    const settled = rep.pledges.reduce((s, p) => s + p.settled, 0);
    const givers = rep.pledges.filter((p) => p.settled > 0).length;
    const fallen = rep.pledges.filter((p) => p.status === 'fallen').map((p) => p.member);
    const props = d.proposals.filter((p) => p.round === rep.round);
    const withdrawn = d.withdrawn.filter((p) => p.round === rep.round);
    const lines: string[] = [];
    if (rep.funded.length) lines.push(c.t('fundedLine', { list: rep.funded.map(c.proposal).join(', ') }));
    if (rep.unfunded.length) lines.push(c.t('unfundedLine', { list: rep.unfunded.map(c.proposal).join(', ') }));
    if (rep.delivered.length) lines.push(c.t('deliveredLine', { list: rep.delivered.map(c.proposal).join(', ') }));
    lines.push(rep.crises.length ? c.t('crisesLine', { list: rep.crises.map((id) => trackName(d, id, c.locale)).join(', ') }) : c.t('noCrisisLine'));
    if (rep.arrears.length) lines.push(c.t('arrearsLine', { list: c.list(rep.arrears) }));
    lines.push(c.t('poolLine', { pool: c.money(rep.poolAfter), index: r.allianceIndex }));
    const fac = facilitatorSummary(c, rep.round);
    if (fac.length) lines.push(c.t('facilitatorLine', { list: fac.join('; ') }));
    lines.push(c.t('messagesLine', { n: r.messages }));
    return html`<article class="round" aria-labelledby="round-${rep.round}">
<h3 id="round-${rep.round}">${c.t('roundYear', { round: rep.round, year: rep.year })}</h3>
${eventBlock(c, ev)}
<p>${givers ? c.t('pledgesLine', { n: givers, total: c.money(settled) }) : c.t('noPledges')}${fallen.length ? html` ${c.t('fellAwayLine', { members: c.list(fallen) })}` : ''}</p>
${props.length ? proposalTable(c, props, c.t('roundYear', { round: rep.round, year: rep.year })) : html`<p>${c.t('noProposals')}</p>`}
${withdrawn.length ? html`<p>${c.t('withdrawnLine', { list: withdrawn.map((w) => `${w.id} ${w.name[c.locale]}`).join(', ') })}</p>` : ''}
<ul class="facts">${lines.map((l) => html`<li>${l}</li>`)}</ul>
</article>`;
  })}${unresolved(c)}`;
}

function eventBlock(c: Ctx, ev: Debrief['progress']['event']): Html {
  const source = ev ? c.t(ev.source === 'deck' ? 'sourceDeck' : ev.source === 'trigger' ? 'sourceTrigger' : 'sourceInjected') : '';
  return html`<div class="event"><p><strong>${c.t('event')}${c.locale === 'fr' ? '\u00a0:' : ':'}</strong> ${ev ? html`<strong>${ev.title[c.locale]}</strong> <span class="muted">(${source})</span>` : c.t('quietYear')}</p>${ev ? html`<p class="event-text">${ev.text[c.locale]}</p>` : ''}</div>`;
}

/** What happened after the last resolved round (a game in progress, or ended by the facilitator). */
function unresolved(c: Ctx): Html {
  const last = c.d.rounds.at(-1)?.report.round ?? 0;
  if (c.d.progress.round <= last) return html``;
  const round = c.d.progress.round;
  const lines = facilitatorSummary(c, round);
  const messages = c.d.progress.round > 0 ? c.d.actions.filter((a) => a.round === round && (a.type === 'chat' || a.type === 'announce')).length : 0;
  return html`<article class="round" aria-labelledby="round-${round}">
<h3 id="round-${round}">${c.t('roundYear', { round, year: c.d.scenario.startYear + round - 1 })} ${c.t('notResolved')}</h3>
${eventBlock(c, c.d.progress.event)}
<ul class="facts">${lines.length ? html`<li>${c.t('facilitatorLine', { list: lines.join('; ') })}</li>` : ''}<li>${c.t('messagesLine', { n: messages })}</li></ul>
</article>`;
}

// —— Pledges, conditions, returns ————————————————————————————————————————————

function heat(value: number, max: number): string {
  if (max <= 0 || value <= 0) return '';
  const k = Math.min(1, value / max);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * k);
  return `background:rgb(${mix(255, 156)},${mix(255, 195)},${mix(255, 230)})`;
}

function pledges(c: Ctx): Html {
  const d = c.d;
  if (d.rounds.length === 0) return html`<p>${c.t('noPledges')}</p>`;
  const per = (id: MemberId, round: number) => d.rounds[round]!.report.pledges.find((p) => p.member === id)?.settled ?? 0;
  const max = Math.max(0, ...d.members.flatMap((m) => d.rounds.map((_, i) => per(m.id, i))));
  const ranked = [...d.members].sort((a, b) => (d.burden.points.find((p) => p.member === b.id)?.pledged ?? 0) - (d.burden.points.find((p) => p.member === a.id)?.pledged ?? 0));
  const shown = ranked.filter((m) => (d.rounds.at(-1)?.cumulativePledged[m.id] ?? 0) > 0).slice(0, 8);
  const series: LineSeries[] = shown.map((m) => ({
    label: `${m.name[c.locale]} (${m.id})`, colour: m.colour,
    values: [0, ...d.rounds.map((r) => (r.cumulativePledged[m.id] ?? 0) / 1000)],
  }));
  const some = shown.length < d.members.length;
  return html`<p>${c.t('pledgesIntro')}</p>
${series.length ? html`<figure>${lineChart({ id: 'chart-pledges', title: c.t('pledgesChartTitle'), desc: c.t('pledgesChartDesc'), xLabels: c.years(), series, yFormat: (v) => c.num(v) })}<figcaption>${legend(series)}${some ? html`<span class="muted">${c.t('pledgesChartSome', { n: shown.length })}</span>` : ''}</figcaption></figure>` : ''}
<div class="scroll" role="region" aria-label="${c.t('secPledges')}" tabindex="0"><table>
<caption class="sr">${c.t('secPledges')}</caption>
<thead><tr><th scope="col">${c.t('colMember')}</th>${d.rounds.map((r) => html`<th scope="col" class="n">${r.report.year}</th>`)}<th scope="col" class="n">${c.t('colTotal')}</th><th scope="col" class="n">${c.t('colShareGdp')}</th></tr></thead>
<tbody>${ranked.map((m) => {
    const pt = d.burden.points.find((p) => p.member === m.id)!;
    return html`<tr><th scope="row">${c.member(m.id)}</th>${d.rounds.map((_, i) => html`<td class="n" style="${heat(per(m.id, i), max)}">${per(m.id, i) ? c.money(per(m.id, i)) : '·'}</td>`)}<td class="n"><strong>${c.money(pt.pledged)}</strong></td><td class="n">${c.pct(pt.sharePct / 100, 2)}</td></tr>`;
  })}</tbody></table></div>`;
}

function conditional(c: Ctx): Html {
  const rows = c.d.conditionalPledges;
  if (rows.length === 0) return html`<p>${c.t('conditionalIntro')}</p><p>${c.t('noConditional')}</p>`;
  const honoured = rows.filter((r) => r.status === 'honoured').length;
  return html`<p>${c.t('conditionalIntro')}</p><p><strong>${c.t('conditionalSummary', { honoured, fallen: rows.length - honoured })}</strong></p>
<div class="scroll" role="region" aria-label="${c.t('secConditional')}" tabindex="0"><table>
<caption class="sr">${c.t('secConditional')}</caption>
<thead><tr><th scope="col">${c.t('round')}</th><th scope="col">${c.t('colMember')}</th><th scope="col" class="n">${c.t('colAmount')}</th><th scope="col">${c.t('colCondition')}</th><th scope="col" class="n">${c.t('colSettled')}</th><th scope="col">${c.t('colStatus')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.round}</td><th scope="row">${c.member(r.member)}</th><td class="n">${c.money(r.amount)}</td><td>${conditionText(c.d, r.condition, c.locale)}</td><td class="n">${c.money(r.settled)}</td><td class="${r.status === 'honoured' ? 'ok' : 'ko'}">${c.t(r.status === 'honoured' ? 'honoured' : r.status === 'fallen' ? 'fallen' : 'pending')}</td></tr>`)}</tbody></table></div>`;
}

function returns(c: Ctx): Html {
  const d = c.d;
  const rows = d.scores.map((s) => ({ id: s.member, pledged: d.burden.points.find((p) => p.member === s.member)!.pledged, returns: d.returns[s.member] ?? 0 }))
    .sort((a, b) => b.returns - a.returns || b.pledged - a.pledged);
  const groups = [{ label: c.t('colPledged'), colour: '#6c7a89' }, { label: c.t('colReturns'), colour: '#1f5fa8' }];
  const any = rows.some((r) => r.returns > 0 || r.pledged > 0);
  return html`<p>${c.t(d.rulesVersion >= 2 ? 'returnsIntroV2' : 'returnsIntro')}</p>
${any ? html`<figure>${barChart({ id: 'chart-returns', title: c.t('returnsChartTitle'), desc: c.t('returnsChartDesc'), categories: rows.map((r) => r.id), groups, values: rows.map((r) => [r.pledged / 1000, r.returns / 1000]), format: (v) => c.num(v) })}<figcaption>${barLegend(groups)}</figcaption></figure>` : ''}
<div class="scroll" role="region" aria-label="${c.t('secReturns')}" tabindex="0"><table>
<caption class="sr">${c.t('secReturns')}</caption>
<thead><tr><th scope="col">${c.t('colMember')}</th>${d.rounds.map((r) => html`<th scope="col" class="n">${r.report.year}</th>`)}<th scope="col" class="n">${c.t('colReturns')}</th><th scope="col" class="n">${c.t('colPledged')}</th><th scope="col" class="n">${c.t('colRatio')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row">${c.member(r.id)}</th>${d.rounds.map((round) => html`<td class="n">${round.report.returns[r.id] ? c.money(round.report.returns[r.id]!) : '·'}</td>`)}<td class="n"><strong>${c.money(r.returns)}</strong></td><td class="n">${c.money(r.pledged)}</td><td class="n">${r.pledged > 0 ? c.num(r.returns / r.pledged, 2) : '—'}</td></tr>`)}</tbody></table></div>`;
}

// —— Burden sharing ————————————————————————————————————————————————————————————

function burden(c: Ctx): Html {
  const b = c.d.burden;
  const pts = b.points;
  const xs = pts.map((p) => p.gdp);
  const xLog = Math.max(...xs) / Math.max(1e-9, Math.min(...xs)) > 30;
  const fit = b.fit;
  const stats = fit && b.r !== null
    ? c.t('burdenStats', {
      r: c.num(b.r, 2), rho: b.spearman === null ? c.t('notApplicable') : c.num(b.spearman, 2),
      a: formatNumber(fit.intercept, 3, c.locale), sign: fit.slope < 0 ? '−' : '+', b: formatNumber(Math.abs(fit.slope * 1000), 3, c.locale), n: pts.filter((p) => p.comparable).length,
    })
    : c.t('burdenNoFit');
  const slope = fit && b.r !== null ? (Math.abs(b.r) < 0.3 ? c.t('burdenFlat') : fit.slope > 0 ? c.t('burdenPositive') : c.t('burdenNegative')) : '';
  const like = pts.filter((p) => p.comparable);
  const caveats = [
    b.mirror !== null ? c.t('burdenCaveatMirror', { mirror: c.num(b.mirror, 2) }) : '',
    b.effort !== null ? c.t('burdenCaveatEffort', { effort: c.num(b.effort, 2) }) : '',
    c.t('burdenCaveatSmall', { n: like.length }),
  ].filter(Boolean);
  return html`<p>${c.t('burdenIntro')}</p>
<figure>${scatterChart({
    id: 'chart-burden', title: c.t('burdenChartTitle'), desc: c.t('burdenChartDesc', { log: xLog ? c.t('logScale') : '' }),
    points: pts.map((p) => ({ label: p.member, x: p.gdp, y: p.sharePct, colour: c.colour(p.member) })), fit,
    xLabel: c.t('axisGdp') + (xLog ? c.t('logScale') : ''), yLabel: c.t('axisShare'), xLog,
    xFormat: (v) => formatNumber(v, 0, c.locale), yFormat: (v) => formatNumber(v, v < 0.1 && v > 0 ? 3 : 2, c.locale),
  })}<figcaption><strong>${stats}</strong> ${slope}${b.excluded.length ? html` ${c.t('burdenExcluded', { list: c.list(b.excluded), all: pts.length, rAll: b.all.r === null ? c.t('notApplicable') : c.num(b.all.r, 2) })}` : ''}</figcaption></figure>
<div class="caveat"><h3>${c.t('burdenCaveatTitle')}</h3><ul>${caveats.map((x) => html`<li>${x}</li>`)}</ul></div>
<div class="scroll" role="region" aria-label="${c.t('secBurden')}" tabindex="0"><table>
<caption class="sr">${c.t('secBurden')}</caption>
<thead><tr><th scope="col">${c.t('colMember')}</th><th scope="col" class="n">${c.t('colGdp')}</th><th scope="col" class="n">${c.t('colPledged')}</th><th scope="col" class="n">${c.t('colShareGdp')}</th></tr></thead>
<tbody>${[...pts].sort((a, b2) => b2.gdp - a.gdp).map((p) => html`<tr><th scope="row">${c.member(p.member)}</th><td class="n">${c.money(p.gdp * 1000, 0)}</td><td class="n">${c.money(p.pledged)}</td><td class="n">${c.pct(p.sharePct / 100, 3)}</td></tr>`)}</tbody></table></div>`;
}

// —— Tracks, crises, meters ———————————————————————————————————————————————————

function tracks(c: Ctx): Html {
  const d = c.d;
  const crisisRounds = (track: string) => new Set(d.crises.filter((x) => x.track === track).map((x) => x.round));
  const val = (track: string, i: number, key: 'threat' | 'capability') =>
    i === 0 ? d.initial.tracks[track]![key] : d.rounds[i - 1]!.report.tracks[track]![key];
  const idx = Array.from({ length: d.rounds.length + 1 }, (_, i) => i);
  return html`<p>${c.t('tracksIntro')}</p>
<div class="multiples">${d.scenario.tracks.map((tr) => {
    const inCrisis = crisisRounds(tr.id);
    const series: LineSeries[] = [
      { label: c.t('capability'), colour: '#1f5fa8', dash: '', marker: 'circle', values: idx.map((i) => val(tr.id, i, 'capability')) },
      { label: c.t('threat'), colour: '#b03a2e', dash: '6 3', marker: 'triangle', values: idx.map((i) => val(tr.id, i, 'threat')) },
    ];
    return html`<figure class="small"><figcaption><strong>${tr.name[c.locale]}</strong></figcaption>${lineChart({
      id: `chart-track-${tr.id}`, title: tr.name[c.locale], desc: c.t('trackChartDesc', { track: tr.name[c.locale] }),
      xLabels: c.years(), series, yMin: 0, yMax: 10, width: 360, height: 210,
      shade: idx.map((i) => i > 0 && inCrisis.has(d.rounds[i - 1]!.report.round)), shadeLabel: c.t('crisisWord'),
    })}${legend(series)}</figure>`;
  })}</div>
<p class="muted">${c.t('tracksCellKey')}</p>
<div class="scroll" role="region" aria-label="${c.t('secTracks')}" tabindex="0"><table>
<caption class="sr">${c.t('secTracks')} (${c.t('capability')} / ${c.t('threat')})</caption>
<thead><tr><th scope="col">${c.t('colTrack')}</th>${c.years().map((y) => html`<th scope="col" class="n">${y}</th>`)}</tr></thead>
<tbody>${d.scenario.tracks.map((tr) => html`<tr><th scope="row">${tr.name[c.locale]}</th>${idx.map((i) => {
    const crisis = i > 0 && crisisRounds(tr.id).has(d.rounds[i - 1]!.report.round);
    return html`<td class="n${crisis ? ' crisis' : ''}">${c.num(val(tr.id, i, 'capability'))} / ${c.num(val(tr.id, i, 'threat'))}${crisis ? html` <span class="tag">${c.t('crisisWord')}</span>` : ''}</td>`;
  })}</tr>`)}</tbody></table></div>`;
}

function crises(c: Ctx): Html {
  const list = c.d.crises;
  if (list.length === 0) return html`<p>${c.t('noCrises')}</p>`;
  return html`<div class="scroll" role="region" aria-label="${c.t('secCrises')}" tabindex="0"><table>
<caption class="sr">${c.t('secCrises')}</caption>
<thead><tr><th scope="col">${c.t('round')}</th><th scope="col">${c.t('colTrack')}</th><th scope="col">${c.t('colMembersHit')}</th></tr></thead>
<tbody>${list.map((x) => html`<tr><td>${x.round} (${c.d.scenario.startYear + x.round - 1})</td><th scope="row">${trackName(c.d, x.track, c.locale)}</th><td>${c.list(x.members)}</td></tr>`)}</tbody></table></div>`;
}

const METER_STYLE: Record<Meter, { key: LabelKey; colour: string; marker: 'circle' | 'square' | 'triangle'; dash: string }> = {
  cohesion: { key: 'meterCohesion', colour: '#1e7b45', marker: 'circle', dash: '' },
  usEngagement: { key: 'meterUsEngagement', colour: '#1f5fa8', marker: 'square', dash: '6 3' },
  autonomy: { key: 'meterAutonomy', colour: '#7d3c98', marker: 'triangle', dash: '2 3' },
};

function meters(c: Ctx): Html {
  const d = c.d;
  const keys = Object.keys(METER_STYLE) as Meter[];
  const values = (k: Meter) => [d.initial.meters[k], ...d.rounds.map((r) => r.report.meters[k])];
  const series: LineSeries[] = keys.map((k) => ({ label: c.t(METER_STYLE[k].key), colour: METER_STYLE[k].colour, marker: METER_STYLE[k].marker, dash: METER_STYLE[k].dash, values: values(k) }));
  return html`<p>${c.t('metersIntro')}</p>
<figure>${lineChart({ id: 'chart-meters', title: c.t('metersChartTitle'), desc: c.t('metersChartDesc'), xLabels: c.years(), series, yMin: 0, yMax: 10, height: 260 })}<figcaption>${legend(series)}</figcaption></figure>
<div class="scroll" role="region" aria-label="${c.t('secMeters')}" tabindex="0"><table>
<caption class="sr">${c.t('secMeters')}</caption>
<thead><tr><th scope="col">${c.t('colMeter')}</th>${c.years().map((y) => html`<th scope="col" class="n">${y}</th>`)}</tr></thead>
<tbody>${keys.map((k) => html`<tr><th scope="row">${c.t(METER_STYLE[k].key)}</th>${values(k).map((v) => html`<td class="n">${c.num(v)}</td>`)}</tr>`)}
<tr><th scope="row">${c.t('kpiIndex')}</th><td class="n">—</td>${d.rounds.map((r) => html`<td class="n">${r.allianceIndex}</td>`)}</tr></tbody></table></div>`;
}

// —— Votes, power, counterfactuals ————————————————————————————————————————————

/**
 * The widest matrix printed on A4 or Letter portrait: a wider one is split into several tables of at
 * most this many columns, since print cannot scroll sideways (the A4 check in tests/debrief/browser.test.ts).
 */
const MATRIX_COLUMNS = 12;

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

function voteCell(c: Ctx, p: DebriefProposal, id: MemberId): Html {
  if (!p.tally.electorate.includes(id)) return html`<td class="v-ineligible"><span aria-hidden="true">·</span><span class="sr">${c.t('voteNotEligible')}</span></td>`;
  const v: Choice | undefined = p.votes[id];
  if (!v) return html`<td class="v-silent"><span aria-hidden="true">–</span><span class="sr">${c.t('voteSilent')}</span></td>`;
  const word = c.t(v === 'yes' ? 'voteYes' : v === 'no' ? 'voteNo' : 'voteAbstain');
  return html`<td class="v-${v}">${word}</td>`;
}

function votes(c: Ctx): Html {
  const d = c.d;
  if (d.proposals.length === 0) return html`<p>${c.t('noVotes')}</p>`;
  const pairs = d.agreement.filter((a) => a.both > 0);
  const share = (a: { same: number; both: number }) => a.same / a.both;
  const k = Math.min(3, Math.floor(pairs.length / 2));
  const close = [...pairs].sort((x, y) => share(y) - share(x) || y.both - x.both).slice(0, k);
  const far = [...pairs].filter((x) => !close.includes(x)).sort((x, y) => share(x) - share(y) || y.both - x.both).slice(0, k);
  const pairText = (a: { a: string; b: string; same: number; both: number }) => `${c.name(a.a)}–${c.name(a.b)} ${c.pct(share(a))}`;
  const agreementOf = (a: MemberId, b: MemberId) => d.agreement.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
  return html`<p>${c.t('votesIntro')}</p>
${chunks(d.proposals, MATRIX_COLUMNS).map((part) => {
    const caption = `${c.t('secVotes')} (${part[0]!.id}–${part.at(-1)!.id})`;
    return html`<div class="scroll" role="region" aria-label="${caption}" tabindex="0"><table class="matrix">
<caption class="sr">${caption}</caption>
<thead><tr><th scope="col">${c.t('colMember')}</th>${part.map((p) => html`<th scope="col" title="${p.name[c.locale]}">${p.id}</th>`)}</tr></thead>
<tbody>${d.members.map((m) => html`<tr><th scope="row">${c.member(m.id)}</th>${part.map((p) => voteCell(c, p, m.id))}</tr>`)}
<tr class="outcome"><th scope="row">${c.t('colResult')}</th>${part.map((p) => html`<td class="${p.outcome === 'approved' ? 'ok' : 'ko'}">${c.t(p.outcome === 'approved' ? 'passes' : 'fails')}</td>`)}</tr></tbody></table></div>`;
  })}
<p class="muted">${c.t('voteKey')} ${d.proposals.map((p) => `${p.id}: ${p.name[c.locale]}`).join(' · ')}</p>
<h3>${c.t('agreementTitle')}</h3>
<p>${c.t('agreementIntro')} ${close.length ? c.t('agreementClosest', { list: close.map(pairText).join(', '), far: far.map(pairText).join(', ') }) : ''}</p>
${chunks(d.members, MATRIX_COLUMNS).map((cols) => html`<div class="scroll" role="region" aria-label="${c.t('agreementTitle')} (${cols[0]!.id}–${cols.at(-1)!.id})" tabindex="0"><table class="matrix">
<caption class="sr">${c.t('agreementTitle')} (${cols[0]!.id}–${cols.at(-1)!.id})</caption>
<thead><tr><th scope="col">${c.t('colMember')}</th>${cols.map((m) => html`<th scope="col">${m.id}</th>`)}</tr></thead>
<tbody>${d.members.map((a) => html`<tr><th scope="row">${c.member(a.id)}</th>${cols.map((b) => {
    if (a.id === b.id) return html`<td class="v-ineligible">—</td>`;
    const x = agreementOf(a.id, b.id);
    if (!x || x.both === 0) return html`<td class="v-silent">·</td>`;
    return html`<td class="n" style="${heat(share(x), 1)}">${c.pct(share(x))}</td>`;
  })}</tr>`)}</tbody></table></div>`)}`;
}

function power(c: Ctx): Html {
  const d = c.d;
  const ix = d.power.indices;
  const rule = ruleName(d.power.ruleName, c.locale);
  if (!ix) return html`<p>${c.t('powerNone')}</p>`;
  const method = ix.method === 'enumeration' ? c.t('methodEnumeration', { n: formatNumber(2 ** ix.players.length, 0, c.locale) })
    : ix.method === 'dynamic-programming' ? c.t('methodDp')
    : c.t('methodMonteCarlo', { samples: formatNumber(ix.samples ?? 0, 0, c.locale), se: formatNumber(ix.standardError ?? 0, 4, c.locale) });
  const order = ix.players.map((_, i) => i).sort((a, b) => ix.banzhaf[b]! - ix.banzhaf[a]!);
  const groups = [{ label: c.t('weightShareLegend'), colour: '#6c7a89' }, { label: c.t('colBanzhaf'), colour: '#1f5fa8' }, { label: c.t('colShapley'), colour: '#a0522d' }];
  const outside = d.members.filter((m) => !ix.players.includes(m.id)).map((m) => m.id);
  return html`<p>${c.t('powerIntro', { rule })}</p><p>${c.t('powerDefs')} <em>${method}</em></p>
<figure>${barChart({ id: 'chart-power', title: c.t('powerChartTitle'), desc: c.t('powerChartDesc'), categories: order.map((i) => ix.players[i]!), groups, values: order.map((i) => [ix.weightShare[i]! * 100, ix.banzhaf[i]! * 100, ix.shapleyShubik[i]! * 100]), format: (v) => c.pct(v / 100, 1) })}<figcaption>${barLegend(groups)}</figcaption></figure>
<div class="scroll" role="region" aria-label="${c.t('secPower')}" tabindex="0"><table>
<caption class="sr">${c.t('secPower')}</caption>
<thead><tr><th scope="col">${c.t('colMember')}</th><th scope="col" class="n">${c.t('colWeight')}</th><th scope="col" class="n">${c.t('colWeightShareLong')}</th><th scope="col" class="n">${c.t('colBanzhaf')}</th><th scope="col" class="n">${c.t('colShapley')}</th><th scope="col" class="n">${c.t('colPowerRatio')}</th></tr></thead>
<tbody>${order.map((i) => html`<tr><th scope="row">${c.member(ix.players[i]!)}</th><td class="n">${c.num(ix.weights[i]!, d.power.rule.weightBasis === 'pledged' ? 0 : 1)}</td><td class="n">${c.pct(ix.weightShare[i]!, 1)}</td><td class="n">${c.pct(ix.banzhaf[i]!, 1)}</td><td class="n">${c.pct(ix.shapleyShubik[i]!, 1)}</td><td class="n">${ix.weightShare[i]! > 0 ? c.num(ix.banzhaf[i]! / ix.weightShare[i]!, 2) : '—'}</td></tr>`)}</tbody></table></div>
${outside.length ? html`<p class="muted">${c.t('notInElectorate', { list: c.list(outside) })}</p>` : ''}`;
}

function counterfactual(c: Ctx): Html {
  const d = c.d;
  if (d.proposals.length === 0) return html`<p>${c.t('noVotes')}</p>`;
  const cf = d.counterfactual;
  const cell = (passed: boolean, differs: boolean) =>
    html`<td class="${passed ? 'ok' : 'ko'}${differs ? ' differs' : ''}">${passed ? '✓' : '✗'} ${c.t(passed ? 'passes' : 'fails')}${differs ? html`<span class="sr"> (${c.t('cfDiffers')})</span>` : ''}</td>`;
  const channels = new Set(d.proposals.map((p) => p.channel));
  const actual = [...channels].sort().map((ch) => c.t('cfActualRule', { channel: c.t(ch === 'fund' ? 'channelFund' : 'channelCommon'), rule: ruleName(ch === 'fund' ? d.rules.fundName : d.rules.commonName, c.locale) }));
  return html`<p>${c.t('cfIntro')}</p><p>${c.t('cfActualRules', { list: actual.join('; ') })}</p>
<div class="scroll" role="region" aria-label="${c.t('secCounterfactual')}" tabindex="0"><table class="cf">
<caption class="sr">${c.t('secCounterfactual')}</caption>
<thead><tr><th scope="col">${c.t('colProposal')}</th><th scope="col">${c.t('colActual')}</th>${COUNTERFACTUAL_RULES.map((r) => html`<th scope="col">${ruleName(r, c.locale)}</th>`)}</tr></thead>
<tbody>${d.proposals.map((p) => html`<tr><th scope="row">${p.id} ${p.name[c.locale]}</th><td class="${p.tally.passed ? 'ok' : 'ko'}">${p.tally.passed ? '✓' : '✗'} ${c.t(p.tally.passed ? 'passes' : 'fails')} <span class="muted">(${c.t(p.channel === 'fund' ? 'channelFund' : 'channelCommon')})</span></td>${COUNTERFACTUAL_RULES.map((r) => cell(p.counterfactual[r].passed, p.counterfactual[r].passed !== p.tally.passed))}</tr>`)}</tbody></table></div>
<div class="cf-lists">
<div><h3>${c.t('cfKilled')}</h3>${cf.killedByVeto.length ? html`<ul>${cf.killedByVeto.map((k) => html`<li>${c.t('cfKilledItem', { proposal: c.proposal(k.proposal), members: c.list(k.vetoers) })}</li>`)}</ul>` : html`<p>${c.t('cfNone')}</p>`}</div>
<div><h3>${c.t('cfMajority')}</h3>${cf.passedByMajority.length ? html`<ul>${cf.passedByMajority.map((k) => html`<li>${c.t('cfMajorityItem', { proposal: c.proposal(k.proposal), yes: k.yes, n: k.electorate })}</li>`)}</ul>` : html`<p>${c.t('cfNone')}</p>`}</div>
<div><h3>${c.t('cfQmv')}</h3>${cf.passedByQmv.length ? html`<ul>${cf.passedByQmv.map((k) => html`<li>${c.proposal(k.proposal)}</li>`)}</ul>` : html`<p>${c.t('cfNone')}</p>`}</div>
</div>`;
}

// —— Negotiation, scores, guide, about ———————————————————————————————————————

function negotiation(c: Ctx): Html {
  const d = c.d;
  const m = d.messages;
  if (m.total === 0) return html`<p>${c.t('noMessages')}</p>`;
  const active = d.members.filter((x) => m.pairs.some((p) => p.from === x.id || p.to === x.id) || (m.sent[x.id]?.public ?? 0) > 0);
  const count = (from: string, to: string) => m.pairs.find((p) => p.from === from && p.to === to)?.count ?? 0;
  const max = Math.max(0, ...m.pairs.map((p) => p.count));
  const top = [...m.pairs].sort((a, b) => b.count - a.count)[0];
  const who = (from: string) => (from === 'facilitator' ? c.t('facilitatorWord') : c.name(from));
  return html`<p>${c.t('messagesIntro', { total: m.total, pub: m.public, priv: m.private, ann: m.announcements })}${top ? ` ${c.t('messagesTop', { from: c.name(top.from), to: c.name(top.to), n: top.count })}` : ''}</p>
${chunks(active, MATRIX_COLUMNS).map((cols, k, all) => {
    const last = k === all.length - 1;
    return html`<div class="scroll" role="region" aria-label="${c.t('secMessages')} (${cols[0]!.id}–${cols.at(-1)!.id})" tabindex="0"><table class="matrix">
<caption class="sr">${c.t('secMessages')} (${cols[0]!.id}–${cols.at(-1)!.id})</caption>
<thead><tr><th scope="col">${c.t('colFrom')}</th>${cols.map((x) => html`<th scope="col">${x.id}</th>`)}${last ? html`<th scope="col" class="n">${c.t('colPublic')}</th><th scope="col" class="n">${c.t('colPrivate')}</th>` : ''}</tr></thead>
<tbody>${active.map((a) => html`<tr><th scope="row">${c.member(a.id)}</th>${cols.map((b) => a.id === b.id ? html`<td class="v-ineligible">—</td>` : html`<td class="n" style="${heat(count(a.id, b.id), max)}">${count(a.id, b.id) || '·'}</td>`)}${last ? html`<td class="n">${m.sent[a.id]?.public ?? 0}</td><td class="n">${m.sent[a.id]?.private ?? 0}</td>` : ''}</tr>`)}</tbody></table></div>`;
  })}
${m.content ? html`<h3>${c.t('messagesContentTitle')}</h3><div class="scroll" role="region" aria-label="${c.t('messagesContentTitle')}" tabindex="0"><table>
<caption class="sr">${c.t('messagesContentTitle')}</caption>
<thead><tr><th scope="col">${c.t('colWhen')}</th><th scope="col">${c.t('colFrom').split(' ')[0]}</th><th scope="col">${c.t('colTo')}</th><th scope="col">${c.t('colText')}</th></tr></thead>
<tbody>${m.content.map((x) => html`<tr><td>${c.t('round')} ${x.round}, ${c.t(`phase_${x.phase}`)}</td><td>${who(x.from)}</td><td>${x.to.length ? c.list(x.to.filter((id) => id !== x.from)) : c.t('tableWord')}</td><td class="msg">${x.text}</td></tr>`)}</tbody></table></div>` : html`<p class="muted">${c.t('messagesNoContent')}</p>`}`;
}

function scores(c: Ctx): Html {
  const d = c.d;
  const ranked = [...d.scores].sort((a, b) => b.score.total - a.score.total);
  const top = ranked[0];
  const names = d.privacy.displayNames;
  return html`<p>${c.t(d.rulesVersion >= 2 ? 'scoresIntroV2' : 'scoresIntro')}</p>
${top ? html`<p class="callout"><strong>${c.t('scoresIndex', { index: d.allianceIndex, member: c.name(top.member), score: c.score(top.score.total) })}</strong></p>` : ''}
<div class="scroll" role="region" aria-label="${c.t('secScores')}" tabindex="0"><table>
<caption class="sr">${c.t('secScores')}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${c.t('colMember')}</th>${names ? html`<th scope="col">${c.t('colDelegation')}</th>` : ''}<th scope="col" class="n">${c.t('colSecurity')}</th><th scope="col" class="n">${c.t('colInfluence')}</th><th scope="col" class="n">${c.t('colObjective')}</th><th scope="col" class="n">${c.t('colReturns')}</th><th scope="col" class="n">${c.t('colPrudence')}</th><th scope="col" class="n">${c.t('colTotal')}</th><th scope="col">${c.t('colSecretObjective')}</th><th scope="col" class="n">${c.t('colSupport')}</th></tr></thead>
<tbody>${ranked.map((s, i) => {
    const dn = d.members.find((m) => m.id === s.member)?.displayNames;
    return html`<tr><td>${i + 1}</td><th scope="row">${c.member(s.member)}</th>${names ? html`<td>${dn ? dn.join(', ') : ''}</td>` : ''}<td class="n">${c.score(s.score.security)}</td><td class="n">${c.score(s.score.influence)}</td><td class="n">${c.score(s.score.objectives)}</td><td class="n">${c.score(s.score.returns)}</td><td class="n">${c.score(s.score.prudence)}</td><td class="n"><strong>${c.score(s.score.total)}</strong></td><td>${s.objective ? html`${s.objective.title[c.locale]} <span class="${s.objective.met ? 'ok' : 'ko'}">${s.objective.met ? '✓' : '✗'} ${c.t(s.objective.met ? 'met' : 'notMet')}</span><br><span class="muted">${s.objective.text[c.locale]}</span>` : html`<span class="muted">${c.t('hiddenUntilEnd')}</span>`}</td><td class="n">${s.support}</td></tr>`;
  })}</tbody></table></div>`;
}

function guide(c: Ctx): Html {
  return html`<p>${c.t('guideIntro')}</p><ol class="guide">${debriefGuide(c.d, c.locale).map((q) => html`<li data-topic="${q.topic}">${q.text}</li>`)}</ol>`;
}

function about(c: Ctx): Html {
  const notes = c.d.scenario.notes[c.locale].split(/\n\s*\n/).filter((p) => p.trim());
  return html`<p class="about">${c.t('aboutText')}</p>
<h3>${c.t('scenarioNotes')}</h3>${notes.map((p) => html`<p>${p}</p>`)}`;
}

const STYLES = `
:root{--ink:#1b1f24;--muted:#4b5563;--line:#d3d9e1;--accent:#1f3b63;--band:#f3f6fa;--ok:#14532d;--ko:#8b1a10}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
a{color:#1a4f8b}
header.top{background:var(--accent);color:#fff;padding:26px max(40px,calc((100% - 1120px)/2 + 40px)) 22px}
header.top p{max-width:none}
header.top h1{margin:0 0 6px;font-size:2.1rem;line-height:1.15}
header.top .kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:.85rem;color:#e3ebf5}
header.top .meta,header.top .status{margin:4px 0 0;color:#e3ebf5;font-size:.95rem}
main{max-width:1120px;margin:0 auto;padding:10px 40px 48px}
.banner{border-left:5px solid #a86408;background:#fdf4e3;padding:10px 14px;margin:18px 0}
.kpis{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:18px 0}
.kpi{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--band);display:flex;flex-direction:column}
.kpi .v{font-size:1.75rem;font-weight:700;color:var(--accent);line-height:1.2}
.kpi .k{font-size:.88rem;color:var(--muted)}
nav.toc{border:1px solid var(--line);border-radius:8px;padding:4px 18px 8px;background:#fafbfd}
nav.toc .toc-title{font-size:1rem;border:0;margin:8px 0 0;color:var(--ink)}
nav.toc ol{columns:3;column-gap:28px;margin:6px 0;padding-left:22px}
section{margin-top:34px}
h2{font-size:1.45rem;color:var(--accent);border-bottom:2px solid var(--accent);padding-bottom:4px;margin:0 0 10px}
h2 .num{display:inline-block;min-width:1.6em;color:#fff;background:var(--accent);border-radius:4px;text-align:center;font-size:1.05rem;margin-right:6px}
h3{font-size:1.15rem;margin:20px 0 6px}
p{margin:8px 0;max-width:78ch}
.muted{color:var(--muted)}
.round{border-left:4px solid var(--line);padding:2px 0 6px 16px;margin:18px 0}
.event{background:var(--band);border-radius:6px;padding:4px 12px}
.event-text{color:var(--muted);margin-top:0}
table.proposals tbody th{min-width:13em}
.facts{margin:6px 0;padding-left:20px}
table{border-collapse:collapse;font-size:.9rem;margin:8px 0}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#e9eef5}
tbody th{font-weight:600;background:#fafbfd}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.scroll{overflow-x:auto;max-width:100%}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.ok{color:var(--ok);font-weight:600}
.ko{color:var(--ko);font-weight:600}
.differs{outline:3px solid #a86408;outline-offset:-3px;background:#fff3da}
.tag{display:inline-block;font-size:.75rem;border:1px solid #8a94a3;border-radius:3px;padding:0 4px;color:var(--muted);font-weight:400}
.dot{display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:5px;vertical-align:baseline}
.id{color:var(--muted);font-size:.8em;font-weight:400}
.matrix td{text-align:center;white-space:nowrap}
.matrix tbody th{white-space:nowrap}
.v-yes{background:#d5efd9}
.v-no{background:#f9d6d1}
.v-abstain{background:#fbefc5}
.v-silent{color:var(--muted)}
.v-ineligible{background:#f0f1f3;color:var(--muted)}
tr.outcome td{font-size:.8rem}
td.crisis{background:#f9e3e0}
td.msg{max-width:46ch;white-space:pre-wrap;overflow-wrap:anywhere}
figure{margin:12px 0 16px}
figcaption{font-size:.92rem}
svg.chart{display:block;max-width:100%;height:auto;font-size:12px}
svg.chart text{fill:#2b2f36}
svg.chart .grid line{stroke:#e1e5eb}
svg.chart .axis-label,svg.chart .bar-label{font-size:12px;font-weight:600}
svg.chart .point-label{font-size:11px;font-weight:600}
svg.chart .shade-label{font-size:10px;fill:#8b1a10}
.multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:8px 18px}
.multiples figure{margin:4px 0}
.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:2px 16px;font-size:.88rem}
.legend li{display:flex;align-items:center;gap:5px}
.caveat{border-left:5px solid #6c7a89;background:#f5f6f8;padding:2px 14px 4px;margin:10px 0}
.caveat h3{margin:8px 0 2px;font-size:1rem}
.callout{background:#eef4fb;border-left:5px solid var(--accent);padding:8px 14px}
.cf-lists{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:4px 24px}
.guide li{margin:8px 0;max-width:80ch}
.about{font-size:1.02rem}
@media (max-width:700px){main{padding:8px 16px 32px}header.top{padding:20px 16px}nav.toc ol{columns:1}}
@media print{
  @page{margin:14mm 12mm}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  body{font-size:10.5pt}
  header.top{padding:0 0 8px;background:#fff;color:var(--ink);border-bottom:3px solid var(--accent)}
  header.top .kicker,header.top .meta,header.top .status{color:var(--muted)}
  main{max-width:none;padding:0}
  nav.toc{display:none}
  a{color:inherit;text-decoration:none}
  section{break-before:auto}
  h2,h3{break-after:avoid}
  figure,.event,.kpis,tr,.cf-lists>div{break-inside:avoid}
  tbody tr:first-child{break-before:avoid}
  .scroll{overflow:visible}
  table{font-size:7.5pt;max-width:100%}
  th,td{padding:2px 4px}
  .n,.matrix td,.matrix tbody th{white-space:normal}
  table.proposals tbody th{min-width:0}
  td,th{overflow-wrap:anywhere;hyphens:auto}
}
`;
