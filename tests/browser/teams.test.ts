import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, createSession, joinDirect, newPage, poll, seriousViolations, startHarness, type Harness } from './harness.ts';

/**
 * Team seats need consent (docs/SECURITY.md "The door"), as a class meets it: the first student at a
 * delegation sees its team code; a classmate who picks that delegation without the code waits as
 * an observer, sees nothing private, and the facilitator accepts from the console; a classmate with
 * the code is seated at once; the facilitator removes every observer with one button.
 */

let h: Harness | null = null;
let skip = '';
beforeAll(async () => {
  const started = await startHarness();
  if (typeof started === 'string') {
    skip = started;
    console.warn(`SKIPPED team-seat browser test: ${skip}`);
  } else h = started;
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('team seats in Chromium', () => {
  it('a team code seats a team mate; without it the facilitator decides, and nothing private shows meanwhile', async (ctx) => {
    if (skip) return ctx.skip();
    const { code, facilitatorKey } = await createSession(h!, true);
    const fac = await newPage(h!.browser);
    await fac.page.goto(`${h!.server.url}/facilitate/${code}#key=${facilitatorKey}`);
    await fac.page.getByRole('button', { name: 'Start game' }).waitFor();

    // Ana holds Germany and sees its team code.
    const ana = await joinDirect(h!.browser, h!.server.url, code, 'Ana', 'DEU');
    const teamLine = await ana.page.locator('#team-code').innerText();
    const teamCode = /([34679ACDEFGHJKMNPQRTWXY]{5})/.exec(teamLine)?.[1];
    expect(teamCode, teamLine).toBeDefined();
    const objective = await ana.page.locator('.objective h3').innerText();

    // Ben picks Germany without the code: he waits, and sees no German secret.
    const ben = await newPage(h!.browser, { viewport: { width: 390, height: 844 } });
    await ben.page.goto(`${h!.server.url}/join/${code}`);
    await ben.page.getByLabel('Your name').fill('Ben');
    await poll(() => ben.page.getByLabel('Delegation').locator('option').count()).toBeGreaterThan(1);
    await ben.page.getByLabel('Delegation').selectOption('DEU');
    await ben.page.getByRole('button', { name: 'Join', exact: true }).click();
    await poll(() => ben.page.locator('#request-pending').innerText()).toMatch(/Waiting for the facilitator to admit you to Germany/);
    expect(await ben.page.locator('.objective').count()).toBe(0);
    expect(await ben.page.locator('#team-code').count()).toBe(0);
    expect(await seriousViolations(ben.page), 'waiting page').toEqual([]);
    await ben.page.screenshot({ path: join(ARTIFACTS, 'team-request-phone.png') });

    // The facilitator sees the request and accepts it: Ben is now Germany's, with its objective.
    await fac.page.getByRole('button', { name: 'Accept Ben' }).click();
    await poll(() => ben.page.locator('.objective h3').count()).toBe(1);
    expect(await ben.page.locator('.objective h3').innerText()).toBe(objective);
    await poll(() => fac.page.getByRole('button', { name: 'Accept Ben' }).count()).toBe(0);

    // Cleo types the team code on the join form: seated at once.
    const cleo = await newPage(h!.browser);
    await cleo.page.goto(`${h!.server.url}/join/${code}`);
    await cleo.page.getByLabel('Your name').fill('Cleo');
    await poll(() => cleo.page.getByLabel('Delegation').locator('option').count()).toBeGreaterThan(1);
    await cleo.page.getByLabel('Delegation').selectOption('DEU');
    await cleo.page.getByLabel(/Team code/).fill(teamCode!.toLowerCase());
    await cleo.page.getByRole('button', { name: 'Join', exact: true }).click();
    await poll(() => cleo.page.locator('.objective h3').count()).toBe(1);

    // A watcher, then "Remove all observers": the watcher's page says it was removed.
    const watcher = await newPage(h!.browser);
    await watcher.page.goto(`${h!.server.url}/projector/${code}`);
    await watcher.page.locator('.join-banner').waitFor();
    await poll(() => fac.page.getByRole('button', { name: 'Remove all observers' }).count()).toBe(1);
    fac.page.once('dialog', (d) => void d.accept());
    await fac.page.getByRole('button', { name: 'Remove all observers' }).click();
    await poll(() => fac.page.getByRole('button', { name: 'Remove all observers' }).count()).toBe(0);
    for (const p of [fac, ana, ben, cleo]) expect(p.errors).toEqual([]);
  }, 300_000);
});
