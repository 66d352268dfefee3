/**
 * The client (issue 6, section 6): the production bundle's gzip size, the time to the first table
 * frame of the projector page in headless Chromium (SwiftShader: software WebGL, so slower than a
 * laptop's GPU), and the page's JS heap after it watched a whole game.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer } from '../server/src/app.ts';
import { testConfig } from '../server/src/config.ts';
import { launchChromium } from '../tests/browser/chromium.ts';
import { Player, createSession, sleep } from '../tests/room/harness.ts';
import type { Figure } from './engine.ts';
import { ROOT, median, round } from './proc.ts';

const DIST = join(ROOT, 'client/dist');

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
  const server = await startServer(testConfig({ dataDir, staticDir: DIST, botPacing: { minMs: 10, maxMs: 30 } }));
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

    // JS heap after a whole game watched by the projector (bots play every seat).
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/projector/${s.code}`);
    await page.locator('.big-code').waitFor();
    const f = await Player.join(server.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'f');
    for (const id of ['USA', 'DEU', 'FRA', 'POL', 'CAN']) await f.must('assignSeat', { member: id, controller: 'bot' });
    await f.must('start');
    for (let i = 0; i < 60 && f.state.phase !== 'ended'; i++) {
      await sleep(250);
      await f.act('advance');
    }
    await sleep(1000);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage') as { usedSize: number };
    figures.push({ name: `JS heap of the projector after a whole Quick-demo game (${f.state.phase === 'ended' ? 'ended' : `stopped in ${f.state.phase}`})`, value: round(heap.usedSize / 2 ** 20, 1), unit: 'MiB' });
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
