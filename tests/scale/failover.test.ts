import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '@aspf/shared/protocol';
import { Player, createSession, http, sleep } from '../room/harness.ts';
import { launchChromium, mustRun } from '../browser/chromium.ts';
import { freePort } from '../support/ports.ts';
import { bootProcess, stopProcess, type ServerProcess } from './cluster.ts';
import { nginxBinary, startNginx, type Nginx } from './nginx.ts';
import { freshDatabase, freshRedisUrl, postgresUp, redisUp } from './services.ts';

/**
 * The multi-process deployment of docs/DEPLOY.md, for real: Debian's nginx in front of three
 * server processes (node server/src/main.ts) on one PostgreSQL and one Redis; players (SDK
 * clients and a Chromium page) come in through nginx only. Then an owner is killed (SIGKILL), and
 * another is frozen (SIGSTOP) and thawed (SIGCONT). Proven: every acknowledged action survives; the
 * SDK clients and the browser are back in their seats within seconds, through the front door;
 * orphaned sessions are spread over the survivors, and a restarted process takes the new ones;
 * one writer per session ever (the thawed process's room is fenced and closed, its clients move, no
 * room of it remains, SIGTERM stops it without touching the new owners' rooms); /metrics and
 * non-WebSocket requests to `/nN/` are unreachable through nginx; no token reaches nginx's log;
 * every line every process printed is JSON.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const processes: ServerProcess[] = [];
/** Processes that were stopped and replaced in `processes` (their output is still checked). */
const retired: ServerProcess[] = [];
let env: Record<string, string> = {};
let ports: number[] = [];
let nginx: Nginx | null = null;
let database: { url: string; drop(): Promise<void> } | null = null;
let browser: Browser | null = null;
let skip = '';
const timings: Record<string, number> = {};
/** Sessions created before the kill. */
const SESSIONS = 12;

/** The built client in a folder of its own, so that a rebuild elsewhere never changes it under the servers. */
function clientCopy(): string {
  const dist = join(ROOT, 'client/dist');
  if (!existsSync(join(dist, 'index.html'))) {
    const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: join(ROOT, 'client'), encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`client build failed:\n${built.stderr}`);
  }
  const copy = mkdtempSync(join(tmpdir(), 'aspf-dist-'));
  cpSync(dist, copy, { recursive: true });
  return copy;
}

beforeAll(async () => {
  const binary = nginxBinary();
  if (!binary || !(await postgresUp()) || !(await redisUp())) {
    skip = 'a service is missing';
    return;
  }
  try {
    browser = await launchChromium();
  } catch (error) {
    if (mustRun()) throw error;
    process.stdout.write(`SKIP tests/scale/failover browser part: ${(error as Error).message}\n`);
  }
  database = await freshDatabase();
  const staticDir = clientCopy();
  const front = await freePort();
  ports = [await freePort(), await freePort(), await freePort()];
  env = {
    DATABASE_URL: database.url, REDIS_URL: freshRedisUrl(), RECOVERY_INTERVAL_MS: '500', BOT_DELAY_MS: '20-50',
    STATIC_DIR: staticDir, TRUST_PROXY: '1', PUBLIC_URL: `http://127.0.0.1:${front}`,
    LOG_LEVEL: 'debug', // Colyseus' health-check lines too: the last test checks that every line is JSON
  };
  processes.push(...await Promise.all(ports.map((_, i) => boot(i, front))));
  nginx = await startNginx(binary, front, ports);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  for (const p of processes) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGCONT');
    await stopProcess(p, 'SIGKILL');
  }
  await nginx?.stop();
  await database?.drop();
  if (Object.keys(timings).length) process.stdout.write(`failover figures: ${JSON.stringify(timings)}\n`);
}, 60_000);

/** Process i (0-based) on its port, behind nginx's `/n{i+1}/`. */
const boot = (i: number, front: number) => bootProcess({ ...env, PORT: String(ports[i]), PUBLIC_ADDRESS: `127.0.0.1:${front}/n${i + 1}` });
const said = (p: ServerProcess, prefix: string) => p.logs().some((l) => typeof l.msg === 'string' && l.msg.startsWith(prefix));
/** The processes whose log says they opened `code`'s room as a new session. */
const openers = (code: string) => processes.filter((p) => said(p, `session ${code}: opened`));
/** The processes whose log says they restored `code`'s room from the log (the one that runs it says so). */
const restorers = (code: string) => [...processes, ...retired].filter((p) => said(p, `session ${code}: restored from the log`));
const alive = () => processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Rooms each live process runs (its /metrics, scraped directly as from inside). */
async function sessionsPer(live: ServerProcess[]): Promise<number[]> {
  return Promise.all(live.map((p) => p.metric('aspf_sessions')));
}

/** An SDK client that rejoins by token through the front door as soon as its socket fails. */
async function rejoin(front: string, code: string, p: Player, label: string): Promise<Player> {
  return until(`${label} back in its seat`, async () => {
    try {
      return await Player.join(front, code, { token: p.token }, label);
    } catch {
      return undefined;
    }
  }, 30_000);
}

async function joinPage(front: string, code: string, member: string): Promise<Page> {
  const ctx = await browser!.newContext({ locale: 'en-GB' });
  const page = await ctx.newPage();
  await page.goto(`${front}/join/${code}`);
  await page.getByLabel('Your name').fill(`Browser ${member}`);
  await expect.poll(() => page.getByLabel('Delegation').locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
  await page.getByLabel('Delegation').selectOption(member);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('heading', { name: new RegExp(`\\(${member}\\)`) }).first().waitFor({ timeout: 15_000 });
  return page;
}

async function seatOnline(url: string, code: string, member: string): Promise<boolean> {
  const info = await http<SessionInfo>(url, `/api/sessions/${code}`);
  return info.status === 200 && info.body.seats.some((s) => s.member === member && s.online > 0);
}

describe('nginx, three processes, one PostgreSQL, one Redis', () => {
  it('survives kill -9 of an owner: nothing acknowledged lost, SDK clients and a browser back within seconds, orphans spread', async (ctx) => {
    if (skip) return ctx.skip();
    const front = nginx!.url;

    // Twelve sessions (created through one process, so its placement sees every room it placed).
    const created = [];
    for (let i = 0; i < SESSIONS; i++) {
      const s = await createSession(processes[0]!.url, { scenario: 'quick-demo', seed: 50 + i });
      await until(`${s.code} opened`, async () => openers(s.code).length === 1);
      created.push(s);
    }
    const before = await sessionsPer(processes);
    expect(before.reduce((a, b) => a + b, 0)).toBe(SESSIONS);
    timings.sessionsBefore = before.join('/') as unknown as number;
    expect(Math.min(...before)).toBeGreaterThanOrEqual(1);

    // Players of one session join through nginx; their sockets go to the owner's /nN/.
    const s = created[0]!;
    const victim = openers(s.code)[0]!;
    const survivors = processes.filter((p) => p !== victim);
    const orphans = created.filter((c) => openers(c.code)[0] === victim).length;
    const f = await Player.join(front, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const ids = ['DEU', 'FRA', 'POL'];
    const players = await Promise.all(ids.map((id) => Player.join(front, s.code, { role: 'member', name: `Team ${id}`, member: id }, id)));
    const page = browser ? await joinPage(front, s.code, 'USA') : null;
    expect(await victim.metric('aspf_clients')).toBe(browser ? 5 : 4);
    for (const p of [f, ...players]) p.room.reconnection.enabled = false; // they rejoin through the front door, as the page does

    await f.must('start');
    await f.must('advance');
    let lastAck = 0;
    for (const p of players) lastAck = await p.must('pledge', { amount: 1500 });

    const killedAt = Date.now();
    await stopProcess(victim, 'SIGKILL');

    // The SDK clients notice the dead socket and rejoin by token through nginx.
    await until('every socket closed', async () => [f, ...players].every((p) => p.closed !== null), 10_000);
    const back = await Promise.all([f, ...players].map((p) => rejoin(front, s.code, p, `${p.label} again`)));
    timings.sdkResumeSeconds = (Date.now() - killedAt) / 1000;
    expect(timings.sdkResumeSeconds).toBeLessThan(10);
    const f2 = back[0]!;
    expect(f2.state.seq).toBe(lastAck);
    const seq = await f2.must('advance'); // the game goes on; the sealed pledges open
    await f2.sees(seq);
    for (const id of ids) expect(f2.state.members[id].pledged).toBe(1500);

    // The browser rejoins by itself, within 10 s of the kill.
    if (page) {
      await until('the browser back in its seat', async () => (await seatOnline(front, s.code, 'USA')) && !(await page.getByText('Connection lost').isVisible()), 10_000);
      timings.browserResumeSeconds = (Date.now() - killedAt) / 1000;
      await page.getByRole('heading', { name: /\(USA\)/ }).first().waitFor({ timeout: 5000 });
      await page.context().close();
    }

    // Every orphan reopened, spread over the two survivors.
    const after = await until('every session running again', async () => {
      const counts = await sessionsPer(survivors);
      return counts.reduce((a, b) => a + b, 0) === SESSIONS ? counts : undefined;
    });
    // Each orphan was restored by exactly one survivor, which logged it itself (it runs the room).
    for (const c of created.filter((c) => openers(c.code)[0] === victim)) {
      expect(restorers(c.code)).toHaveLength(1);
      expect(survivors).toContain(restorers(c.code)[0]);
    }
    timings.orphans = orphans;
    timings.sessionsPerSurvivor = after.join('/') as unknown as number;
    expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(Math.max(1, Math.abs(before[processes.indexOf(survivors[0]!)]! - before[processes.indexOf(survivors[1]!)]!)));
    for (const p of back) await p.leave();
  }, 150_000);

  it('gives a restarted process the new sessions until the load is even (running sessions stay where they are)', async (ctx) => {
    if (skip) return ctx.skip();
    const front = nginx!.url;
    const index = processes.findIndex((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    retired.push(processes[index]!);
    processes[index] = await boot(index, nginx!.port);
    const before = await sessionsPer(processes);
    expect(before[index]).toBe(0);
    const missing = Math.max(...before) * processes.length - before.reduce((a, b) => a + b, 0);
    // Created through the front door (nginx picks the process that handles the request).
    for (let i = 0; i < missing; i++) {
      const s = await createSession(front, { scenario: 'quick-demo', seed: 70 + i });
      await until(`${s.code} opened`, async () => openers(s.code).length === 1);
    }
    const after = await sessionsPer(processes);
    timings.sessionsAfterRestart = `${before.join('/')} -> ${after.join('/')}` as unknown as number;
    expect(after[index]).toBe(Math.max(...before));
    expect(new Set(after).size).toBe(1);
  }, 150_000);

  it('fences a frozen owner: its session reopens elsewhere, after SIGCONT its room writes nothing and closes, its clients move', async (ctx) => {
    if (skip) return ctx.skip();
    const front = nginx!.url;
    const live = alive();
    expect(live).toHaveLength(3);
    const s = await createSession(live[0]!.url, { scenario: 'quick-demo', seed: 90 });
    const owner = await until('the new session opened', async () => openers(s.code)[0]);
    const others = live.filter((p) => p !== owner);
    const total = (await sessionsPer(live)).reduce((a, b) => a + b, 0);
    const f = await Player.join(front, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const deu = await Player.join(front, s.code, { role: 'member', name: 'Team DEU', member: 'DEU' }, 'DEU');
    for (const p of [f, deu]) p.room.reconnection.enabled = false;
    await f.must('start');
    const lastAck = await f.must('advance');

    owner.child.kill('SIGSTOP');
    const frozenAt = Date.now();
    try {
      // The other process notices the missed lease, health-checks, and reopens the session.
      await until('the session reopened on another process', async () => restorers(s.code).some((p) => others.includes(p)), 30_000);
      timings.frozenReopenedSeconds = (Date.now() - frozenAt) / 1000;
      // A request sent to the frozen room now waits in its socket.
      const late = deu.act('pledge', { amount: 1000 });
      owner.child.kill('SIGCONT');
      const reply = await late.catch((error: unknown) => ({ ok: false, code: 'closed', message: String(error) }));
      // Not acknowledged: the thawed room could not write (fenced) and closed.
      expect(reply.ok).toBe(false);
    } finally {
      owner.child.kill('SIGCONT');
    }
    await until('the thawed room closed its sockets with 4012', async () => f.closed === 4012 && deu.closed === 4012, 20_000);
    await until('the thawed process runs no room', async () => (await owner.metric('aspf_sessions')) === 0 || undefined, 20_000);
    expect(await owner.metric('aspf_rooms_fenced_total')).toBeGreaterThanOrEqual(1);

    // Its clients rejoin through the front door and reach the new owner, with everything acknowledged.
    const [f2, deu2] = await Promise.all([rejoin(front, s.code, f, 'facilitator again'), rejoin(front, s.code, deu, 'DEU again')]);
    expect(f2.state.seq).toBe(lastAck);
    const other = restorers(s.code).find((p) => others.includes(p))!;
    expect(await other.metric('aspf_clients')).toBeGreaterThanOrEqual(2);
    await deu2.must('pledge', { amount: 1000 });

    // One writer ever: the log has no gap and no fork; every session runs in exactly one room.
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    const { rows } = await client.query<{ seq: number }>('SELECT seq FROM log_entries WHERE session = $1 ORDER BY seq', [s.code]);
    await client.end();
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const counts = await until('every session in one room', async () => {
      const c = await sessionsPer(live);
      return c.reduce((a, b) => a + b, 0) === total ? c : undefined;
    });
    expect(counts[live.indexOf(owner)]).toBe(0);
    // The frozen owner's sessions spread over the two others.
    const spread = others.map((p) => counts[live.indexOf(p)]!);
    timings.sessionsAfterFreeze = spread.join('/') as unknown as number;
    expect(Math.abs(spread[0]! - spread[1]!)).toBeLessThanOrEqual(1);
    for (const p of [f2, deu2]) await p.leave();

    // SIGTERM to the thawed process stops it, and takes no listing or room of the new owners with it.
    const stopped = Date.now();
    await stopProcess(owner, 'SIGTERM');
    expect(owner.child.exitCode).toBe(0);
    timings.thawedStopSeconds = (Date.now() - stopped) / 1000;
    // Every session still has its room: a look-up of each (which reopens a session whose listing is
    // gone) finds it running, and no process opened a second one.
    const client2 = new pg.Client({ connectionString: database!.url });
    await client2.connect();
    const unfinished = (await client2.query<{ code: string }>('SELECT code FROM sessions WHERE ended_at IS NULL')).rows.map((r) => r.code);
    await client2.end();
    expect(unfinished).toHaveLength(total);
    for (const code of unfinished) expect((await http<SessionInfo>(front, `/api/sessions/${code}`)).status).toBe(200);
    expect(await sessionsPer(others)).toEqual(spread);
  }, 150_000);

  it('keeps /metrics and the per-process paths closed to the outside, and tokens out of nginx\'s log', async (ctx) => {
    if (skip) return ctx.skip();
    const front = nginx!.url;
    const live = alive();
    for (const path of ['/metrics', '/n1/metrics', '/n2/metrics', '/n3/metrics', '/n2/api/health', '/n1/matchmake/joinById/ABCDEFG']) {
      const response = await fetch(`${front}${path}`, { method: path.includes('matchmake') ? 'POST' : 'GET' });
      const text = await response.text();
      expect(text, path).not.toMatch(/aspf_sessions/);
      expect(response.status, path).toBe(404);
    }
    // The deep check, through the front door: the store and Redis answer.
    const ready = await http<{ ok: boolean; store: string; redis: string }>(front, '/api/ready');
    expect(ready).toEqual({ status: 200, body: expect.objectContaining({ ok: true, store: 'ok', redis: 'ok' }) });
    // Straight to a process, as a scraper inside would: it answers; with a forwarded header it does not.
    expect(await live[0]!.metrics()).toMatch(/^aspf_sessions/m);
    expect((await fetch(`${live[0]!.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404);
    const log = nginx!.accessLog();
    expect(log).toMatch(/GET \/n\d\//);
    expect(log).not.toMatch(/reconnectionToken|sessionId=|token=/);
  });

  it('logged nothing but JSON lines in any process, Colyseus\' own lines included; session lines name the session', async (ctx) => {
    if (skip) return ctx.skip();
    let colyseus = 0;
    for (const p of [...processes, ...retired]) {
      for (const line of p.output().split('\n').filter((l) => l.trim() !== '')) {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        expect(Object.keys(parsed), line).toEqual(expect.arrayContaining(['time', 'level', 'msg', 'process']));
        if (parsed.source === 'colyseus') colyseus++;
        const session = /^session ([A-Z0-9]+):/.exec(String(parsed.msg));
        if (session) expect(parsed.session, line).toBe(session[1]);
      }
    }
    expect(colyseus).toBeGreaterThan(0); // the survivors' health checks of the killed process
  });
});
