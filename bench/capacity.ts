/**
 * Capacity (issue 6, section 1 and 2): sessions of 33 real SDK clients driven from separate load
 * processes, each client acting about every 10 s, on a fresh server per step; p50/p99 from an
 * action to the last client of its session, the server's CPU (share of one core) and RSS. The same
 * load against a bare Colyseus echo room gives the baseline of the server's cost per action.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cpuSeconds, percentile, round, rssBytes, sleep, startChild, type Child } from './proc.ts';
import type { Figure } from './engine.ts';

export interface StepResult {
  target: 'aspf' | 'echo';
  store: string;
  sessions: number;
  clients: number;
  joinFailures: number;
  accepted: number;
  refused: number;
  failedRequests: number;
  p50: number;
  p99: number;
  /** Server CPU, share of one core, during the measurement. */
  cpu: number;
  /** Server CPU milliseconds per accepted action above the idle cost (timers and patches included). */
  cpuPerAction: number;
  /** Server CPU with every client connected and nobody acting, share of one core. */
  idleCpu: number;
  rssMb: number;
  refusals: Record<string, number>;
  seconds: number;
  /** p99 event-loop delay of the server during the run (ms; NaN for the echo server). */
  serverLagMs: number;
  /** The busiest load process: its CPU (share of one core) and p99 event-loop delay (ms). */
  loadCpu: number;
  loadLagMs: number;
  /** Latency samples, the largest, and how many passed 10 ms (a p99 of few samples is their maximum). */
  samples: number;
  maxMs: number;
  over10: number;
  /** MB received by the socket-level clients (patches counted, not decoded), and receiver misses (see bench/load.ts). */
  receivedMb: number;
  receiverMisses: number;
}

/** What a load process reports on its "result" line: counts only, never the raw samples. */
interface LoadSummary {
  /** How many latency samples it wrote to its samples file. */
  samples: number;
  accepted: number;
  refused: number;
  failedRequests: number;
  joinFailures: number;
  refusals: Record<string, number>;
  loadCpu: number;
  loadLagP99: number;
  /** Bytes and frames the socket-level clients received, the patches they did not decode, and the changes some of them never got a patch for within a second. */
  receivedBytes: number;
  receivedFrames: number;
  patchesSkipped: number;
  receiverMisses: number;
}

interface LoadResult extends LoadSummary {
  latencies: number[];
}

const TIMERS = { briefing: 10, pledging: 25, proposals: 15, negotiation: 20, voting: 25 };

/** BENCH_PROFILE=1: each server (game and echo) writes a V8 CPU profile to /tmp/prof when it stops. */
const profiling = (): Record<string, string> => (process.env.BENCH_PROFILE === '1' ? { NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/prof' } : {});

async function createSessions(url: string, n: number): Promise<{ code: string; facilitatorKey: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${url}/api/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'brussels-2026', seed: 1000 + i, options: { timers: TIMERS } }),
    });
    if (response.status !== 201) throw new Error(`session not created: ${response.status} ${await response.text()}`);
    out.push(await response.json() as { code: string; facilitatorKey: string });
  }
  return out;
}

/**
 * The latency samples a load process wrote to `file`: read through a file, not its stdout, because a
 * line of every sample passes 64 KiB at 100 sessions. The count must match the result line's.
 */
function readSamples(file: string, expected: number): number[] {
  const latencies = JSON.parse(readFileSync(file, 'utf8')) as number[];
  if (latencies.length !== expected) throw new Error(`${file}: ${latencies.length} latency samples, the load process reported ${expected}`);
  return latencies;
}

/**
 * The first stdout line of `child` that starts with `prefix`, without it. A line counts once its
 * newline has arrived, or once stdout has closed ('close', not 'exit': at 'exit' the pipe may still
 * hold the rest of the output).
 */
function lineFrom(child: ChildProcess, prefix: string, stderr: () => string): Promise<string> {
  return new Promise<string>((done, fail) => {
    let out = '';
    const check = (closed: boolean) => {
      const lines = out.split('\n');
      const line = (closed ? lines : lines.slice(0, -1)).find((l) => l.startsWith(prefix));
      if (line !== undefined) done(line.slice(prefix.length));
    };
    child.stdout!.on('data', (d) => {
      out += d;
      check(false);
    });
    child.once('close', (code) => {
      check(true);
      fail(new Error(`load process exited (${code}) before "${prefix}": ${stderr().slice(-2000)}`));
    });
  });
}

/** A load process (bench/load.ts); its latency samples go to `samplesFile`, which the caller deletes. */
function startLoad(config: object, samplesFile: string): { ready: Promise<string>; result: Promise<LoadResult>; go(): void; kill(): void } {
  const child = spawn(process.execPath, ['bench/load.ts'], {
    cwd: ROOT, env: { ...process.env, LOAD_CONFIG: JSON.stringify({ ...config, samplesFile }), NODE_NO_WARNINGS: '1' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const ready = lineFrom(child, 'joined ', () => err);
  const result = lineFrom(child, 'result ', () => err).then((json) => {
    const summary = JSON.parse(json) as LoadSummary;
    return { ...summary, latencies: readSamples(samplesFile, summary.samples) };
  });
  ready.catch(() => undefined);
  result.catch(() => undefined);
  return { ready, result, go: () => child.stdin!.write('go\n'), kill: () => child.kill('SIGKILL') };
}

/** One step: a fresh server, `sessions` sessions split over the load processes, `seconds` of load. */
export async function capacityStep(target: 'aspf' | 'echo', sessions: number, seconds: number, databaseUrl: string | null = null, loaders = 2, sqliteThread: 'worker' | 'main' = 'worker'): Promise<StepResult> {
  const store: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: `bench_${Date.now().toString(36)}` } : { SQLITE_THREAD: sqliteThread };
  const server: Child = target === 'aspf'
    ? await startChild('server/src/main.ts', { MAX_MESSAGES_PER_SECOND: '50', SEAT_HOLD_SECONDS: '30', LOG_LEVEL: 'info', SESSION_RATE_LIMIT: '100000/60', ...store, ...profiling() }, 'ASPF Table server on')
    : await startChild('bench/echo-server.ts', profiling(), 'echo server ready');
  const procs: ReturnType<typeof startLoad>[] = [];
  const samplesDir = mkdtempSync(join(tmpdir(), 'aspf-load-'));
  try {
    const created = target === 'aspf' ? await createSessions(server.url, sessions) : [];
    const parts = Math.max(1, Math.min(loaders, sessions));
    for (let i = 0; i < parts; i++) {
      const mine = created.filter((_, j) => j % parts === i);
      const echoRooms = Math.floor(sessions / parts) + (i < sessions % parts ? 1 : 0);
      procs.push(startLoad({ url: server.url, target, sessions: mine, echoRooms, clientsPerSession: 33, meanIntervalMs: 10_000, durationMs: seconds * 1000 }, join(samplesDir, `latencies-${i}.json`)));
    }
    await Promise.all(procs.map((p) => p.ready));
    await sleep(1000);
    const pid = server.child.pid!;
    // Idle cost of the connected sessions (clocks, keep-alives), measured before any action, so
    // that the cost per action is the marginal one.
    const idle0 = cpuSeconds(pid);
    await sleep(3000);
    const idle = (cpuSeconds(pid) - idle0) / 3;
    const scrape = async () => target === 'aspf' ? (await fetch(`${server.url}/metrics`)).text() : '';
    await scrape(); // resets the event-loop delay window
    for (const p of procs) p.go();
    // Server CPU over the measured part of the run (after the load processes' warm-up).
    await sleep(2000);
    const cpu0 = cpuSeconds(pid);
    const t0 = performance.now();
    let rss = 0;
    const rssTimer = setInterval(() => (rss = Math.max(rss, rssBytes(pid))), 1000);
    const results = await Promise.all(procs.map((p) => p.result));
    clearInterval(rssTimer);
    const loopLine = (await scrape()).split('\n').find((l) => l.startsWith('aspf_event_loop_delay_p99_seconds'));
    const serverLagMs = loopLine ? Number(loopLine.slice(loopLine.lastIndexOf(' ') + 1)) * 1000 : NaN;
    const wall = (performance.now() - t0) / 1000;
    const cpu = (cpuSeconds(pid) - cpu0) / wall;
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const accepted = results.reduce((n, r) => n + r.accepted, 0);
    const refusals: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r.refusals)) refusals[k] = (refusals[k] ?? 0) + v;
    const measuredActions = latencies.length;
    return {
      target, store: target === 'echo' ? '—' : databaseUrl ? 'PostgreSQL' : sqliteThread === 'main' ? 'SQLite, main thread' : 'SQLite', sessions, clients: sessions * 33,
      joinFailures: results.reduce((n, r) => n + r.joinFailures, 0),
      accepted, refused: results.reduce((n, r) => n + r.refused, 0), failedRequests: results.reduce((n, r) => n + r.failedRequests, 0),
      p50: round(percentile(latencies, 50), 1), p99: round(percentile(latencies, 99), 1),
      cpu: round(cpu, 3),
      // Server CPU ms per accepted action measured in the same window (the load processes count
      // from 2 s after "go", as the CPU reading does).
      cpuPerAction: round(measuredActions ? (Math.max(0, cpu - idle) * wall * 1000) / measuredActions : NaN, 3),
      idleCpu: round(idle, 3),
      rssMb: round((rss || rssBytes(pid)) / 2 ** 20, 0), refusals, seconds: round(wall, 1),
      serverLagMs: round(serverLagMs, 0),
      loadCpu: round(results.reduce((n, r) => n + r.loadCpu, 0), 2), loadLagMs: round(Math.max(...results.map((r) => r.loadLagP99)), 0),
      receivedMb: round(results.reduce((n, r) => n + r.receivedBytes, 0) / 1e6, 1), receiverMisses: results.reduce((n, r) => n + r.receiverMisses, 0),
      samples: latencies.length, maxMs: round(latencies.at(-1) ?? NaN, 1), over10: latencies.filter((x) => x > 10).length,
    };
  } finally {
    for (const p of procs) p.kill();
    await server.stop();
    rmSync(samplesDir, { recursive: true, force: true });
  }
}

export interface CapacityOptions {
  /** Sessions per step, on PostgreSQL when `databaseUrl` is given (group commit), else SQLite. */
  steps: number[];
  /** Steps run again on SQLite when the main steps ran on PostgreSQL. */
  sqliteSteps: number[];
  /** Sessions at which SQLite runs on the main thread (before issue 18) and in its worker, one after the other. */
  threadSteps: number[];
  seconds: number;
  /** Seconds of the 1-session steps: more samples, so that their p99 is not just their maximum. */
  oneSessionSeconds: number;
  echoSessions: number[];
  /** A step is "broken" past this p99 (ms) or with failed joins/requests; later steps are skipped. */
  breakMs: number;
  databaseUrl: string | null;
}

export async function capacityBench(options: CapacityOptions, progress: (line: string) => void): Promise<{ figures: Figure[]; steps: StepResult[]; notes: string[] }> {
  const steps: StepResult[] = [];
  const notes: string[] = [];
  let broken: number | null = null;
  const step = async (target: 'aspf' | 'echo', n: number, databaseUrl: string | null, thread: 'worker' | 'main' = 'worker') => {
    const r = await capacityStep(target, n, n === 1 ? options.oneSessionSeconds : options.seconds, databaseUrl, 2, thread);
    progress(`capacity ${target} ${r.store} ${n}: ${JSON.stringify({ ...r, refusals: undefined })}`);
    steps.push(r);
    return r;
  };
  for (const n of options.steps) {
    if (broken !== null) {
      notes.push(`${n} sessions: not run (the server already broke at ${broken} sessions: p99 over ${options.breakMs} ms, or failed joins or requests).`);
      continue;
    }
    const r = await step('aspf', n, options.databaseUrl);
    if (r.p99 > options.breakMs || r.joinFailures > 0 || r.failedRequests > 0) broken = n;
  }
  if (options.databaseUrl) for (const n of options.sqliteSteps) await step('aspf', n, null);
  const threads: { n: number; main: StepResult; worker: StepResult }[] = [];
  for (const n of options.threadSteps) {
    const main = await step('aspf', n, null, 'main');
    const worker = steps.find((s) => s.target === 'aspf' && s.store === 'SQLite' && s.sessions === n) ?? await step('aspf', n, null);
    threads.push({ n, main, worker });
  }
  for (const n of options.echoSessions) await step('echo', n, null);
  const figures: Figure[] = [];
  const main = steps.filter((s) => s.target === 'aspf' && (s.store === 'PostgreSQL') === Boolean(options.databaseUrl));
  const one = main.find((s) => s.sessions === 1);
  if (one) figures.push({ name: 'p99 action → all 33 clients, 1 session', value: one.p99, unit: 'ms', target: '≤ 10 ms', met: one.p99 <= 10 });
  for (const n of [200, 300]) {
    const top = main.find((s) => s.sessions === n);
    figures.push(top
      ? { name: `p99 action → all clients, ${n} sessions × 33 clients`, value: top.p99, unit: 'ms', ...(n === 200 ? { target: '≤ 50 ms', met: top.p99 <= 50 && top.joinFailures === 0 } : {}) }
      : { name: `p99 action → all clients, ${n} sessions × 33 clients`, value: NaN, unit: 'ms (not reached)', ...(n === 200 ? { target: '≤ 50 ms', met: false } : {}) });
  }
  for (const t of threads) {
    figures.push({ name: `server event-loop delay p99, ${t.n} sessions on SQLite, appends on the main thread (before issue 18)`, value: t.main.serverLagMs, unit: 'ms' });
    figures.push({ name: `server event-loop delay p99, ${t.n} sessions on SQLite, appends in the store's worker`, value: t.worker.serverLagMs, unit: 'ms', target: '≤ 10 ms', met: t.worker.serverLagMs <= 10 });
  }
  for (const s of steps.filter((x) => x.sessions === 1 && x.target === 'aspf')) {
    figures.push({ name: `1 session (${s.store}): samples; over 10 ms; largest`, value: s.samples, unit: `; ${s.over10}; ${s.maxMs} ms` });
  }
  const echoOne = steps.find((s) => s.target === 'echo' && s.sessions === 1);
  if (one && echoOne) figures.push({ name: 'p99 of a bare Colyseus echo room beside it, 1 session (no game, no log)', value: echoOne.p99, unit: 'ms' });
  for (const n of options.echoSessions.filter((k) => k > 1)) {
    const ours = steps.find((s) => s.target === 'aspf' && s.sessions === n && (s.store === 'PostgreSQL') === Boolean(options.databaseUrl));
    const echo = steps.find((s) => s.target === 'echo' && s.sessions === n);
    if (!ours || !echo) continue;
    const ratio = ours.cpuPerAction / echo.cpuPerAction;
    figures.push({ name: `server CPU per action (above idle) vs bare Colyseus echo room, ${n} session(s)`, value: round(ratio, 2), unit: '×', target: '≤ 2×', met: ratio <= 2 });
  }
  const knee = main.filter((s) => s.p99 <= 50 && s.joinFailures === 0 && s.failedRequests === 0).at(-1);
  figures.push({ name: 'knee: most sessions × 33 clients with p99 ≤ 50 ms, per core of this machine', value: knee ? round(knee.sessions / cpus().length, 1) : NaN, unit: `sessions per core (${knee?.sessions ?? 'none'} on ${cpus().length} cores, shared with the load)` });
  notes.push(`Load: ${cpus().length} cores shared by the server and the load processes (2 processes of @colyseus/sdk clients: per session one client decodes every patch, the other 32 receive patches at the socket level — counted, timed to their last byte, not decoded — and act through the SDK; bench/load.ts); CPU is the server process's share of one core; load CPU is the two load processes' together.`);
  return { figures, steps, notes };
}
