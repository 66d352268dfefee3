import { describe, expect, it } from 'vitest';
import { afterActionReport, buildDebrief, escapeHtml, renderReport } from '../../shared/src/debrief/index.ts';
import { botGame, CUSTOM_EVENT_TITLE, CUSTOM_PROJECT, DISPLAY_NAMES, FORMULA, HOSTILE, HOSTILE_CHAT, OVERRIDE_REASON, scripted } from './sessions.ts';

const golden = scripted();
const html = afterActionReport(golden.log, { displayNames: DISPLAY_NAMES, generatedAt: Date.UTC(2026, 2, 2) });
const withChat = afterActionReport(golden.log, { includeMessageContent: true, displayNames: DISPLAY_NAMES });
const fr = afterActionReport(golden.log, { locale: 'fr', displayNames: DISPLAY_NAMES });

/** The text of one section, tags stripped, whitespace collapsed. */
function section(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThan(0);
  return text(page.slice(start, page.indexOf('</section>', start)));
}
const text = (markup: string): string => markup.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

/** The first table of a section as rows of cell texts. */
function table(page: string, id: string, nth = 0): string[][] {
  const start = page.indexOf(`<section id="${id}"`);
  const body = page.slice(start, page.indexOf('</section>', start));
  const t = body.split('<table')[nth + 1]!.split('</table>')[0]!;
  return [...t.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!)));
}

describe('the after-action report page', () => {
  it('is one self-contained HTML document in the chosen locale', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(fr.startsWith('<!doctype html>\n<html lang="fr">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(html).toContain('<title>After-action report — Fixture</title>');
  });

  it('has no script and requests nothing: every src/href is an anchor in the page, no url() or @import', () => {
    for (const page of [html, withChat, fr]) {
      expect(page).not.toMatch(/<script/i);
      for (const tag of page.match(/<[a-z][^>]*>/gi)!) expect(tag, tag).not.toMatch(/\son\w+\s*=/i); // no event handler
      const refs = [...page.matchAll(/\s(?:src|href|xlink:href|action|poster|srcset)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(10);
      for (const ref of refs) expect(ref, ref).toMatch(/^#[\w-]+$/);
      expect(page).not.toMatch(/url\(|@import/i);
    }
    expect(html).not.toMatch(/https?:/i);
  });

  it('escapes every user-provided string: custom events, project names, display names, reasons, chat', () => {
    for (const page of [html, withChat, fr]) {
      expect(page).not.toContain(HOSTILE);
      expect(page).not.toContain('<script>alert');
      expect(page).not.toContain('</td></tr> &');
    }
    expect(html).toContain(escapeHtml(CUSTOM_EVENT_TITLE));
    expect(html).toContain(escapeHtml(CUSTOM_PROJECT));
    expect(html).toContain(escapeHtml(HOSTILE)); // DEU's second display name, as text
    expect(html).toContain(escapeHtml(OVERRIDE_REASON));
    expect(withChat).toContain(escapeHtml(HOSTILE_CHAT));
    expect(withChat).toContain(escapeHtml(FORMULA));
  });

  it('the timeline: events, proposals with both criteria, who vetoed, overrides, money', () => {
    const s = section(html, 'timeline');
    expect(s).toContain('Round 1 · 2026');
    expect(s).toContain('Event: Budget boom (injected by the facilitator)');
    expect(s).toContain(`Event: ${CUSTOM_EVENT_TITLE} (injected by the facilitator)`);
    expect(s).toContain('Conditional pledges that fell away: POL.');
    const r1 = table(html, 'timeline', 0);
    expect(r1[0]).toEqual(['Proposal', 'Channel', 'Lead', 'Cost', 'Yes', 'No', 'Abst.', 'Silent', 'Members', 'Weight', 'Result', 'Money']);
    expect(r1.find((r) => r[0] === 'p1 Air defence')).toEqual(['p1 Air defence', 'fund', 'POL', '$4.0bn', '3', '1', '0', '0', '75%', '72%', 'Passed', 'delivered']);
    expect(r1.find((r) => r[0] === 'p2 Cyber shield')!.slice(1)).toEqual(['common', 'FRA', '$2.0bn', '0', '1', '0', '4', '—', '—', 'Vetoed by USA', '—']);
    expect(r1.find((r) => r[0]!.startsWith('p3'))![0]).toBe(`p3 ${CUSTOM_PROJECT} custom`);
    expect(r1.find((r) => r[0]!.startsWith('p3'))![10]).toBe('Rejected: too few members');
    const r2 = table(html, 'timeline', 1);
    expect(r2.find((r) => r[0] === 'p5 Cyber shield')![10]).toBe(`Rejected by the facilitator’s override: ${OVERRIDE_REASON}`);
    expect(s).toContain(`overrode p5 → rejected (${OVERRIDE_REASON})`);
    expect(s).toContain(`wrote and injected “${CUSTOM_EVENT_TITLE}”`);
    expect(s).toContain('Round 3 · 2028 (not resolved) Event: Late (triggered by the situation)');
    expect(s).toContain('ended the game (Time is up)');
  });

  it('pledges, conditional pledges and returns', () => {
    const pledges = table(html, 'pledges');
    expect(pledges.find((r) => r[0] === 'DEU DEU')).toEqual(['DEU DEU', '$0.7bn', '$0.25bn', '$0.95bn', '0.19%']);
    const cond = table(html, 'conditional');
    expect(cond.slice(1).map((r) => `${r[1]} ${r[5]}`)).toEqual(['DEU DEU honoured', 'FRA FRA honoured', 'POL POL fell away']);
    expect(section(html, 'conditional')).toContain('2 honoured, 1 fell away.');
    expect(cond[3]![3]).toBe('if USA gives at least $0.001bn');
    expect(section(html, 'returns')).toContain('Returns ÷ pledged');
  });

  it('burden sharing with the fitted line and the correlation, as a chart and a table', () => {
    const s = section(html, 'burden');
    expect(s).toContain('Pearson’s r = 0.17 (Spearman’s ρ = −0.10)');
    expect(s).toContain('Among the 5 members whose pledges were their own choice');
    expect(html).toMatch(/<svg class="chart"[^>]*role="img" aria-labelledby="chart-burden-t chart-burden-d"/);
    expect(table(html, 'burden').find((r) => r[0] === 'EST EST')).toEqual(['EST EST', '$50bn', '$0.1bn', '0.200%']);
  });

  it('tracks, crises and meters over the rounds, with crisis rounds marked', () => {
    const tracks = table(html, 'tracks');
    expect(tracks[0]).toEqual(['Track', 'start', '2026', '2027']);
    expect(tracks[1]![0]).toBe('Eastern Flank');
    expect(section(html, 'meters')).toContain('Cohesion');
    expect(table(html, 'meters').find((r) => r[0] === 'Alliance Index')!.length).toBe(4);
  });

  it('the vote matrix (DEU × p1 is "yes") and who voted with whom', () => {
    const m = table(html, 'votes');
    const cols = m[0]!;
    const row = (id: string) => m.find((r) => r[0] === `${id} ${id}`)!;
    expect(row('DEU')[cols.indexOf('p1')]).toBe('yes');
    expect(row('FRA')[cols.indexOf('p1')]).toBe('no');
    expect(row('POL')[cols.indexOf('p3')]).toBe('abst.');
    expect(row('EST')[cols.indexOf('p3')]).toBe('– silent');
    expect(row('USA')[cols.indexOf('p1')]).toBe('· not eligible');
    expect(row('USA')[cols.indexOf('p2')]).toBe('no');
    expect(m.at(-1)!.slice(1)).toEqual(['passes', 'fails', 'fails', 'passes', 'fails']);
    const agreement = table(html, 'votes', 1);
    // DEU and FRA both voted on p1 (yes/no), p3 (yes/yes) and p4 (yes/yes): the same vote 2 times of 3.
    expect(agreement.find((r) => r[0] === 'DEU DEU')![agreement[0]!.indexOf('FRA')]).toBe('67%');
  });

  it('voting power at the final weights, next to the raw weights, with the method', () => {
    const s = section(html, 'power');
    expect(s).toContain('under the fund’s rule (ASPF qualified majority)');
    expect(s).toContain('Exact: all 32 coalitions enumerated.');
    const t = table(html, 'power');
    expect(t[0]).toEqual(['Member', 'Weight', 'Share of weight', 'Banzhaf', 'Shapley–Shubik', 'Banzhaf ÷ weight']);
    expect(t.slice(1).every((r) => r[3] === '20.0%' && r[4] === '20.0%')).toBe(true);
  });

  it('the counterfactual: which projects one veto would have killed, which a majority would have passed', () => {
    const s = section(html, 'counterfactual');
    expect(s).toContain('One veto would have killed p1 Air defence — FRA voted no');
    expect(s).toContain('Rules actually used: common — NATO consensus; fund — ASPF qualified majority.');
    const t = table(html, 'counterfactual');
    expect(t[0]).toEqual(['Proposal', 'Actual vote', 'ASPF qualified majority', 'NATO consensus', 'simple majority', 'EU double majority']);
    expect(t.find((r) => r[0] === 'p1 Air defence')).toEqual(['p1 Air defence', '✓ passes (fund)', '✓ passes', '✗ fails (differs from the actual vote)', '✓ passes', '✓ passes']);
  });

  it('negotiation: counts of who messaged whom, content only when opted in', () => {
    const s = section(html, 'negotiation');
    expect(s).toContain('6 messages: 1 to the whole table, 4 in private channels, 1 facilitator announcement');
    expect(s).toContain('Busiest private line: DEU → FRA, 2 messages.');
    expect(s).toContain('Message content is not included');
    expect(html).not.toContain('Support our hub');
    const chat = section(withChat, 'negotiation');
    expect(chat).toContain('Support our hub and we back your shield.');
    expect(chat).toContain('Élysée d’accord ? Ça marche.');
  });

  it('scores, revealed objectives, the Alliance Index; display names only in the facilitator\'s version', () => {
    const s = section(html, 'scores');
    expect(s).toMatch(/Alliance Index \d+\/100\. Highest individual score: EST \(18\.5\)\./);
    const t = table(html, 'scores');
    expect(t[0]).toContain('Delegation');
    expect(t.find((r) => r[1] === 'FRA FRA')![2]).toBe('Élodie Durand');
    expect(t.find((r) => r[1] === 'EST EST')!.join(' ')).toContain('Shield ✓ met');
    const anonymous = afterActionReport(golden.log, { displayNames: DISPLAY_NAMES, anonymise: true });
    expect(anonymous).not.toContain('Élodie');
    expect(anonymous).not.toContain('Delegation');
  });

  it('a facilitator\'s debrief guide of 8–10 questions from this session, and the note on truth', () => {
    const items = [...html.matchAll(/<li data-topic="([\w-]+)">/g)].map((m) => m[1]);
    expect(items.length).toBeGreaterThanOrEqual(8);
    expect(items.length).toBeLessThanOrEqual(10);
    expect(section(html, 'guide')).toContain('p2 Cyber shield was vetoed by USA.');
    const about = section(html, 'about');
    for (const fact of ['NATO Innovation Fund (voluntary, 24 allies, €1bn)', 'PURL', 'SAFE loans (€150bn)', 'NATO decides by consensus']) expect(about).toContain(fact);
    expect(html).toContain('The ASPF is a plausible fictional scenario, not a real fund.');
  });

  it('every chart is an accessible image with a title and a description', () => {
    const charts = [...html.matchAll(/<svg class="chart"[^>]*>/g)];
    expect(charts.length).toBe(7); // pledges, returns, burden, one per track (2), meters, power
    for (const c of charts) expect(c[0]).toMatch(/role="img" aria-labelledby="([\w-]+)-t \1-d"/);
    expect(html.match(/<title id="chart-/g)!.length).toBe(charts.length);
    expect(html.match(/<desc id="chart-/g)!.length).toBe(charts.length);
  });

  it('follows the locale: French labels, decimal commas, French names', () => {
    expect(section(fr, 'timeline')).toContain('Manche 1 · 2026');
    expect(fr).toContain('Chronologie, manche par manche');
    expect(section(fr, 'timeline')).toContain('Veto de USA (fr)');
    expect(section(fr, 'burden')).toContain('r de Pearson = 0,17');
    expect(section(fr, 'about')).toContain('Fonds OTAN pour l’innovation');
    const q = afterActionReport(botGame('quick-demo', 7).log, { locale: 'fr' });
    expect(q).toContain('États-Unis');
    expect(q).toContain('Allemagne');
    expect(q).toMatch(/\d,\d\u00a0Md\$/);
  });

  it('mid-game: covers the resolved rounds and keeps secret objectives hidden', () => {
    const mid = renderReport(buildDebrief({ ...golden.log, entries: golden.log.entries.slice(0, 37) }));
    expect(mid).toContain('Game in progress: round 2');
    expect(mid).toContain('hidden until the game ends');
    expect(mid).not.toContain('Shield ✓');
  });
});
