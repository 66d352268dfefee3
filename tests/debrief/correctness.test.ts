import { describe, expect, it } from 'vitest';
import { buildDebrief, debriefGuide, pearson, renderReport, type Debrief } from '../../shared/src/debrief/index.ts';
import { formatMoney, formatScore } from '../../shared/src/debrief/format.ts';
import { botGame, scripted } from './sessions.ts';

/**
 * Issue #15 item 4: facts found wrong by reading real reports, each checked against golden sessions
 * (the scripted game and seeded bot games of the built-in scenarios).
 */
const text = (markup: string): string => markup.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
function section(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThan(0);
  return page.slice(start, page.indexOf('</section>', start));
}
/** Every table of a section as rows of cell texts. */
const tables = (markup: string): string[][][] => [...markup.matchAll(/<table[\s\S]*?<\/table>/g)].map((t) =>
  [...t[0].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!))));

const brussels = botGame('brussels-2026', 3);
const bd = buildDebrief(brussels.log, { power: { samples: 20_000 } });
const brusselsReport = renderReport(bd);
const demo = buildDebrief(botGame('quick-demo', 7).log);
/** The first seeded game of a scenario whose debrief shows `wanted` (the bots' play decides which seed). */
function firstGame(scenario: string, wanted: (d: Debrief) => boolean): Debrief {
  for (let seed = 1; seed <= 60; seed++) {
    const d = buildDebrief(botGame(scenario, seed).log);
    if (wanted(d)) return d;
  }
  throw new Error(`no ${scenario} game among seeds 1–60 shows what the test needs`);
}
const usaFreeRider = (d: Debrief): boolean => /^The United States never joined/.test(debriefGuide(d, 'en').find((x) => x.topic === 'free-riders')?.text ?? '');

describe('free riders: only a member that had a fund vote "kept" it', () => {
  it('the United States, outside the fund by the scenario and pledging nothing, never joined and had no vote', () => {
    expect(bd.members.find((m) => m.id === 'USA')).toMatchObject({ participantAtStart: false, participant: false });
    expect(bd.burden.points.find((p) => p.member === 'USA')!.pledged).toBe(0);
    for (const locale of ['en', 'fr'] as const) {
      const q = debriefGuide(bd, locale).find((x) => x.topic === 'free-riders');
      if (!q) continue; // the guide keeps nine topics by priority
      expect(q.text).not.toMatch(/United States[^.]*kept|États-Unis[^.]*gardé/);
    }
    const quiet = firstGame('quick-demo', usaFreeRider);
    const en = debriefGuide(quiet, 'en').find((x) => x.topic === 'free-riders')!.text;
    expect(en).toMatch(/^The United States never joined the fund, so had no vote in it, yet shared the security of the \d+ projects? the fund delivered\./);
    const fr = debriefGuide(quiet, 'fr').find((x) => x.topic === 'free-riders')!.text;
    expect(fr).toMatch(/^Les États-Unis n’ont jamais rejoint le fonds, donc n’y ont pas voté, mais ont profité/);
  });

  it('a participant that pledged nothing kept its vote (POL in the scripted game)', () => {
    const d = buildDebrief(scripted().log);
    expect(debriefGuide(d, 'en').find((x) => x.topic === 'free-riders')!.text).toContain('POL pledged nothing yet kept a vote in the fund.');
  });
});

describe('burden sharing compares like with like and says what it can and cannot show', () => {
  it('leaves out a member outside the fund by the scenario that never pledged; r is over the others', () => {
    expect(bd.burden.excluded).toEqual(['USA']);
    const like = bd.burden.points.filter((p) => p.member !== 'USA');
    expect(bd.burden.r).toBeCloseTo(pearson(like.map((p) => p.gdp), like.map((p) => p.sharePct))!, 12);
    expect(bd.burden.all.r).toBeCloseTo(pearson(bd.burden.points.map((p) => p.gdp), bd.burden.points.map((p) => p.sharePct))!, 12);
    expect(bd.burden.r).not.toBeCloseTo(bd.burden.all.r!, 2);
  });

  it('reports the mirror of real defence spending and the effort measure, computed by hand', () => {
    const like = bd.burden.points.filter((p) => p.comparable);
    expect(bd.burden.mirror).toBeCloseTo(pearson(like.map((p) => p.defencePct), like.map((p) => p.sharePct))!, 12);
    const usa = brussels.state.members.USA!;
    const deu = brussels.state.members.DEU!;
    expect(bd.burden.points.find((p) => p.member === 'DEU')!.effortPct).toBeCloseTo((100 * deu.cumulativePledged) / deu.cumulativeAllocation, 9);
    expect(usa.cumulativePledged).toBe(0);
    expect(bd.burden.effort).toBeCloseTo(pearson(like.map((p) => p.gdp), like.map((p) => p.effortPct!))!, 12);
  });

  it('the report names who is left out, the caveats, and never calls one game "the opposite of Olson and Zeckhauser"', () => {
    const s = text(section(brusselsReport, 'burden'));
    expect(s).toContain('Among the 31 members whose pledges were their own choice');
    expect(s).toContain('Left out of the comparison: United States');
    expect(s).toMatch(/over all 32 members, r = −?\d\.\d\d/);
    expect(s).toContain('What this figure can and cannot show');
    expect(s).toMatch(/correlates with real defence spending as a share of GDP at r = −?\d\.\d\d/);
    expect(s).toContain('it cannot by itself confirm or refute Olson and Zeckhauser');
    expect(s).not.toContain('the opposite of Olson');
    const fr = text(section(renderReport(bd, { locale: 'fr' }), 'burden'));
    expect(fr).toContain('Hors de la comparaison : États-Unis');
  });
});

describe('the timeline\'s money column is the money as it stood at the end of that round', () => {
  it('a proposal approved in one round and funded in a later one reads "waiting for money; funded in <year>"', () => {
    const fundedLater = (d: Debrief) => d.proposals.some((p) => p.outcome === 'approved' && d.rounds.some((r) => r.report.funded.includes(p.id) && r.report.round > p.round));
    const d = firstGame('classroom', fundedLater);
    const late = d.proposals.filter((p) => p.outcome === 'approved' && d.rounds.some((r) => r.report.funded.includes(p.id) && r.report.round > p.round));
    expect(late.length).toBeGreaterThan(0);
    const page = renderReport(d);
    const rows = tables(section(page, 'timeline')).flat();
    for (const p of late) {
      const fundedIn = d.rounds.find((r) => r.report.funded.includes(p.id))!.report.year;
      const row = rows.find((r) => r[0]!.startsWith(`${p.id} `))!;
      expect(row.at(-1)).toMatch(new RegExp(`^waiting for money; funded in ${fundedIn}`));
    }
  });
});

describe('numbers as the game shows them', () => {
  it('meters that did not move "stayed", never "went from 5.0 to 5.0"', () => {
    const still: Debrief = { ...demo, meters: { ...demo.meters, usEngagement: demo.initial.meters.usEngagement + 0.04 } };
    const q = debriefGuide(still, 'en').find((x) => x.topic === 'meters')!.text;
    expect(q).toContain('US engagement stayed at 5.0 from start to end');
    for (const locale of ['en', 'fr'] as const) {
      for (const d of [still, demo, bd]) {
        const t = debriefGuide(d, locale).find((x) => x.topic === 'meters')?.text ?? '';
        expect(t).not.toMatch(/(\d+[.,]\d) (to|à) \1\b/);
      }
    }
    expect(debriefGuide(still, 'fr').find((x) => x.topic === 'meters')!.text).toContain('L’engagement américain est resté à 5,0');
  });

  it('no pledge prints as "$0.0bn": small amounts keep their digits (48 of 180 did in Brussels)', () => {
    const small = bd.rounds.flatMap((r) => r.report.pledges).filter((p) => p.settled > 0 && p.settled < 50);
    expect(small.length).toBeGreaterThan(0);
    // Per-round cells (a round without a pledge reads "·"); the total column may say $0.0bn for a true zero.
    const rows = tables(section(brusselsReport, 'pledges'))[0]!.slice(1);
    expect(rows.flatMap((r) => r.slice(1, -2)).filter((c) => c === '$0.0bn')).toEqual([]);
    const usa = rows.find((r) => r[0] === 'United States USA')!;
    expect(usa.at(-2)).toBe('$0.0bn');
    expect(formatMoney(40, 'en')).toBe('$0.04bn');
    expect(formatMoney(4, 'fr')).toBe('0,004\u00a0Md$');
    expect(formatMoney(3450, 'en')).toBe('$3.45bn');
    expect(formatMoney(3400, 'en')).toBe('$3.4bn');
    expect(formatMoney(0, 'en')).toBe('$0.0bn');
  });

  it('tracks read capability / threat, as on the table', () => {
    const d = buildDebrief(scripted().log);
    const page = renderReport(d);
    const t = tables(section(page, 'tracks'))[0]!;
    const start = d.initial.tracks.east!;
    expect(t[1]![1]).toBe(`${start.capability.toFixed(1)} / ${start.threat.toFixed(1)}`);
    expect(text(section(page, 'tracks'))).toContain('Each cell: capability / threat, as on the table.');
  });

  it('scores show as the end screen shows them, the same in the callout and the table (24.93, never 24.9 beside it)', () => {
    expect(formatScore(24.93, 'en')).toBe('24.93');
    expect(formatScore(24.9, 'en')).toBe('24.9');
    expect(formatScore(25, 'fr')).toBe('25');
    const page = renderReport(bd);
    const top = [...bd.scores].sort((a, b) => b.score.total - a.score.total)[0]!;
    const shown = formatScore(top.score.total, 'en');
    const s = text(section(page, 'scores'));
    expect(s).toContain(`Highest individual score: France (${shown})`.replace('France', bd.members.find((m) => m.id === top.member)!.name.en));
    expect(tables(section(page, 'scores'))[0]![1]!.at(-3)).toBe(shown);
  });
});

describe('printing: no matrix wider than a page', () => {
  it('the Brussels vote matrix is split into tables of at most 12 proposals, and every proposal is in one', () => {
    const t = tables(section(brusselsReport, 'votes'));
    const heads = t.map((x) => x[0]!).filter((h) => h[0] === 'Member' && h.slice(1).every((c) => /^p\d+$/.test(c)));
    expect(bd.proposals.length).toBeGreaterThan(12);
    expect(heads.every((h) => h.length <= 13)).toBe(true);
    expect(heads.flatMap((h) => h.slice(1))).toEqual(bd.proposals.map((p) => p.id));
    for (const x of t) expect(x[0]!.length).toBeLessThanOrEqual(13);
  });
});

describe('French: articles, agreement, and the interface\'s own words', () => {
  const fr = debriefGuide(bd, 'fr').concat(debriefGuide(demo, 'fr')).map((q) => q.text);
  it('country names take their article and the verb agrees', () => {
    const bare = /(^|[.?!] )(Pologne|États-Unis|Allemagne|France|Estonie|Norvège|Canada|Pays-Bas|Royaume-Uni) (a|ont|n’a|n’ont|détenait) /;
    for (const q of fr) expect(q).not.toMatch(bare);
    expect(fr.join(' ')).not.toMatch(/États-Unis n’a |États-Unis a /);
    expect(fr.join(' ')).toMatch(/(La|la|L’|l’|Le|le|Les|les) [A-ZÉ][\p{L}-]+ (a|ont) (donné|obtenu|reçu)/u);
  });
  it('uses the interface\'s words: pour / contre, coparrains, dotations, approuvée', () => {
    const page = renderReport(buildDebrief(scripted().log), { locale: 'fr' });
    const votes = text(section(page, 'votes'));
    expect(votes).toContain('pour');
    expect(votes).toContain('contre');
    expect(page).not.toMatch(/co-parrain|Adoptée|[^a-z]oui[^a-z]/);
    expect(text(section(page, 'timeline'))).toContain('Approuvée');
  });
});
