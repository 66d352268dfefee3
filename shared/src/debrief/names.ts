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

/**
 * French country names take an article in a sentence ("la Pologne a donné", "les États-Unis ont
 * gardé"). The built-in members' articles; a custom scenario's members keep their bare names.
 */
const FR_ARTICLE: Record<string, readonly ['le' | 'la' | 'l’' | 'les', string]> = {
  ALB: ['l’', 'Albanie'], BEL: ['la', 'Belgique'], BGR: ['la', 'Bulgarie'], CAN: ['le', 'Canada'],
  HRV: ['la', 'Croatie'], CZE: ['la', 'Tchéquie'], DNK: ['le', 'Danemark'], EST: ['l’', 'Estonie'],
  FIN: ['la', 'Finlande'], FRA: ['la', 'France'], DEU: ['l’', 'Allemagne'], GRC: ['la', 'Grèce'],
  HUN: ['la', 'Hongrie'], ISL: ['l’', 'Islande'], ITA: ['l’', 'Italie'], LVA: ['la', 'Lettonie'],
  LTU: ['la', 'Lituanie'], LUX: ['le', 'Luxembourg'], MNE: ['le', 'Monténégro'], NLD: ['les', 'Pays-Bas'],
  MKD: ['la', 'Macédoine du Nord'], NOR: ['la', 'Norvège'], POL: ['la', 'Pologne'], PRT: ['le', 'Portugal'],
  ROU: ['la', 'Roumanie'], SVK: ['la', 'Slovaquie'], SVN: ['la', 'Slovénie'], ESP: ['l’', 'Espagne'],
  SWE: ['la', 'Suède'], TUR: ['la', 'Türkiye'], GBR: ['le', 'Royaume-Uni'], USA: ['les', 'États-Unis'],
};

/** The article of a built-in member under its built-in French name; a renamed member has none. */
function articleOf(d: Debrief, id: string): 'le' | 'la' | 'l’' | 'les' | undefined {
  const known = FR_ARTICLE[id];
  return known && known[1] === memberName(d, id, 'fr') ? known[0] : undefined;
}

function withArticle(d: Debrief, id: string): string {
  const name = memberName(d, id, 'fr');
  const article = articleOf(d, id);
  if (!article) return name;
  return article === 'l’' ? `l’${name}` : `${article} ${name}`;
}

/** The English names that take "the" in a sentence ("the United States pledged nothing"). */
const EN_ARTICLE: Record<string, string> = { USA: 'United States', GBR: 'United Kingdom', NLD: 'Netherlands' };

function withEnglishArticle(d: Debrief, id: string): string {
  const name = memberName(d, id, 'en');
  return EN_ARTICLE[id] === name ? `the ${name}` : name;
}

const joinAnd = (parts: string[], locale: Locale): string =>
  parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} ${locale === 'fr' ? 'et' : 'and'} ${parts.at(-1)!}`;

/**
 * Members as the subject of a sentence: "Poland and Estonia" / "la Pologne et l’Estonie", and whether
 * the verb is plural (several members, or one with a plural name such as les États-Unis).
 */
export function memberSubject(d: Debrief, ids: readonly string[], locale: Locale): { text: string; plural: boolean } {
  const text = joinAnd(ids.map((id) => (locale === 'fr' ? withArticle(d, id) : withEnglishArticle(d, id))), locale);
  return { text, plural: ids.length > 1 || (locale === 'fr' && ids.length === 1 && articleOf(d, ids[0]!) === 'les') };
}

/** Members after "of" / "de": "de la Pologne", "du Canada", "des États-Unis", "de l’Allemagne". */
export function memberOf(d: Debrief, ids: readonly string[], locale: Locale): string {
  if (locale === 'en') return joinAnd(ids.map((id) => memberName(d, id, locale)), locale);
  return joinAnd(ids.map((id) => {
    const s = withArticle(d, id);
    if (s.startsWith('le ')) return `du ${s.slice(3)}`;
    if (s.startsWith('les ')) return `des ${s.slice(4)}`;
    return `de ${s}`;
  }), locale);
}

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
