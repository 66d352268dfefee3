/**
 * Country briefing packs (docs/FACILITATOR.md "Briefs"): for each member of a scenario, a one-page
 * brief generated from the scenario's data — position, interests, constraints, what it wants from
 * the fund, likely allies and opponents — and, on a separate slip, its secret objective, which only
 * that delegation (or the facilitator) may see. Pure: no clock, no I/O; every string is escaped.
 */
import { defenceBudget } from '../engine/create.ts';
import type { GameState, MemberId } from '../engine/types.ts';
import { formatMoney, formatNumber } from '../debrief/format.ts';
import { html, raw, type Html } from '../debrief/html.ts';
import type { Locale, Region, Scenario, Text } from '../scenario/schema.ts';

export interface CountryBrief {
  member: MemberId;
  name: Text;
  position: { gdp: number; population: number; defencePct: number; regions: Region[]; nuclear: boolean; inFund: boolean; hegemon: boolean };
  constraints: { allocation: number; comfort: number; startingSupport: number; lowSupport: number; ratificationCarry: number | null };
  /** Tracks whose crises hit this member (its regions), with their opening levels. */
  interests: { track: string; name: Text; threat: number; capability: number; drift: number }[];
  /** Catalog projects whose capability lands in this member's regions, cheapest first (at most four). */
  wants: { project: string; name: Text; cost: number }[];
  /** Members sharing the most regions with it, and members sharing none (at most three each). */
  allies: MemberId[];
  opponents: MemberId[];
}

export interface SecretSlip {
  member: MemberId;
  title: Text;
  text: Text;
}

const overlap = (a: readonly Region[], b: readonly Region[]) => a.filter((r) => b.includes(r)).length;

/** The public brief of one member, from the scenario alone. */
export function countryBrief(scenario: Scenario, member: MemberId): CountryBrief {
  const m = scenario.members.find((x) => x.id === member);
  if (!m) throw new Error(`No member "${member}" in scenario ${scenario.id}`);
  const k = scenario.constants;
  // docs/RULES.md R2.2: the allocation of a round is GDP × defence % × the discretionary share.
  const allocation = defenceBudget(m) * k.discretionaryShare;
  const others = scenario.members.filter((x) => x.id !== member);
  const ranked = others.map((x) => ({ id: x.id, shared: overlap(m.regions, x.regions), fund: x.participant === m.participant }))
    .sort((a, b) => b.shared - a.shared || Number(b.fund) - Number(a.fund));
  return {
    member, name: m.name,
    position: {
      gdp: m.gdp, population: m.population, defencePct: m.defencePct, regions: [...m.regions], nuclear: m.nuclear,
      inFund: m.participant, hegemon: k.hegemon === member,
    },
    constraints: {
      allocation, comfort: allocation * k.comfortShare, startingSupport: k.startingSupport, lowSupport: k.lowSupport,
      ratificationCarry: scenario.ratification ? (k.ratificationCarry ?? null) : null,
    },
    interests: scenario.tracks.filter((t) => t.regions.length === 0 || overlap(t.regions, m.regions) > 0)
      .map((t) => ({ track: t.id, name: t.name, threat: t.threat, capability: t.capability, drift: t.drift })),
    wants: scenario.projects.filter((p) => overlap(p.regions, m.regions) > 0).sort((a, b) => a.cost - b.cost).slice(0, 4)
      .map((p) => ({ project: p.id, name: p.name, cost: p.cost })),
    allies: ranked.filter((x) => x.shared > 0).slice(0, 3).map((x) => x.id),
    opponents: ranked.filter((x) => x.shared === 0).reverse().sort((a, b) => Number(a.fund) - Number(b.fund)).slice(0, 3).map((x) => x.id),
  };
}

/** The secret objective dealt to a member in this game (R6.4, R9.8): for that delegation's eyes only. */
export function secretSlip(state: GameState, member: MemberId): SecretSlip | null {
  const id = state.members[member]?.objective;
  const o = state.scenario.objectives.find((x) => x.id === id);
  return o ? { member, title: o.title, text: o.text } : null;
}

const L = {
  kicker: { en: 'Country brief', fr: 'Dossier pays' },
  secret: { en: 'SECRET — for the delegation of {name} only', fr: 'SECRET — réservé à la délégation : {name}' },
  secretObjective: { en: 'Your secret objective', fr: 'Votre objectif secret' },
  secretNote: { en: 'Do not show this slip to other delegations. It is revealed to everyone when the game ends.', fr: 'Ne montrez pas ce feuillet aux autres délégations. Il est révélé à tous à la fin de la partie.' },
  position: { en: 'Position', fr: 'Position' },
  interests: { en: 'Interests', fr: 'Intérêts' },
  constraints: { en: 'Constraints', fr: 'Contraintes' },
  wants: { en: 'What you want from the fund', fr: 'Ce que vous attendez du fonds' },
  allies: { en: 'Likely allies and opponents', fr: 'Alliés et adversaires probables' },
  economy: { en: 'GDP {gdp}, population {pop} million, defence spending {def} of GDP{nuclear}.', fr: 'PIB {gdp}, population {pop} millions, dépenses de défense {def} du PIB{nuclear}.' },
  nuclear: { en: '; a nuclear power', fr: ' ; puissance nucléaire' },
  regions: { en: 'Regions: {list}.', fr: 'Régions : {list}.' },
  inFund: { en: 'You are in the fund from the start: you vote on its projects (docs/RULES.md R4.1).', fr: 'Vous êtes dans le fonds dès le début : vous votez sur ses projets (docs/RULES.md R4.1).' },
  outFund: { en: 'You start outside the fund: you have no vote on its projects until you pledge (R3.6), but you vote on the common budget, where a single “no” is a veto.', fr: 'Vous commencez hors du fonds : vous ne votez pas sur ses projets avant d’y contribuer (R3.6), mais vous votez sur le budget commun, où un seul « non » est un veto.' },
  hegemon: { en: 'Every fund project funded while you stay out moves European autonomy up and your engagement down (R5.7).', fr: 'Chaque projet du fonds financé pendant que vous restez dehors fait monter l’autonomie européenne et baisser votre engagement (R5.7).' },
  track: { en: '{name}: threat {threat} against capability {cap} at the start, threat rising {drift} a round. A crisis there costs you security points.', fr: '{name} : menace {threat} contre capacité {cap} au départ, la menace monte de {drift} par manche. Une crise y coûte des points de sécurité.' },
  noTrack: { en: 'No track hits your regions directly: your interest is the alliance as a whole.', fr: 'Aucun domaine ne touche directement vos régions : votre intérêt est l’Alliance dans son ensemble.' },
  allocation: { en: 'Budget: an allocation of {a} a round (R2.2); unspent money carries over.', fr: 'Budget : une dotation de {a} par manche (R2.2) ; l’argent non dépensé est reporté.' },
  comfort: { en: 'Domestic support starts at {s}/100. Pledging more than {c} in a round costs support (R3.6); below {low} you may pledge only your minimum (R3.10).', fr: 'Le soutien intérieur commence à {s}/100. Verser plus de {c} dans une manche coûte du soutien (R3.6) ; sous {low}, vous ne pouvez verser que votre minimum (R3.10).' },
  ratification: { en: 'Ratification: a bill above what your support carries ({carry} × your allocation at full support) may be rejected at home (R9.6) — a risk you can use at the table.', fr: 'Ratification : une facture au-delà de ce que porte votre soutien ({carry} × votre dotation à plein soutien) peut être rejetée chez vous (R9.6) — un risque à faire valoir à la table.' },
  noRatification: { en: 'No ratification vote at home in this scenario.', fr: 'Pas de ratification nationale dans ce scénario.' },
  want: { en: '{name} ({cost})', fr: '{name} ({cost})' },
  noWant: { en: 'No catalog project lands in your regions: back others’ projects in exchange for support.', fr: 'Aucun projet du catalogue ne concerne vos régions : soutenez ceux des autres en échange d’appuis.' },
  alliesLine: { en: 'Likely allies (they share your regions): {list}.', fr: 'Alliés probables (ils partagent vos régions) : {list}.' },
  opponentsLine: { en: 'Likely opponents (none of your threats are theirs): {list}.', fr: 'Adversaires probables (vos menaces ne sont pas les leurs) : {list}.' },
  none: { en: 'none', fr: 'aucun' },
  region_east: { en: 'east', fr: 'est' }, region_north: { en: 'north', fr: 'nord' }, region_south: { en: 'south', fr: 'sud' },
  region_west: { en: 'west', fr: 'ouest' }, region_americas: { en: 'Americas', fr: 'Amériques' },
  packTitle: { en: 'Country briefs', fr: 'Dossiers pays' },
  fiction: { en: 'The ASPF is a plausible fictional scenario; the member figures are real (see the scenario notes).', fr: 'L’ASPF est un scénario fictif plausible ; les chiffres des membres sont réels (voir les notes du scénario).' },
} as const satisfies Record<string, Text>;

const t = (locale: Locale, key: keyof typeof L, params: Record<string, string | number> = {}): string =>
  L[key][locale].replace(/\{(\w+)\}/g, (w, n: string) => (n in params ? String(params[n]) : w));

function briefPage(scenario: Scenario, b: CountryBrief, locale: Locale): Html {
  const name = (id: MemberId) => scenario.members.find((x) => x.id === id)?.name[locale] ?? id;
  const list = (ids: MemberId[]) => (ids.length ? ids.map(name).join(', ') : t(locale, 'none'));
  const p = b.position;
  const c = b.constraints;
  const n = (x: number, d = 1) => formatNumber(x, d, locale);
  return html`<article class="brief" id="brief-${b.member}" lang="${locale}">
<header><p class="kicker">${t(locale, 'kicker')} · ${scenario.title[locale]}</p><h1>${b.name[locale]} <span class="id">${b.member}</span></h1></header>
<h2>${t(locale, 'position')}</h2>
<p>${t(locale, 'economy', { gdp: formatMoney(p.gdp * 1000, locale, 0), pop: n(p.population), def: `${n(p.defencePct, 2)}${locale === 'fr' ? '\u00a0%' : '%'}`, nuclear: p.nuclear ? t(locale, 'nuclear') : '' })} ${t(locale, 'regions', { list: p.regions.map((r) => t(locale, `region_${r}`)).join(', ') })}</p>
<p>${t(locale, p.inFund ? 'inFund' : 'outFund')}${p.hegemon ? ` ${t(locale, 'hegemon')}` : ''}</p>
<h2>${t(locale, 'interests')}</h2>
${b.interests.length ? html`<ul>${b.interests.map((i) => html`<li>${t(locale, 'track', { name: i.name[locale], threat: n(i.threat), cap: n(i.capability), drift: n(i.drift) })}</li>`)}</ul>` : html`<p>${t(locale, 'noTrack')}</p>`}
<h2>${t(locale, 'constraints')}</h2>
<ul><li>${t(locale, 'allocation', { a: formatMoney(c.allocation, locale) })}</li><li>${t(locale, 'comfort', { s: c.startingSupport, c: formatMoney(c.comfort, locale), low: c.lowSupport })}</li>
<li>${c.ratificationCarry !== null ? t(locale, 'ratification', { carry: n(c.ratificationCarry, 2) }) : t(locale, 'noRatification')}</li></ul>
<h2>${t(locale, 'wants')}</h2>
${b.wants.length ? html`<ul>${b.wants.map((w) => html`<li>${t(locale, 'want', { name: w.name[locale], cost: formatMoney(w.cost, locale) })}</li>`)}</ul>` : html`<p>${t(locale, 'noWant')}</p>`}
<h2>${t(locale, 'allies')}</h2>
<p>${t(locale, 'alliesLine', { list: list(b.allies) })}</p>
<p>${t(locale, 'opponentsLine', { list: list(b.opponents) })}</p>
<p class="muted">${t(locale, 'fiction')}</p>
</article>`;
}

function slipPage(scenario: Scenario, s: SecretSlip, locale: Locale): Html {
  const m = scenario.members.find((x) => x.id === s.member)!;
  return html`<article class="slip" id="slip-${s.member}" lang="${locale}">
<p class="stamp">${t(locale, 'secret', { name: m.name[locale] })}</p>
<h2>${t(locale, 'secretObjective')} — ${m.name[locale]}</h2>
<p class="objective"><strong>${s.title[locale]}</strong></p><p>${s.text[locale]}</p>
<p class="muted">${t(locale, 'secretNote')}</p>
</article>`;
}

export interface BriefsOptions {
  locale?: Locale;
  /** The members whose briefs to include (default: every member, in scenario order). */
  members?: MemberId[];
  /** The secret slips to include, each after its member's brief on its own page; none by default. */
  slips?: SecretSlip[];
}

/**
 * One self-contained printable HTML page of briefs (no script, no external request): each brief
 * starts a new page and each secret slip is a separate page, cut-out border included, so the
 * facilitator can print the pack on A4 or Letter and hand out slips separately.
 */
export function renderBriefs(scenario: Scenario, options: BriefsOptions = {}): string {
  const locale = options.locale ?? 'en';
  const ids = options.members ?? scenario.members.map((m) => m.id);
  const pages = ids.map((id) => {
    const slip = options.slips?.find((s) => s.member === id);
    return html`${briefPage(scenario, countryBrief(scenario, id), locale)}${slip ? slipPage(scenario, slip, locale) : ''}`;
  });
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(locale, 'packTitle')} — ${scenario.title[locale]}</title>
<style>${raw(STYLES)}</style>
</head>
<body>
<main>${pages}</main>
</body>
</html>
`.value;
}

const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24;background:#eef1f5}
main{max-width:820px;margin:0 auto;padding:16px}
article{background:#fff;border:1px solid #d3d9e1;border-radius:8px;padding:20px 28px;margin:0 0 18px}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;color:#4b5563}
h1{margin:2px 0 8px;font-size:1.8rem;color:#1f3b63}
h2{font-size:1.1rem;color:#1f3b63;border-bottom:2px solid #1f3b63;padding-bottom:2px;margin:16px 0 6px}
.id{font-size:.9rem;color:#4b5563;font-weight:400}
ul{margin:4px 0;padding-left:22px}
p{margin:6px 0}
.muted{color:#4b5563;font-size:.9rem}
.slip{border:2px dashed #8b1a10}
.stamp{display:inline-block;border:2px solid #8b1a10;color:#8b1a10;font-weight:700;padding:2px 8px;text-transform:uppercase;letter-spacing:.05em;font-size:.85rem}
.objective{font-size:1.2rem}
@media print{
  @page{margin:14mm 14mm}
  body{background:#fff;font-size:10.5pt}
  main{max-width:none;padding:0}
  article{border-radius:0;border:0;padding:0;margin:0;break-after:page}
  .slip{border:2px dashed #8b1a10;padding:10mm}
  h2{break-after:avoid}
  li{break-inside:avoid}
}
`;
