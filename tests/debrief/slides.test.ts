import { describe, expect, it } from 'vitest';
import { buildDebrief, pearson, renderSlides } from '../../shared/src/debrief/index.ts';
import { botGame } from './sessions.ts';

/** Issue #15 item 3: the projector's debrief mode, six screens drawn from the session. */
const d = buildDebrief(botGame('classroom', 7).log);
const page = renderSlides(d);
const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
const slide = (n: number) => text(page.slice(page.indexOf(`<section class="slide" id="s${n}"`), page.indexOf('</section>', page.indexOf(`id="s${n}"`))));

describe('debrief mode', () => {
  it('has six screens in order, each with a way to every other, and no script or external request', () => {
    expect([...page.matchAll(/<section class="slide" id="s(\d)"/g)].map((m) => m[1])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(slide(1)).toMatch(/^1\/6 The scores/);
    expect(slide(2)).toMatch(/^2\/6 Did free riding pay\?/);
    expect(slide(3)).toMatch(/^3\/6 Same votes, other rules/);
    expect(slide(4)).toMatch(/^4\/6 Voting power/);
    expect(slide(5)).toMatch(/^5\/6 Burden sharing/);
    expect(slide(6)).toMatch(/^6\/6 Three questions/);
    expect(page).not.toMatch(/<script|https?:\/\/|url\(|@import/);
    expect((page.match(/<a href="#s\d"/g) ?? []).length).toBe(36);
    expect((page.match(/<a href="#s\d" aria-current="page">/g) ?? []).length).toBe(6);
  });

  it('"did free riding pay?" gives r of the final score against the share of GDP pledged, computed by hand', () => {
    const xs = d.scores.map((s) => d.burden.points.find((p) => p.member === s.member)!.sharePct);
    const ys = d.scores.map((s) => s.score.total);
    const r = pearson(xs, ys)!;
    expect(slide(2)).toContain(`r = ${r < 0 ? '−' : ''}${Math.abs(r).toFixed(2)}.`);
  });

  it('the same votes under other rules, as counts of approved proposals; three questions ending on the real analogues', () => {
    const consensus = d.proposals.filter((p) => p.counterfactual['nato-consensus'].passed).length;
    expect(slide(3)).toContain(`NATO consensus ${consensus} of ${d.proposals.length}`);
    expect(slide(3)).toContain(`${d.proposals.filter((p) => p.outcome === 'approved').length} of ${d.proposals.length} proposals were approved`);
    expect((page.match(/<ol class="questions"><li>/g) ?? []).length).toBe(1);
    expect(page.split('<ol class="questions">')[1]!.split('</ol>')[0]!.match(/<li>/g)).toHaveLength(3);
    expect(slide(6)).toContain('NATO Innovation Fund');
    const fr = renderSlides(d, { locale: 'fr' });
    expect(fr).toContain('Le « passager clandestin » a-t-il payé ?');
  });
});

describe('scatter axes', () => {
  it('every x tick and its label stay inside the chart, the last one anchored at its end', async () => {
    const { scatterChart } = await import('../../shared/src/debrief/charts.ts');
    const svg = String(scatterChart({
      id: 's', title: 't', desc: 'd', fit: null, xLabel: 'x', yLabel: 'y', xLog: false, xFormat: (v) => v.toFixed(2), yFormat: String, width: 900, height: 430,
      points: [{ label: 'A', x: 0.02, y: 20, colour: '#000' }, { label: 'B', x: 0.555, y: 12, colour: '#000' }],
    }));
    const ticks = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="(middle|end)">(\d\.\d\d)<\/text>/g)];
    expect(ticks.length).toBeGreaterThan(2);
    for (const [, x] of ticks) expect(Number(x)).toBeLessThanOrEqual(900 - 24 + 0.01);
    expect(ticks.at(-1)![2]).toBe('end');
  });
});
