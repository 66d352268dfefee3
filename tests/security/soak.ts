/**
 * `npm run soak -- --minutes 30 --sessions 100 [--rounds 3] [--max-growth 0.10]`: the server under a long steady load, in its own
 * process as `npm start` runs it. N sessions of Quick demo run at once, every seat a bot, timers at
 * their minimum (5 s a phase) and fast bots; a facilitator and an observer are connected to each;
 * when a game ends its clients leave and a new session takes its place, so rooms are created and
 * disposed all along. Every few seconds the server's RSS is sampled (from /proc). At the end:
 * games played, actions, server errors (stderr lines with ERROR, refused facilitator requests,
 * unexpected disconnects), and RSS growth from the mean of the second fifth of the run (the first
 * is warm-up) to the mean of the last fifth.
 * Exits 1 on any error or RSS growth of 10 % or more (`--max-growth`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, type Room } from '@colyseus/sdk';
import { PROTOCOL_VERSION, type CreatedSession } from '@aspf/shared/protocol';
import { freePort } from '../support/ports.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MEMBERS = ['USA', 'DEU', 'FRA', 'POL', 'CAN'];
const PROFILES = ['steady', 'free-rider', 'hawk', 'atlanticist', 'autonomist'];

export interface SoakResult {
  seconds: number;
  sessions: number;
  games: number;
  actions: number;
  errors: string[];
  rss: { at: number; mb: number }[];
  baselineMb: number;
  finalMb: number;
  growth: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export async function soak(options: { seconds: number; sessions: number; rounds?: number; sampleMs?: number; log?: (line: string) => void }): Promise<SoakResult> {
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'aspf-soak-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const errors: string[] = [];
  const fail = (line: string) => {
    errors.push(line);
    if (errors.length <= 50) log(`  ERROR ${line}`);
  };
  const child = spawn(process.execPath, ['server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error', NODE_NO_WARNINGS: '1',
      BOT_DELAY_MS: '100-400', SESSION_RATE_LIMIT: '1000000/60', MAX_MESSAGES_PER_SECOND: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
    for (const line of String(d).split('\n')) if (/ERROR|Error:/.test(line)) fail(`server: ${line.slice(0, 300)}`);
  });
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`server exited:\n${stderr}`);
      if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
      if (i > 300) throw new Error('server did not start');
      await sleep(50);
    }
    const started = Date.now();
    const deadline = started + options.seconds * 1000;
    let games = 0;
    let actions = 0;
    let running = true;

    /** One table slot: a session after another until the deadline. */
    const slot = async (n: number) => {
      await sleep((n * 5000) / options.sessions); // stagger the starts
      while (running && Date.now() < deadline) {
        try {
          const created = await fetch(`${url}/api/sessions`, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ scenario: 'quick-demo', options: { rounds: options.rounds ?? 3, timers: { briefing: 5, pledging: 5, proposals: 5, negotiation: 5, voting: 5 } } }),
          });
          if (created.status !== 201) {
            fail(`create: ${created.status} ${await created.text()}`);
            await sleep(1000);
            continue;
          }
          const s = (await created.json()) as CreatedSession;
          const f: Room = await new Client(url).joinById(s.code, { protocol: PROTOCOL_VERSION, role: 'facilitator', name: 'Soak', key: s.facilitatorKey });
          const o: Room = await new Client(url).joinById(s.code, { protocol: PROTOCOL_VERSION, role: 'observer', name: 'Projector' });
          let left = false;
          for (const room of [f, o]) {
            for (const type of ['welcome', 'clock', 'legal', 'chat', 'events']) room.onMessage(type, () => undefined);
            room.onLeave((code: number) => {
              if (!left) fail(`session ${s.code}: disconnected with ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
            });
          }
          const act = async (type: string, payload?: unknown) => {
            const reply = (await f.request(type, payload)) as { ok: boolean; code?: string };
            if (!reply.ok) fail(`session ${s.code}: ${type} refused (${reply.code})`);
          };
          for (const [i, member] of MEMBERS.entries()) await act('assignSeat', { member, controller: 'bot', profile: PROFILES[(i + n) % PROFILES.length] });
          await act('start');
          const state = () => (f.state as { toJSON(): { phase: string; seq: number } }).toJSON();
          while (running && state().phase !== 'ended') await sleep(250);
          actions += state().seq;
          if (state().phase === 'ended') games += 1;
          left = true;
          await f.leave().catch(() => undefined);
          await o.leave().catch(() => undefined);
        } catch (error) {
          fail(`slot ${n}: ${(error as Error).message}`);
          await sleep(1000);
        }
      }
    };

    const rss: { at: number; mb: number }[] = [];
    const sampler = (async () => {
      while (Date.now() < deadline) {
        rss.push({ at: (Date.now() - started) / 1000, mb: rssMb(child.pid!) });
        log(`  ${Math.round((Date.now() - started) / 1000)} s: RSS ${rss.at(-1)!.mb.toFixed(0)} MB, ${games} games ended, ${errors.length} errors`);
        await sleep(options.sampleMs ?? 5000);
      }
      rss.push({ at: (Date.now() - started) / 1000, mb: rssMb(child.pid!) });
    })();
    const slots = Array.from({ length: options.sessions }, (_, n) => slot(n));
    await sampler;
    running = false;
    await Promise.all(slots);

    // RSS swings with each generation of games and each collection: compare means, not samples.
    // Baseline: the mean of the second fifth (the first is warm-up); final: the mean of the last fifth.
    const fifth = Math.max(1, Math.floor(rss.length / 5));
    const mean = (xs: { mb: number }[]) => xs.reduce((a, r) => a + r.mb, 0) / xs.length;
    const baselineMb = mean(rss.slice(fifth, 2 * fifth).length ? rss.slice(fifth, 2 * fifth) : rss.slice(0, fifth));
    const finalMb = mean(rss.slice(-fifth));
    if (child.exitCode !== null) fail(`server exited with ${child.exitCode}`);
    return { seconds: (Date.now() - started) / 1000, sessions: options.sessions, games, actions, errors, rss, baselineMb, finalMb, growth: finalMb / baselineMb - 1 };
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '30' }, sessions: { type: 'string', default: '100' }, rounds: { type: 'string', default: '3' },
      'max-growth': { type: 'string', default: '0.10' },
    },
  });
  const seconds = Number(values.minutes) * 60;
  const sessions = Number(values.sessions);
  const maxGrowth = Number(values['max-growth']);
  process.stdout.write(`soak: ${sessions} bot sessions for ${values.minutes} min\n`);
  const r = await soak({ seconds, sessions, rounds: Number(values.rounds), sampleMs: Math.max(5000, seconds * 10), log: (l) => process.stdout.write(`${l}\n`) });
  process.stdout.write(`${r.games} games, ${r.actions} actions in ${r.seconds.toFixed(0)} s; RSS ${r.baselineMb.toFixed(0)} MB after warm-up → ${r.finalMb.toFixed(0)} MB (${(r.growth * 100).toFixed(1)} %); ${r.errors.length} errors\n`);
  for (const e of r.errors.slice(0, 20)) process.stdout.write(`  ${e}\n`);
  return r.errors.length === 0 && r.growth < maxGrowth ? 0 : 1;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
