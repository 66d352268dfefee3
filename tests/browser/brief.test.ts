import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, createSession, joinDirect, newPage, poll, startHarness, type Harness } from './harness.ts';

/**
 * The "Brief" control (client/src/ui/controls/brief-button.ts) in real Chromium: a delegation's
 * player opens its own country brief and secret slip from the table, the facilitator every brief.
 */
let h: Harness | null = null;
let skip = '';
beforeAll(async () => {
  const started = await startHarness();
  if (typeof started === 'string') skip = started;
  else h = started;
}, 120_000);
afterAll(async () => { await h?.close(); }, 60_000);

describe('country briefs from the table', () => {
  it('a player sees its own brief and slip only; the facilitator sees all five', async (ctx) => {
    if (!h) return ctx.skip(skip);
    const { code, facilitatorKey } = await createSession(h);
    const deu = await joinDirect(h.browser, h.server.url, code, 'Ana', 'DEU');
    await deu.page.getByRole('button', { name: 'Open my country brief' }).click();
    const frame = deu.page.frameLocator('iframe[title="Country brief"]');
    await frame.locator('#brief-DEU').waitFor();
    expect(await frame.locator('article.brief').count()).toBe(1);
    expect(await frame.locator('article.slip').count()).toBe(1);
    expect(await frame.locator('#slip-DEU .stamp').innerText()).toMatch(/SECRET/i);
    expect(await deu.page.locator('#brief-tab').getAttribute('href')).toMatch(/^\/api\/sessions\/\w+\/briefs\?ticket=[\w-]+&locale=en$/);
    // The page's own styles apply in the frame (the briefs are served with the report's policy).
    expect(await frame.locator('.stamp').evaluate((el) => getComputedStyle(el).textTransform)).toBe('uppercase');
    await deu.page.screenshot({ path: `${ARTIFACTS}/brief-player.png` });
    await deu.page.getByRole('button', { name: 'Hide the brief' }).click();
    await poll(() => deu.page.locator('iframe[title="Country brief"]').count()).toBe(0);

    const fac = await newPage(h.browser);
    await fac.page.goto(`${h.server.url}/facilitate/${code}#key=${facilitatorKey}`);
    await fac.page.getByRole('button', { name: 'Open every country brief (to print)' }).click();
    const all = fac.page.frameLocator('iframe[title="Country brief"]');
    await all.locator('#slip-USA').waitFor();
    expect(await all.locator('article.slip').count()).toBe(5);
    // The console's Debrief mode card (client/src/ui/controls/debrief-slides.ts) opens the six screens in a new tab.
    const [tab] = await Promise.all([fac.ctx.waitForEvent('page'), fac.page.getByRole('button', { name: 'Open the debrief screens (for the projector)' }).click()]);
    await poll(() => tab.url()).toMatch(/\/api\/sessions\/\w+\/slides\?ticket=[\w-]+&locale=en$/);
    await tab.locator('#s6').waitFor({ state: 'attached' });
    expect(await tab.locator('section.slide').count()).toBe(6);
    // The harness's init script (tests/browser/harness.ts newPage) runs in every frame, and the sandboxed
    // brief frame refuses it sessionStorage: proof the frame is sandboxed, not an error of the page.
    const sandboxed = /document is sandboxed and lacks the 'allow-same-origin' flag/;
    // Once the game has ended, the player opens its own copy of the report from the same card.
    fac.page.on('dialog', (d) => void d.accept());
    await fac.page.getByRole('button', { name: 'Start game' }).click();
    await fac.page.getByRole('button', { name: 'End game' }).click();
    const [report] = await Promise.all([deu.ctx.waitForEvent('page'), deu.page.getByRole('button', { name: 'Open our after-action report' }).click()]);
    await poll(() => report.url()).toMatch(/\/api\/sessions\/\w+\/report\?ticket=[\w-]+&locale=en$/);
    await report.locator('#negotiation').waitFor({ state: 'attached' });
    expect(await report.locator('body').innerText()).not.toContain('Ana');
    expect(deu.errors.concat(fac.errors).filter((e) => !sandboxed.test(e))).toEqual([]);
    await deu.ctx.close();
    await fac.ctx.close();
  }, 120_000);
});
