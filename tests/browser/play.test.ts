import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinScenario } from '@aspf/shared';
import { startServer, type RunningServer } from '../../server/src/app.ts';
import { testConfig } from '../../server/src/config.ts';
import { DIST, builtClient } from '../support/client-build.ts';
import { launchChromium, mustRun } from './chromium.ts';

/**
 * The client in real Chromium against the real server (issue "Phaser client"): create a session,
 * three players in separate browser contexts and an observer join, play the Quick demo through the
 * UI to the end; a reload mid-game returns to the seat; no page ever shows another member's
 * objective; axe-core finds no serious or critical violation on each screen; screenshots are kept
 * in test-artifacts/.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const scenario = builtinScenario('quick-demo')!;
const objectiveTitles = scenario.objectives.map((o) => o.title.en);

let server: RunningServer | null = null;
let browser: Browser | null = null;
let dataDir = '';
let skip = '';

beforeAll(async () => {
  await builtClient();
  try {
    browser = await launchChromium();
  } catch (error) {
    if (mustRun()) throw error;
    skip = (error as Error).message;
    console.warn(`SKIPPED browser tests: ${skip}`);
    return;
  }
  dataDir = mkdtempSync(join(tmpdir(), 'aspf-browser-'));
  server = await startServer(testConfig({ dataDir, staticDir: DIST, botPacing: { minMs: 40, maxMs: 120 } }));
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000); // closing Chromium and the server can take more than the default 10 s on a loaded machine

async function context(viewport = { width: 1366, height: 768 }): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await browser!.newContext({ viewport, locale: 'en-GB' });
  // Each context starts in English whatever an earlier test chose (the choice is remembered).
  await ctx.addInitScript(() => { if (!sessionStorage.getItem('aspf.test.boot')) { sessionStorage.setItem('aspf.test.boot', '1'); localStorage.removeItem('aspf.locale'); } });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { ctx, page, errors };
}

/** Waits on an observable condition, patiently: the machine may be busy (never a fixed sleep). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: the page's CSP (no inline script) stays in force.
  await page.evaluate(`${axeSource};0`);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** The objective titles a page shows. */
async function objectivesOn(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return objectiveTitles.filter((title) => text.includes(title));
}

async function joinAs(code: string, name: string, member: string) {
  const c = await context();
  await c.page.goto(`${server!.url}/join/${code}`);
  await c.page.getByLabel('Your name').fill(name);
  await poll(() => c.page.getByLabel('Delegation').locator('option').count()).toBeGreaterThan(1);
  await c.page.getByLabel('Delegation').selectOption(member);
  await c.page.getByRole('button', { name: 'Join', exact: true }).click();
  await c.page.getByRole('heading', { name: new RegExp(`\\(${member}\\)`) }).first().waitFor();
  return { ...c, member };
}

describe('the client in Chromium', () => {
  it('plays a whole Quick demo: three players, bots, an observer, a facilitator, a reload', async (ctx) => {
    if (skip) return ctx.skip();
    // The facilitator creates the session from the home page.
    const fac = await context();
    await fac.page.goto(server!.url);
    expect(await seriousViolations(fac.page), 'home').toEqual([]);
    await fac.page.getByLabel('Scenario', { exact: true }).selectOption('quick-demo');
    await fac.page.getByLabel('Timer speed').selectOption('2');
    await fac.page.screenshot({ path: join(ARTIFACTS, 'home.png') });
    await fac.page.getByRole('button', { name: 'Create session' }).click();
    const code = (await fac.page.locator('.big-code').textContent())!.trim();
    expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{7}$/);
    await poll(() => fac.page.locator('img[alt^="QR"]').count()).toBe(1);
    await fac.page.screenshot({ path: join(ARTIFACTS, 'created.png'), fullPage: true });
    await fac.page.getByRole('link', { name: 'Open the facilitator console' }).click();
    await fac.page.getByRole('button', { name: 'Start game' }).waitFor();
    expect(new URL(fac.page.url()).hash).toBe(''); // the key left the address bar

    // Three delegations in their own browser contexts, and the projector.
    const players = [await joinAs(code, 'Ana', 'DEU'), await joinAs(code, 'Bo', 'FRA'), await joinAs(code, 'Chloé', 'POL')];
    const projector = await context({ width: 1280, height: 720 });
    await projector.page.goto(`${server!.url}/projector/${code}`);
    await projector.page.locator('.big-code').waitFor();
    expect(await projector.page.locator('.big-code').textContent()).toBe(code);

    // Bots take the two other seats.
    await fac.page.getByRole('button', { name: 'Bot: USA' }).click();
    await fac.page.getByRole('button', { name: 'Bot: CAN' }).click();
    await poll(() => fac.page.locator('.seats tbody').innerText()).toMatch(/bot \(steady\)[\s\S]*bot \(steady\)/);

    const own = new Map<string, string>();
    for (const p of players) {
      const title = (await p.page.locator('.objective h3').innerText()).replace(/^.*?: /, '');
      own.set(p.member, title);
    }
    const checkSecrets = async () => {
      for (const p of players) expect(await objectivesOn(p.page), `${p.member}'s page`).toEqual([own.get(p.member)]);
      expect(await objectivesOn(projector.page), 'projector').toEqual([]);
    };
    await checkSecrets();

    const next = async () => {
      const before = await fac.page.locator('.phase-name').innerText();
      await fac.page.getByRole('button', { name: 'Next phase' }).click();
      await poll(() => fac.page.locator('.phase-name').innerText()).not.toBe(before);
    };

    await fac.page.getByRole('button', { name: 'Start game' }).click();
    await fac.page.locator('.phase-name', { hasText: /briefing/i }).waitFor();
    for (let round = 1; round <= 3; round++) {
      await next(); // → pledging
      // Within every budget and comfort level (Poland's allocation is about $2.3bn).
      for (const [i, p] of players.entries()) {
        const amount = [1, 1.2, 0.8][i]!;
        await p.page.getByLabel('Pledge amount ($bn)').fill(String(amount));
        await p.page.getByRole('button', { name: 'Pledge', exact: true }).click();
        await poll(() => p.page.locator('.me').innerText()).toContain(`$${amount.toFixed(1)}bn`);
      }
      // A bad amount is refused beside the control, with the engine's message.
      await players[0]!.page.getByLabel('Pledge amount ($bn)').fill('999');
      await players[0]!.page.getByRole('button', { name: 'Pledge', exact: true }).click();
      await poll(() => players[0]!.page.locator('#pledge-error').innerText()).toMatch(/to pledge/);
      if (round === 1) {
        await players[0]!.page.screenshot({ path: join(ARTIFACTS, 'table-pledging.png'), fullPage: true });
        expect(await seriousViolations(players[0]!.page), 'table').toEqual([]);
      }

      await next(); // → proposals
      const deu = players[0]!.page;
      await deu.getByLabel('Project', { exact: true }).selectOption({ index: round - 1 });
      await deu.getByRole('button', { name: 'Propose project' }).click();
      await players[2]!.page.getByRole('button', { name: /^Co-sponsor/ }).first().click();

      await next(); // → negotiation
      await players[1]!.page.getByLabel('Message').fill(`Round ${round}: France backs Germany <b>firmly</b>`);
      await players[1]!.page.getByRole('button', { name: 'Send' }).click();
      await poll(() => players[0]!.page.locator('.messages').innerText()).toContain(`Round ${round}: France backs Germany <b>firmly</b>`);

      if (round === 2) {
        // A reload mid-game returns to the same seat with the same secrets.
        const pol = players[2]!;
        await pol.page.reload();
        await pol.page.getByRole('heading', { name: /\(POL\)/ }).first().waitFor();
        await poll(() => pol.page.locator('.objective h3').innerText()).toContain(own.get('POL')!);
      }

      await next(); // → voting
      for (const p of players) {
        await p.page.getByRole('button', { name: /^Vote yes/ }).first().click();
        await poll(() => p.page.locator('.your-vote').first().innerText()).toContain('yes');
      }
      // The projector shows a live tally for every proposal: a fund vote by its criteria, a common-budget
      // one by its veto line (which comes first depends on what the bots tabled).
      await poll(() => projector.page.locator('.tally').allInnerTexts().then((all) => all.join('\n'))).toMatch(/Members: \d\/\d|No veto so far|Vetoed by/);
      if (round === 1) {
        await players[1]!.page.screenshot({ path: join(ARTIFACTS, 'table-voting.png'), fullPage: true });
        await projector.page.screenshot({ path: join(ARTIFACTS, 'projector.png'), fullPage: true });
        await fac.page.screenshot({ path: join(ARTIFACTS, 'facilitator.png'), fullPage: true });
        expect(await seriousViolations(projector.page), 'projector').toEqual([]);
        expect(await seriousViolations(fac.page), 'facilitator').toEqual([]);
      }
      await checkSecrets();
      await next(); // → resolution, then the next briefing (or the end)
    }

    // The end: scores, objectives revealed, the Alliance Index.
    for (const p of [...players, projector]) {
      await p.page.getByRole('heading', { name: 'Final scores' }).waitFor();
      await poll(() => p.page.locator('.end').innerText()).toMatch(/Alliance Index: \d+\/100/);
    }
    const endText = await projector.page.locator('.end').innerText();
    for (const title of own.values()) expect(endText).toContain(title);
    await players[0]!.page.screenshot({ path: join(ARTIFACTS, 'end.png'), fullPage: true });

    // The facilitator's debrief: the after-action report in the page, then the replay.
    await fac.page.getByRole('button', { name: 'Show after-action report' }).click();
    const report = fac.page.frameLocator('iframe.report');
    await report.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await report.locator('body').innerText()).toMatch(/Ana|Bo|Chloé/);
    await fac.page.screenshot({ path: join(ARTIFACTS, 'debrief.png'), fullPage: true });
    // The replay opens in a new tab: the console stays as it was.
    const [replayPage] = await Promise.all([fac.ctx.waitForEvent('page'), fac.page.getByRole('link', { name: 'Open the replay' }).click()]);
    replayPage.on('pageerror', (e) => fac.errors.push(e.message));
    expect(await fac.page.getByRole('button', { name: 'Next phase' }).count()).toBe(1);
    const rp = replayPage;
    await poll(() => rp.locator('#replay-label').innerText()).toMatch(/^Step \d+ of \d+/);
    await rp.getByRole('button', { name: 'First step' }).click();
    await poll(() => rp.locator('#replay-label').innerText()).toMatch(/^Step 0 of/);
    expect(await rp.locator('.phase-name').innerText()).toMatch(/waiting/i);
    for (let i = 0; i < 3; i++) await rp.getByRole('button', { name: 'Next step' }).click();
    await poll(() => rp.locator('#replay-label').innerText()).toMatch(/^Step 3 of/);
    await rp.getByRole('button', { name: 'Last step' }).click();
    await rp.getByRole('heading', { name: 'Final scores' }).waitFor();
    expect(await seriousViolations(rp), 'replay').toEqual([]);
    await rp.screenshot({ path: join(ARTIFACTS, 'replay.png'), fullPage: true });
    for (const p of [fac, projector, ...players]) expect(p.errors).toEqual([]);
  }, 600_000); // generous: two cores shared with other work make a whole game slow, never wrong

  it('works on a 390×844 phone and switches to French', async (ctx) => {
    if (skip) return ctx.skip();
    const created = await fetch(`${server!.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'quick-demo' }) }).then((r) => r.json()) as { code: string };
    const phone = await context({ width: 390, height: 844 });
    await phone.page.goto(`${server!.url}/join/${created.code}`);
    await phone.page.getByLabel('Your name').fill('Dana');
    await phone.page.getByRole('button', { name: 'Join', exact: true }).click();
    await phone.page.getByRole('heading', { name: 'Negotiation' }).waitFor();
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.page.getByRole('button', { name: /Language/ }).click();
    await phone.page.getByRole('heading', { name: 'Négociation' }).waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await phone.page.getByRole('button', { name: 'Envoyer' }).count()).toBe(1);
    await phone.page.screenshot({ path: join(ARTIFACTS, 'phone-fr.png'), fullPage: true });
    expect(await seriousViolations(phone.page)).toEqual([]);
    expect(phone.errors).toEqual([]);
  }, 180_000);

  it('renders hostile names and chat as text', async (ctx) => {
    if (skip) return ctx.skip();
    const created = await fetch(`${server!.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'quick-demo' }) }).then((r) => r.json()) as { code: string };
    const evil = '<img src=x onerror="window.pwned=1">';
    const p = await context();
    await p.page.goto(`${server!.url}/join/${created.code}`);
    await p.page.getByLabel('Your name').fill(evil);
    await p.page.getByRole('button', { name: 'Join', exact: true }).click();
    // Seated first (the table lists the name), then chat: a message typed before the welcome has no room yet.
    await poll(() => p.page.locator('.seats').innerText()).toContain(evil);
    await p.page.getByLabel('Message').fill(`${evil}<script>window.pwned=2</script>`);
    await p.page.getByRole('button', { name: 'Send' }).click();
    await poll(() => p.page.locator('.messages').innerText()).toContain('<script>window.pwned=2</script>');
    expect(await p.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await p.page.locator('.messages img, .seats img').count()).toBe(0);
    // The policy forbids inline script outright.
    const csp = (await p.page.request.get(`${server!.url}/`)).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  }, 180_000);

  it('moves a player to another seat from the facilitator console', async (ctx) => {
    if (skip) return ctx.skip();
    const created = await fetch(`${server!.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'quick-demo' }) }).then((r) => r.json()) as { code: string; facilitatorKey: string };
    const fac = await context();
    await fac.page.goto(`${server!.url}/facilitate/${created.code}#key=${created.facilitatorKey}`);
    await fac.page.getByRole('button', { name: 'Start game' }).waitFor();
    const ana = await joinAs(created.code, 'Ana', 'DEU');
    const before = await objectivesOn(ana.page);
    expect(before).toHaveLength(1);

    await fac.page.getByLabel('Seat for Ana').selectOption('FRA');
    await fac.page.getByRole('button', { name: 'Move Ana', exact: true }).click();
    await ana.page.getByRole('heading', { name: /\(FRA\)/ }).first().waitFor();
    await poll(() => ana.page.locator('.me .notice').innerText()).toMatch(/moved you to France/);
    await poll(() => objectivesOn(ana.page)).toHaveLength(1);
    expect(await objectivesOn(ana.page)).not.toEqual(before);
    await poll(() => fac.page.locator('.players-console').innerText()).toMatch(/Ana\s+France \(FRA\)\s+online/);
    await fac.page.screenshot({ path: join(ARTIFACTS, 'facilitator-players.png'), fullPage: true });
    await ana.page.screenshot({ path: join(ARTIFACTS, 'moved.png'), fullPage: true });
    // The seat she now holds is not offered as a destination.
    expect(await fac.page.getByLabel('Seat for Ana').locator('option[value="FRA"]').count()).toBe(0);
    expect(await seriousViolations(fac.page)).toEqual([]);
    // The move outlives a reload: the seat token now opens France.
    await ana.page.reload();
    await ana.page.getByRole('heading', { name: /\(FRA\)/ }).first().waitFor();
    for (const p of [fac, ana]) expect(p.errors).toEqual([]);
  }, 180_000);

  it('creates a session from an uploaded scenario file, reports a bad one, and sets timers', async (ctx) => {
    if (skip) return ctx.skip();
    const f = await context();
    await f.page.goto(server!.url);
    const bad = { ...scenario, rounds: 0, members: scenario.members.map((m, i) => (i === 1 ? { ...m, id: 'germany' } : m)) };
    await f.page.getByLabel('Or upload a scenario file (JSON)').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await f.page.getByRole('button', { name: 'Create session' }).click();
    await poll(() => f.page.locator('.error').first().innerText()).toMatch(/rounds: [\s\S]*members\.1\.id: /);
    const mine = { ...scenario, id: 'our-class', title: { en: 'Our class', fr: 'Notre classe' } };
    await f.page.getByLabel('Or upload a scenario file (JSON)').setInputFiles({ name: 'ours.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mine)) });
    await f.page.getByRole('button', { name: 'Create session' }).click();
    await f.page.getByRole('link', { name: 'Open the facilitator console' }).click();
    await f.page.getByText('Phase timers (seconds, from the next phase on)').click();
    await f.page.getByLabel('Voting', { exact: true }).fill('95');
    await f.page.getByRole('button', { name: 'Set timers' }).click();
    await f.page.getByRole('button', { name: 'Start game' }).click();
    for (let i = 0; i < 4; i++) await f.page.getByRole('button', { name: 'Next phase' }).click();
    await f.page.locator('.phase-name', { hasText: /voting/i }).waitFor();
    await poll(() => f.page.locator('.countdown').innerText()).toMatch(/^1:3\d left$/);
    expect(f.errors).toEqual([]);
  }, 180_000);
});
