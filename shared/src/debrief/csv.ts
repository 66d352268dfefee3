import type { Choice } from '../engine/types.ts';
import type { Locale } from '../scenario/schema.ts';
import type { Debrief } from './collect.ts';
import { COUNTERFACTUAL_RULES } from './counterfactual.ts';
import { memberName } from './names.ts';

/**
 * CSV tables of the session (docs/DEBRIEF.md "CSV tables"): RFC 4180 (comma separator, fields with
 * a comma, quote or line break in double quotes, quotes doubled, CRLF line ends), UTF-8 with a byte
 * order mark so spreadsheet programs read accents correctly. Headers are fixed snake_case English;
 * names follow the locale. Money is in whole $m, shares are fractions (0–1), percentages say so.
 * A text cell that a spreadsheet would read as a formula (starting with = + - @, tab or CR) gets a
 * leading apostrophe: a display name or a chat line must never run as a formula.
 */
export type CsvCell = string | number | boolean | null | undefined;

export const CSV_BOM = '\ufeff';

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole table: BOM, header, rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const iso = (ms: number): string => new Date(ms).toISOString();

function names(d: Debrief, id: string): string {
  return d.members.find((m) => m.id === id)?.displayNames?.join('; ') ?? '';
}

/** Every logged action, in order, with the round and phase it was taken in. */
export function csvActions(d: Debrief, locale: Locale = 'en'): string {
  const withNames = d.privacy.displayNames;
  const header = ['seq', 'time_utc', 'round', 'phase', 'actor', 'member', 'member_name', ...(withNames ? ['display_names'] : []), 'action', 'detail'];
  const rows = d.actions.map((a) => {
    const member = a.actor.kind === 'member' ? a.actor.member : '';
    return [a.seq, iso(a.at), a.round, a.phase, a.actor.kind, member, member ? memberName(d, member, locale) : '',
      ...(withNames ? [member ? names(d, member) : ''] : []), a.type, Object.keys(a.detail).length ? JSON.stringify(a.detail) : ''];
  });
  return toCsv(header, rows);
}

/** One row per tallied proposal and member: the recorded vote, or "silent", or not eligible. */
export function csvVotes(d: Debrief, locale: Locale = 'en'): string {
  const header = ['proposal', 'round', 'proposal_name', 'channel', 'lead', 'member', 'member_name', 'eligible', 'vote', 'weight', 'outcome', 'overridden'];
  const rows: CsvCell[][] = [];
  for (const p of d.proposals) {
    const rule = p.tally.rule;
    for (const m of d.members) {
      const eligible = p.tally.electorate.includes(m.id);
      const vote: Choice | 'silent' | '' = eligible ? (p.votes[m.id] ?? 'silent') : '';
      const weight = !eligible ? null
        : rule.weightBasis === 'pledged' ? r6(p.snapshot.pledgedWeight[m.id] ?? 0)
        : rule.weightBasis === 'population' ? m.population
        : rule.weightBasis === 'gdp' ? m.gdp : 1;
      rows.push([p.id, p.round, p.name[locale], p.channel, p.lead, m.id, m.name[locale], eligible, vote, weight, p.outcome, p.override !== null]);
    }
  }
  return toCsv(header, rows);
}

/** Proposals with both criteria and the counterfactual outcomes under the other presets. */
export function csvProposals(d: Debrief, locale: Locale = 'en'): string {
  const header = ['proposal', 'round', 'proposal_name', 'channel', 'lead', 'co_sponsors', 'cost_usd_m', 'yes', 'no', 'abstain', 'silent',
    'count_share', 'weight_share', 'vetoed_by', 'passed_vote', 'outcome', 'override_reason', 'funded', 'delivered',
    ...COUNTERFACTUAL_RULES.map((r) => `passes_${r.replace(/-/g, '_')}`)];
  const rows = d.proposals.map((p) => [p.id, p.round, p.name[locale], p.channel, p.lead, p.coSponsors.join(' '), p.cost,
    p.tally.yes.length, p.tally.no.length, p.tally.abstain.length, p.tally.silent.length, r6(p.tally.countShare), r6(p.tally.weightShare),
    p.tally.vetoedBy.join(' '), p.tally.passed, p.outcome, p.override?.reason ?? '', p.funded, p.delivered,
    ...COUNTERFACTUAL_RULES.map((r) => p.counterfactual[r].passed)]);
  return toCsv(header, rows);
}

/** Every pledge of every resolved round, conditions spelt out, with the running total. */
export function csvPledges(d: Debrief, locale: Locale = 'en'): string {
  const header = ['round', 'year', 'member', 'member_name', 'offered_usd_m', 'condition', 'condition_member', 'condition_amount_usd_m', 'settled_usd_m', 'status', 'cumulative_usd_m'];
  const rows = d.rounds.flatMap((r) => r.report.pledges.map((p) => {
    const c = p.condition;
    return [r.report.round, r.report.year, p.member, memberName(d, p.member, locale), p.amount, c?.kind ?? '',
      c && c.kind !== 'total-at-least' ? c.member : '', c ? (c.kind === 'total-at-least' ? c.total : c.kind === 'member-at-least' ? c.amount : '') : '',
      p.settled, p.status, r.cumulativePledged[p.member] ?? 0];
  }));
  return toCsv(header, rows);
}

/** Final scores with their parts, objectives (once revealed), burden and voting power. */
export function csvScores(d: Debrief, locale: Locale = 'en'): string {
  const withNames = d.privacy.displayNames;
  const header = ['rank', 'member', 'member_name', ...(withNames ? ['display_names'] : []), 'security', 'influence', 'objective', 'returns', 'prudence', 'total',
    'objective_id', 'objective_title', 'objective_met', 'support', 'gdp_usd_bn', 'pledged_usd_m', 'pledged_pct_gdp', 'industrial_returns_usd_m',
    'fund_weight_share', 'banzhaf', 'shapley_shubik', 'alliance_index'];
  const ranked = [...d.scores].sort((a, b) => b.score.total - a.score.total);
  const ix = d.power.indices;
  const rows = ranked.map((s, i) => {
    const pt = d.burden.points.find((p) => p.member === s.member)!;
    const k = ix ? ix.players.indexOf(s.member) : -1;
    return [i + 1, s.member, memberName(d, s.member, locale), ...(withNames ? [names(d, s.member)] : []),
      s.score.security, s.score.influence, s.score.objectives, s.score.returns, s.score.prudence, s.score.total,
      s.objective?.id ?? '', s.objective?.title[locale] ?? '', s.objective ? s.objective.met : '', s.support, pt.gdp, pt.pledged, r6(pt.sharePct),
      s.industrialReturns, k >= 0 ? r6(ix!.weightShare[k]!) : '', k >= 0 ? r6(ix!.banzhaf[k]!) : '', k >= 0 ? r6(ix!.shapleyShubik[k]!) : '', d.allianceIndex];
  });
  return toCsv(header, rows);
}

/** Who messaged whom: counts only. Private messages count once per recipient. */
export function csvMessageCounts(d: Debrief, locale: Locale = 'en'): string {
  const header = ['from', 'from_name', 'to', 'to_name', 'channel', 'count'];
  const rows: CsvCell[][] = [];
  for (const m of d.members) {
    const pub = d.messages.sent[m.id]?.public ?? 0;
    if (pub > 0) rows.push([m.id, m.name[locale], 'table', '', 'public', pub]);
  }
  for (const p of d.messages.pairs) rows.push([p.from, memberName(d, p.from, locale), p.to, memberName(d, p.to, locale), 'private', p.count]);
  if (d.messages.announcements > 0) rows.push(['facilitator', '', 'table', '', 'announcement', d.messages.announcements]);
  return toCsv(header, rows);
}

/** The messages themselves: only when the facilitator opted in (null otherwise). */
export function csvMessageTexts(d: Debrief, locale: Locale = 'en'): string | null {
  if (!d.messages.content) return null;
  const header = ['id', 'time_utc', 'round', 'phase', 'from', 'from_name', 'to', 'text'];
  const rows = d.messages.content.map((c) => [c.id, iso(c.at), c.round, c.phase, c.from, c.from === 'facilitator' ? '' : memberName(d, c.from, locale),
    c.to.length ? c.to.join(' ') : 'table', c.text]);
  return toCsv(header, rows);
}

export const CSV_TABLES = ['actions', 'votes', 'proposals', 'pledges', 'scores', 'message-counts', 'messages'] as const;
export type CsvTableName = (typeof CSV_TABLES)[number];

/** Every table by file name (without ".csv"); "messages" only when content was opted in. */
export function csvTables(d: Debrief, locale: Locale = 'en'): Partial<Record<CsvTableName, string>> {
  const texts = csvMessageTexts(d, locale);
  return {
    actions: csvActions(d, locale),
    votes: csvVotes(d, locale),
    proposals: csvProposals(d, locale),
    pledges: csvPledges(d, locale),
    scores: csvScores(d, locale),
    'message-counts': csvMessageCounts(d, locale),
    ...(texts ? { messages: texts } : {}),
  };
}
