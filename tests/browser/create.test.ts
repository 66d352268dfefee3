import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Player } from '../room/harness.ts';
import { ARTIFACTS, horizontalOverflow, newPage, poll, seriousViolations, startHarness, type Harness } from './harness.ts';

/**
 * The create screen's timer presets and the facilitator guide in the app (issue #15, item 2) in
 * real Chromium: the preset chosen in the form is the session's rounds and timers.
 */
let h: Harness | null = null;
let skip = '';
beforeAll(async () => {
  const started = await startHarness();
  if (typeof started === 'string') skip = started;
  else h = started;
}, 120_000);
afterAll(async () => { await h?.close(); }, 60_000);

describe('timer presets on the create screen', () => {
  it('choosing "45-minute class" for Classroom creates a 3-round session with the preset\'s timers', async (ctx) => {
    if (!h) return ctx.skip(skip);
    const home = await newPage(h.browser);
    await home.page.goto(h.server.url);
    await home.page.locator('#create-scenario option[value="classroom"]').waitFor({ state: 'attached' });
    await home.page.getByLabel('Scenario', { exact: true }).selectOption('classroom');
    const preset = home.page.getByLabel('Class length (timer preset)');
    // Each option says what it gives this scenario: Classroom has 5 rounds, class-90 plays 5 of 11 minutes.
    expect(await preset.locator('option').allInnerTexts()).toEqual([
      'The scenario\'s own timers', '45-minute class — 3 rounds, 22.5 min of play', '90-minute class — 5 rounds, 55 min of play', 'Half-day workshop — 5 rounds, 112.5 min of play',
    ]);
    await home.page.getByLabel('Scenario', { exact: true }).selectOption('quick-demo');
    await poll(() => preset.locator('option[value="class-90"]').innerText()).toBe('90-minute class — 3 rounds, 33 min of play');
    await home.page.getByLabel('Scenario', { exact: true }).selectOption('classroom');
    await preset.selectOption('class-45');
    expect(await home.page.getByLabel('Timer speed').isDisabled()).toBe(true); // the preset sets the timers
    await home.page.getByRole('button', { name: 'Create session' }).click();
    const code = await home.page.locator('.created .big-code').innerText();
    const consoleLink = await home.page.getByRole('link', { name: 'Open the facilitator console' }).getAttribute('href');

    const watcher = await Player.join(h.server.url, code, { role: 'observer', name: 'Watcher' }, 'watcher');
    expect(watcher.state.rounds).toBe(3);
    const fac = await newPage(h.browser);
    await fac.page.goto(`${h.server.url}${consoleLink}`);
    // The console's timer fields show the session's timers: the preset's, not Classroom's own.
    await poll(() => fac.page.locator('#timer-negotiation').inputValue()).toBe('150');
    expect(await fac.page.locator('#timer-briefing').inputValue()).toBe('30');
    const before = Date.now();
    await fac.page.getByRole('button', { name: 'Start game' }).click();
    await watcher.until(() => watcher.state.phase === 'briefing', 'briefing');
    const after = Date.now();
    // The briefing runs 30 s (class-45), not Classroom's 60 s: its deadline was set between the two readings.
    expect(watcher.state.endsAt).toBeGreaterThanOrEqual(before + 30_000 - 5);
    expect(watcher.state.endsAt).toBeLessThanOrEqual(after + 30_000 + 5);
    await watcher.room.leave();
    await fac.ctx.close();
    await home.ctx.close();
  }, 120_000);

  it('in French the presets and their play time read in French', async (ctx) => {
    if (!h) return ctx.skip(skip);
    const home = await newPage(h.browser, { locale: 'fr', viewport: { width: 390, height: 844 } });
    await home.page.goto(h.server.url);
    await home.page.locator('#create-scenario option[value="classroom"]').waitFor({ state: 'attached' });
    await home.page.locator('#create-scenario').selectOption('classroom');
    const preset = home.page.getByLabel('Durée de la séance (minuteurs)');
    expect(await preset.locator('option').allInnerTexts()).toEqual([
      'Minuteurs du scénario', 'Cours de 45 minutes — 3 manches, 22,5 min de jeu', 'Cours de 90 minutes — 5 manches, 55 min de jeu', 'Atelier d\'une demi-journée — 5 manches, 112,5 min de jeu',
    ]);
    expect(await horizontalOverflow(home.page)).toBeLessThanOrEqual(0);
    await home.ctx.close();
  }, 60_000);
});

describe('the facilitator guide in the app', () => {
  it('the start page links to docs/FACILITATOR.md rendered at /guide, readable on a phone and axe clean', async (ctx) => {
    if (!h) return ctx.skip(skip);
    const page = await newPage(h.browser, { viewport: { width: 390, height: 844 } });
    await page.page.goto(h.server.url);
    await page.page.getByRole('link', { name: 'Facilitator guide: run sheets, glossary, debrief' }).click();
    await page.page.getByRole('heading', { name: 'Facilitator guide', level: 1 }).waitFor();
    expect(page.page.url()).toBe(`${h.server.url}/guide`);
    await page.page.getByRole('heading', { name: 'Run sheets' }).waitFor();
    // The run-sheet table, with every preset, and the glossary's terms in bold.
    expect(await page.page.locator('.guide-page table tbody tr').count()).toBe(3);
    expect(await page.page.locator('.guide-page table').innerText()).toMatch(/class-45[\s\S]*class-90[\s\S]*half-day/);
    expect(await page.page.locator('.guide-page li strong', { hasText: 'Blocking minority' }).count()).toBe(1);
    expect(await page.page.locator('.guide-page').innerText()).not.toMatch(/\*\*|\]\(|^\|/m); // no raw Markdown left
    expect(await horizontalOverflow(page.page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page.page)).toEqual([]);
    await page.page.screenshot({ path: `${ARTIFACTS}/guide-phone.png`, fullPage: false });
    expect(page.errors).toEqual([]);
    await page.ctx.close();
  }, 60_000);
});
