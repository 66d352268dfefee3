/**
 * The client (issue 6, section 6; issue 18, target 5): the production bundle's gzip size, what the
 * join page and the player page actually load (gzip), the time to the first table frame of the
 * projector page in headless Chromium (SwiftShader: software WebGL, so slower than a laptop's GPU)
 * and of the player page with 4× CPU throttling on a Fast 3G profile (CDP), and the projector's JS
 * heap after it watched a whole 32-member Brussels game played by bots.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer } from '../server/src/app.ts';
import { testConfig } from '../server/src/config.ts';
import type { Browser } from 'playwright-core';
import { builtinScenario } from '@aspf/shared';
import { launchChromium } from '../tests/browser/chromium.ts';
import { Player, createSession, sleep } from '../tests/room/harness.ts';
import type { Figure } from './engine.ts';
import { ROOT, median, round } from './proc.ts';

const DIST = join(ROOT, 'client/dist');

/** Chromium DevTools' "Fast 3G" preset: 562.5 ms latency, 1.6 Mbit/s down and 750 kbit/s up, each × 0.9. */
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9, uploadThroughput: ((750 * 1024) / 8) * 0.9 };

/**
 * Opens `path` in a fresh context and returns the gzip size of the built files it loaded (JS, CSS,
 * HTML); with `table`, also the time from navigation to a painted frame of the table's canvas.
 */
async function pageLoad(browser: Browser, url: string, path: string, options: { seat?: { code: string; member: string }; slow?: boolean; table?: boolean }): Promise<{ gzip: number; ms: number }> {
  const ctx = await browser.newContext({ viewport: { width: 412, height: 915 } });
  const page = await ctx.newPage();
  if (options.seat) {
    const { code, member } = options.seat;
    await page.addInitScript(([c, m]) => sessionStorage.setItem(`aspf.join.${c}`, JSON.stringify({ role: 'member', name: 'Bench', member: m })), [code, member] as const);
  }
  if (options.slow) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  }
  const loaded = new Set<string>();
  page.on('response', (r) => {
    const p = new URL(r.url()).pathname;
    if (/\.(js|css)$/.test(p)) loaded.add(join(DIST, p));
    else if (r.request().resourceType() === 'document') loaded.add(join(DIST, 'index.html'));
  });
  await page.goto(`${url}${path}`);
  let ms = NaN;
  if (options.table) {
    await page.locator('canvas').first().waitFor({ timeout: 60_000 });
    ms = await page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())))));
  } else {
    await page.waitForLoadState('networkidle');
  }
  await ctx.close();
  const gzip = [...loaded].reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  return { gzip, ms };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

export async function clientBench(): Promise<{ figures: Figure[]; notes: string[] }> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: join(ROOT, 'client'), encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`client build failed:\n${built.stderr}`);
  const assets = files(DIST).filter((f) => /\.(js|css|html)$/.test(f));
  const gz = (f: string) => gzipSync(readFileSync(f), { level: 9 }).length;
  const js = assets.filter((f) => f.endsWith('.js'));
  const total = assets.reduce((n, f) => n + gz(f), 0);
  figures.push({ name: `production bundle, gzip (${js.length} JS files + CSS + HTML)`, value: round(total / 1024, 1), unit: 'KiB' });
  figures.push({ name: 'production bundle, minified', value: round(assets.reduce((n, f) => n + statSync(f).size, 0) / 1024, 1), unit: 'KiB' });

  let browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    notes.push(`Chromium could not be launched (${(error as Error).message}): no browser figures.`);
    return { figures, notes };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'aspf-client-bench-'));
  const server = await startServer(testConfig({ dataDir, staticDir: DIST, botPacing: { minMs: 10, maxMs: 30 }, maxMessagesPerSecond: 1000 }));
  try {
    const s = await createSession(server.url, { scenario: 'quick-demo', seed: 4 });
    // Time to first table frame: navigation start → the projector's canvas has painted a frame
    // with the session's table (its code on screen), over 5 fresh page loads.
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await ctx.newPage();
      await page.goto(`${server.url}/projector/${s.code}`);
      await page.locator('.big-code').waitFor();
      await page.locator('canvas').first().waitFor();
      const ms = await page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())))));
      times.push(ms);
      await ctx.close();
    }
    const ttf = median(times);
    figures.push({ name: 'time to first table frame, projector, headless Chromium (median of 5)', value: round(ttf, 0), unit: 'ms', target: '≤ 1,500 ms', met: ttf <= 1500 });

    // What a phone loads: the join page, then the player page with its table.
    const joinPage = await pageLoad(browser, server.url, `/join/${s.code}`, {});
    figures.push({ name: 'join page: built files loaded, gzip', value: round(joinPage.gzip / 1024, 1), unit: 'KiB' });
    const members = ['DEU', 'FRA', 'POL'];
    const player = await pageLoad(browser, server.url, `/play/${s.code}`, { seat: { code: s.code, member: members[0]! }, table: true });
    figures.push({ name: 'player page (with its table): built files loaded, gzip', value: round(player.gzip / 1024, 1), unit: 'KiB', target: '≤ 250 KiB', met: player.gzip <= 250 * 1024 });
    const slow: number[] = [];
    for (const member of members.slice(1)) slow.push((await pageLoad(browser, server.url, `/play/${s.code}`, { seat: { code: s.code, member }, slow: true, table: true })).ms);
    const slowMs = Math.max(...slow);
    figures.push({ name: 'time to first table frame, player page, 4× CPU throttling + Fast 3G (worst of 2)', value: round(slowMs, 0), unit: 'ms', target: '≤ 2,500 ms', met: slowMs <= 2500 });

    // JS heap after a whole 32-member Brussels game watched by the projector (bots play every seat).
    const brussels = await createSession(server.url, { scenario: 'brussels-2026', seed: 4 });
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/projector/${brussels.code}`);
    await page.locator('.big-code').waitFor();
    const f = await Player.join(server.url, brussels.code, { role: 'facilitator', name: 'T', key: brussels.facilitatorKey }, 'f');
    for (const m of builtinScenario('brussels-2026')!.members) await f.must('assignSeat', { member: m.id, controller: 'bot' });
    await f.must('start');
    for (let i = 0; i < 240 && f.state.phase !== 'ended'; i++) {
      await sleep(250);
      await f.act('advance').catch(() => undefined); // the room may close as the game ends
    }
    await sleep(1000);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage') as { usedSize: number };
    const mib = heap.usedSize / 2 ** 20;
    figures.push({ name: `JS heap of the projector after a whole 32-member Brussels game (${f.state.phase === 'ended' ? 'ended' : `stopped in ${f.state.phase}`})`, value: round(mib, 1), unit: 'MiB', target: '≤ 30 MiB', met: mib <= 30 && f.state.phase === 'ended' });
    await f.leave();
    await ctx.close();
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  notes.push('Headless Chromium renders WebGL in software (SwiftShader): the time to first frame is an upper bound for real devices.');
  return { figures, notes };
}
