import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/src/app.ts';
import { testConfig } from '../../server/src/config.ts';
import { DIST, builtClient } from '../support/client-build.ts';
import { launchChromium, mustRun } from '../browser/chromium.ts';
import { Player, createSession } from '../room/harness.ts';

/**
 * Hostile strings in a real Chromium, beyond names and chat (tests/browser/play.test.ts): a custom
 * inject written by the facilitator, an announcement, and a delegation name all carry markup and
 * script; the page shows them as text, no element is created from them, and nothing runs.
 */
const EVIL = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';

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
    console.warn(`SKIPPED hostile-browser test: ${skip}`);
    return;
  }
  dataDir = mkdtempSync(join(tmpdir(), 'aspf-hostile-'));
  server = await startServer(testConfig({ dataDir, staticDir: DIST }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('hostile strings in the browser', () => {
  it('renders a custom inject, an announcement and a name as text', async (ctx) => {
    if (skip) return ctx.skip();
    const s = await createSession(server!.url, { scenario: 'quick-demo', seed: 3 });
    const f = await Player.join(server!.url, s.code, { role: 'facilitator', name: 'F', key: s.facilitatorKey });
    await f.must('inject', { event: { title: { en: `Title ${EVIL}`, fr: `Titre ${EVIL}` }, text: { en: `Text ${EVIL}`, fr: `Texte ${EVIL}` }, effects: [] } });

    const page = await (await browser!.newContext({ locale: 'en-GB' })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server!.url}/join/${s.code}`);
    await page.getByLabel('Your name').fill(`Name ${EVIL}`.slice(0, 40));
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.locator('.seats').waitFor();

    await f.must('start'); // the pending inject plays at this briefing
    await f.must('announce', { text: `Announcement ${EVIL}` });
    await expect.poll(() => page.locator('#event-title').innerText(), { timeout: 10_000 }).toContain(`Title ${EVIL}`);
    await expect.poll(() => page.locator('.messages').innerText(), { timeout: 10_000 }).toContain(`Announcement ${EVIL}`);
    await expect.poll(() => page.locator('.seats').innerText()).toContain('Name <img src=x');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('main img, main script, .messages img, .seats img, .event img, .event script').count()).toBe(0);
    expect(errors).toEqual([]);
    await f.leave();
  }, 90_000);
});
