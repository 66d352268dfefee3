import type { Locale } from '../scenario/schema.ts';
import type { Debrief } from './collect.ts';
import { formatMoney } from './format.ts';
import { label } from './labels.ts';
import type { PledgeCondition } from '../engine/actions.ts';

/** Member states by name in the report's locale ("Germany" / "Allemagne"); ids stay as they are. */
export function memberName(d: Debrief, id: string, locale: Locale): string {
  const m = d.members.find((x) => x.id === id);
  return m ? m.name[locale] : id;
}

export const memberList = (d: Debrief, ids: readonly string[], locale: Locale): string =>
  ids.map((id) => memberName(d, id, locale)).join(', ');

export function proposalName(d: Debrief, id: string, locale: Locale): string {
  const p = d.proposals.find((x) => x.id === id) ?? d.withdrawn.find((x) => x.id === id);
  return p ? `${id} ${p.name[locale]}` : id;
}

export function trackName(d: Debrief, id: string, locale: Locale): string {
  return d.scenario.tracks.find((t) => t.id === id)?.name[locale] ?? id;
}

export function conditionText(d: Debrief, c: PledgeCondition, locale: Locale): string {
  switch (c.kind) {
    case 'total-at-least': return label(locale, 'condTotal', { amount: formatMoney(c.total, locale) });
    case 'member-at-least': return label(locale, 'condMember', { member: memberName(d, c.member, locale), amount: formatMoney(c.amount, locale) });
    case 'match': return label(locale, 'condMatch', { member: memberName(d, c.member, locale) });
  }
}

export function ruleName(name: string | null, locale: Locale): string {
  switch (name) {
    case 'aspf-qmv': return label(locale, 'rule_aspf_qmv');
    case 'nato-consensus': return label(locale, 'rule_nato_consensus');
    case 'simple-majority': return label(locale, 'rule_simple_majority');
    case 'eu-double-majority': return label(locale, 'rule_eu_double_majority');
    case 'unanimity': return label(locale, 'rule_unanimity');
    case null: return label(locale, 'ruleCustom');
    default: return name;
  }
}
