import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { afterActionReport, buildDebrief, renderSlides } from '../../shared/src/debrief/index.ts';
import { builtinScenario, createGame, renderBriefs, secretSlip } from '../../shared/src/index.ts';
import { botGame, DISPLAY_NAMES, scripted } from './sessions.ts';
import { launchChromium } from '../browser/chromium.ts';

/**
 * The after-action report in real headless Chromium: it loads from a file with no request leaving
 * the page, runs no script, survives hostile strings, and axe-core finds no serious or critical
 * accessibility violation. Chromium comes from the npm package @sparticuz/chromium (or a system
 * /usr/bin/chromium); without one the tests skip with the reason, unless ASPF_REQUIRE_SERVICES=1.
 * Screenshots go to test-artifacts/; UPDATE_SCREENSHOT=1 also refreshes docs/img/report.png.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = `${ROOT}test-artifacts/debrief`;
const require = createRequire(import.meta.url);
let browser: Browser | null = null;
try {
  browser = await launchChromium();
} catch (error) {
  const reason = `no Chromium could be launched (${(error as Error).message})`;
  if (process.env.ASPF_REQUIRE_SERVICES === '1') throw new Error(`ASPF_REQUIRE_SERVICES=1: ${reason}`, { cause: error });
  console.warn(`[debrief browser tests skipped] ${reason}`);
}
afterAll(async () => browser?.close());

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Opened {
  page: Page;
  url: string;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

/** Writes the page to a file and opens it, recording every request and refusing any that is not the page. */
async function open(name: string, html: string, width = 1280): Promise<Opened> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = `${ARTIFACTS}/${name}.html`;
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser!.newPage({ viewport: { width, height: 900 }, javaScriptEnabled: true });
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, requests, dialogs, errors };
}

async function axe(page: Page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run;
    const result = await run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

describe.skipIf(!browser)('the after-action report in real Chromium', { timeout: 60_000 }, () => {
  it('a bot game (quick-demo, seed 7): no request leaves the page, no script runs, no serious or critical axe violation; screenshots', async () => {
    const html = afterActionReport(botGame('quick-demo', 7, 1).log, { generatedAt: Date.UTC(2026, 0, 1, 12) });
    const { page, url, requests, errors } = await open('report-en', html);
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('script, img, iframe, object, embed, link, video, audio').length)).toBe(0);
    expect(await page.locator('h1').textContent()).toBe('Quick demo');
    expect(await page.locator('svg.chart').count()).toBe(11); // five charts and one per track (six since the Southern Flank, docs/RULES.md R9.13)
    expect(await page.getByRole('img', { name: 'GDP against share of GDP pledged' }).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Contents' }).getByRole('link').count()).toBe(15);
    expect(await page.getByRole('region', { name: 'Voting power' }).getByRole('table').count()).toBe(1);

    const violations = await axe(page);
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(blocking, JSON.stringify(blocking, null, 1)).toEqual([]);
    if (violations.length) console.info('[axe, minor]', violations.map((v) => `${v.impact} ${v.id}`).join(', '));

    await page.screenshot({ path: `${ARTIFACTS}/report-en.png`, fullPage: true });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      mkdirSync(`${ROOT}docs/img`, { recursive: true });
      await page.screenshot({ path: `${ROOT}docs/img/report.png`, clip: { x: 0, y: 0, width: 1280, height: 1500 }, fullPage: true });
    }
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(`${ARTIFACTS}/report-en.pdf`, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Printed, the page keeps within A4's width: no table or chart sticks out of the body.
    const overflow = await page.evaluate(() => [...document.querySelectorAll('main > section')].filter((s) => s.scrollWidth > s.clientWidth + 1).map((s) => s.id));
    expect(overflow).toEqual([]);
    await page.close();
  });

  it('the scripted game in French, with every hostile string and the chat opted in: all text, no element injected, no dialog', async () => {
    const html = afterActionReport(scripted().log, { locale: 'fr', includeMessageContent: true, displayNames: DISPLAY_NAMES });
    const { page, url, requests, dialogs, errors } = await open('report-fr-hostile', html);
    expect(requests).toEqual([url]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await page.evaluate(() => document.querySelectorAll('script, img, iframe, object, embed').length)).toBe(0);
    expect(await page.getByText('<img src=x onerror=alert(1)>', { exact: false }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('cell', { name: /<script>alert\("pwned"\)<\/script>/ }).count()).toBe(1);
    const blocking = (await axe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(blocking, JSON.stringify(blocking, null, 1)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/report-fr-hostile.png`, fullPage: true });
    await page.close();
  });

  it('32 members (brussels-2026): still no serious or critical axe violation', async () => {
    const html = afterActionReport(botGame('brussels-2026', 7).log, { power: { samples: 20_000 } });
    const { page, url, requests } = await open('report-brussels', html);
    expect(requests).toEqual([url]);
    const blocking = (await axe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(blocking, JSON.stringify(blocking, null, 1)).toEqual([]);
    await page.close();
  });

  it('printed on A4 and on Letter, nothing is cut at the right edge: every table and chart fits the printable width', async () => {
    const html = afterActionReport(botGame('brussels-2026', 3).log, { power: { samples: 20_000 } });
    // The printable width in CSS pixels (96 per inch) with the report's 12 mm side margins.
    for (const [paper, mm] of [['A4', 210], ['Letter', 215.9]] as const) {
      const { page } = await open(`report-print-${paper}`, html, Math.floor(((mm - 24) / 25.4) * 96));
      await page.emulateMedia({ media: 'print' });
      const overflow = await page.evaluate(() => {
        const limit = document.documentElement.clientWidth + 1;
        return [...document.querySelectorAll('table, svg.chart')].filter((el) => el.getBoundingClientRect().right > limit)
          .map((el) => `${el.tagName} ${el.closest('section')?.id} ${Math.round(el.getBoundingClientRect().right)} > ${limit}`);
      });
      expect(overflow, paper).toEqual([]);
      const headers = await page.evaluate(() => [...document.querySelectorAll('#votes table.matrix thead')].flatMap((t) => [...t.querySelectorAll('th')].map((th) => th.textContent)));
      expect(headers.filter((h) => /^p\d+$/.test(h ?? '')).length, `${paper}: every proposal is a column of a printed vote matrix`).toBeGreaterThan(12);
      const pdf = await page.pdf({ format: paper, printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    }
  });

  it('debrief mode on a 1920×1080 projector: six screens, each exactly one screen high with nothing cut off', async () => {
    const html = renderSlides(buildDebrief(botGame('classroom', 7).log));
    const { page, url, requests } = await open('slides', html, 1920);
    await page.setViewportSize({ width: 1920, height: 1080 });
    const screens = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('section.slide')].map((s) => ({
      height: s.getBoundingClientRect().height,
      cut: [...s.querySelectorAll<HTMLElement>('.body > *')].filter((el) => el.getBoundingClientRect().bottom > s.getBoundingClientRect().bottom + 1 || el.getBoundingClientRect().right > window.innerWidth + 1).length,
    })));
    expect(screens).toHaveLength(6);
    expect(screens.every((s) => Math.abs(s.height - 1080) <= 1 && s.cut === 0), JSON.stringify(screens)).toBe(true);
    expect(requests).toEqual([url]);
    const blocking = (await axe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(blocking, JSON.stringify(blocking, null, 1)).toEqual([]);
    for (const n of [1, 2]) {
      await page.locator(`#s${n}`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${ARTIFACTS}/slide-${n}.png` });
    }
    if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: `${ROOT}docs/img/debrief-mode.png` });
    await page.close();
  });

  it('the facilitator\'s briefs pack (32 members) prints on A4 and Letter: nothing past the right edge, each brief at most two pages', async () => {
    const scenario = builtinScenario('brussels-2026')!;
    const state = createGame(scenario, 3);
    const html = renderBriefs(scenario, { slips: state.memberOrder.map((m) => secretSlip(state, m)!) });
    for (const [paper, mm] of [['A4', 210], ['Letter', 215.9]] as const) {
      const { page, url, requests } = await open(`briefs-${paper}`, html, Math.floor(((mm - 28) / 25.4) * 96));
      expect(requests).toEqual([url]);
      await page.emulateMedia({ media: 'print' });
      const wide = await page.evaluate(() => [...document.querySelectorAll('article *')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length);
      expect(wide, paper).toBe(0);
      // The printable height of a page in CSS pixels (14 mm margins): every brief fits in two.
      const pageHeight = ((paper === 'A4' ? 297 : 279.4) - 28) / 25.4 * 96;
      const tallest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('article.brief')].map((a) => a.getBoundingClientRect().height)));
      expect(tallest, paper).toBeLessThanOrEqual(2 * pageHeight);
      const pdf = await page.pdf({ format: paper });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    }
  });
});
