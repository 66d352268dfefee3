import { describe, expect, it } from 'vitest';
import { avoidedWords, BOT_LINES, botLine, builtinScenario, GLOSSARY, LABELS, simulateGame, type GlossaryTerm, type Locale } from '@aspf/shared';
import { en } from '../../client/src/i18n/en.ts';
import { fr } from '../../client/src/i18n/fr.ts';

/**
 * One glossary (shared/src/glossary.ts) for the game and its report: the client's catalogs and the
 * report's labels take the shared terms from it and use none of the synonyms it rules out.
 */
const CATALOG: Record<Locale, Record<string, string>> = { en, fr };
const report = (locale: Locale): Record<string, string> =>
  Object.fromEntries(Object.entries(LABELS).map(([key, pair]) => [key, (pair as { en: string; fr: string })[locale]]));

/** Whole words only: "tour" must not match "autour" nor "retour". */
const uses = (text: string, word: string): boolean =>
  new RegExp(`(^|[^\\p{L}-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}-])`, 'iu').test(text);

describe('the glossary shared by the game and the report', () => {
  for (const locale of ['en', 'fr'] as const) {
    it(`${locale}: neither the client's catalog nor the report uses a synonym the glossary rules out`, () => {
      const offences: string[] = [];
      for (const [where, table] of [['client', CATALOG[locale]], ['report', report(locale)]] as const) {
        for (const [key, text] of Object.entries(table)) {
          for (const { word, term } of avoidedWords(locale)) if (uses(text, word)) offences.push(`${where} ${key}: "${word}" (say "${GLOSSARY[term][locale]}")`);
        }
      }
      expect(offences).toEqual([]);
      expect(avoidedWords('fr').map((a) => a.word)).toEqual(expect.arrayContaining(['tour', 'promesse', 'minuteries', 'co-parrains']));
    });
  }

  it('the screens and the report give the same headings the same words', () => {
    const same: [keyof typeof en, keyof typeof LABELS, GlossaryTerm][] = [
      ['table.tracks', 'secTracks', 'tracks'],
      ['table.meters', 'secMeters', 'meters'],
      ['meter.cohesion', 'meterCohesion', 'cohesion'],
      ['meter.usEngagement', 'meterUsEngagement', 'usEngagement'],
      ['meter.autonomy', 'meterAutonomy', 'autonomy'],
    ];
    for (const locale of ['en', 'fr'] as const) {
      for (const [client, label, term] of same) {
        expect(CATALOG[locale][client], client).toBe(GLOSSARY[term][locale]);
        expect(report(locale)[label], label).toBe(GLOSSARY[term][locale]);
      }
    }
    // The words a class reads most: the French screens say "manche" and "contribution", like the report.
    expect(fr['phase.round']).toMatch(/^Manche /);
    expect(fr['pledge.title']).toMatch(/^Contribution/);
    expect(report('fr').roundYear).toMatch(/^Manche /);
    expect(report('fr').secPledges).toMatch(/^Contributions/);
  });
});

describe('bot chat in the session\'s language', () => {
  it('bots chat in French in a French session and in English otherwise, from the same template', () => {
    const scenario = builtinScenario('quick-demo')!;
    const chats = (locale?: Locale) => simulateGame(scenario, 11, {}, undefined, locale ? { locale } : {}).log.entries
      .flatMap((e) => (e.action.type === 'chat' ? [e.action.text] : []));
    const english = chats();
    const french = chats('fr');
    expect(english.length).toBeGreaterThan(0);
    // Same game, same moments to talk: only the language differs.
    expect(french).toHaveLength(english.length);
    const pattern = (template: string) => new RegExp(`^${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{(member|project)\\\}/g, '.+')}$`);
    for (const text of french) expect(Object.values(BOT_LINES).some((l) => pattern(l.fr).test(text)), text).toBe(true);
    for (const text of english) expect(Object.values(BOT_LINES).some((l) => pattern(l.en).test(text)), text).toBe(true);
    // Project names come from the scenario in the same language.
    const frNames = scenario.projects.map((p) => p.name.fr);
    for (const text of french) expect(frNames.some((n) => text.includes(n)), text).toBe(true);
    expect(botLine('support', 'fr', { member: 'DEU', project: 'X' })).toBe('DEU sur X : nous pouvons soutenir ce projet.');
  });
});
