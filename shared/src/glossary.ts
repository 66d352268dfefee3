import type { Locale } from './scenario/schema.ts';

/**
 * The game's words, once, for the client's screens (client/src/i18n) and the after-action report
 * (shared/src/debrief/labels.ts): a class that reads "contribution" and "manche" on the table reads
 * the same words in its report. Each term in sentence case; `avoid` lists the synonyms neither may
 * use (tests/client/glossary.test.ts reads both tables for them).
 */
interface Term {
  en: string;
  fr: string;
  avoid?: { en?: readonly string[]; fr?: readonly string[] };
}

export const GLOSSARY = {
  round: { en: 'Round', fr: 'Manche', avoid: { en: ['turn'], fr: ['tour', 'tours'] } },
  pledge: { en: 'Pledge', fr: 'Contribution', avoid: { fr: ['promesse', 'promesses'] } },
  pool: { en: 'Fund pool', fr: 'Caisse du fonds', avoid: { fr: ['cagnotte', 'réserve du fonds'] } },
  proposal: { en: 'Proposal', fr: 'Proposition', avoid: { fr: ['motion'] } },
  lead: { en: 'Lead', fr: 'Pilote', avoid: { fr: ['porteur', 'porteuse'] } },
  coSponsor: { en: 'Co-sponsor', fr: 'Coparrain', avoid: { en: ['cosponsor'], fr: ['co-parrain', 'co-parrains', 'parrainer'] } },
  commonBudget: { en: 'Common budget', fr: 'Budget commun', avoid: { fr: ['fonds commun'] } },
  participant: { en: 'Fund participant', fr: 'Participant au fonds' },
  track: { en: 'Track', fr: 'Domaine' },
  threat: { en: 'Threat', fr: 'Menace' },
  capability: { en: 'Capability', fr: 'Capacité' },
  /** Capability first, then threat: the order of the table's bars and the report's charts. */
  tracks: { en: 'Capability against threat', fr: 'Capacité face à la menace', avoid: { en: ['threat against capability', 'threat vs capability'], fr: ['menace face à la capacité', 'capacités face aux menaces'] } },
  crisis: { en: 'Crisis', fr: 'Crise' },
  cohesion: { en: 'Cohesion', fr: 'Cohésion' },
  usEngagement: { en: 'US engagement', fr: 'Engagement américain', avoid: { fr: ['engagement des états-unis'] } },
  autonomy: { en: 'European autonomy', fr: 'Autonomie européenne' },
  meters: { en: 'Alliance meters', fr: 'Jauges de l’Alliance' },
  allianceIndex: { en: 'Alliance Index', fr: 'Indice de l’Alliance' },
  support: { en: 'Domestic support', fr: 'Soutien intérieur' },
  objective: { en: 'Secret objective', fr: 'Objectif secret' },
  returns: { en: 'Industrial returns', fr: 'Retombées industrielles' },
  facilitator: { en: 'Facilitator', fr: 'Animateur', avoid: { fr: ['animatrice', 'enseignant·e'] } },
  delegation: { en: 'Delegation', fr: 'Délégation' },
  bot: { en: 'Bot', fr: 'Robot', avoid: { fr: ['bot', 'bots'] } },
  timers: { en: 'Timers', fr: 'Minuteurs', avoid: { fr: ['minuterie', 'minuteries', 'chronomètre'] } },
  phasePledging: { en: 'Pledging', fr: 'Contributions' },
  phaseProposals: { en: 'Proposals', fr: 'Propositions' },
  phaseNegotiation: { en: 'Negotiation', fr: 'Négociation' },
  phaseVoting: { en: 'Voting', fr: 'Vote' },
  phaseBriefing: { en: 'Briefing', fr: 'Briefing' },
} as const satisfies Record<string, Term>;

export type GlossaryTerm = keyof typeof GLOSSARY;

/** A term in a locale. */
export const term = (key: GlossaryTerm, locale: Locale): string => GLOSSARY[key][locale];

/** Every synonym a table of texts must not use, per locale, with the term it stands for. */
export function avoidedWords(locale: Locale): { word: string; term: GlossaryTerm }[] {
  return (Object.keys(GLOSSARY) as GlossaryTerm[]).flatMap((key) => {
    const entry: Term = GLOSSARY[key];
    return (entry.avoid?.[locale] ?? []).map((word) => ({ word, term: key }));
  });
}

/** A term as a `{ en, fr }` pair, the shape of the report's label table. */
export const termPair = (key: GlossaryTerm): { en: string; fr: string } => ({ en: GLOSSARY[key].en, fr: GLOSSARY[key].fr });
