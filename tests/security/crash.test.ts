import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { invariantViolations, replay, type GameState } from '@aspf/shared';
import { movesPublicTable } from '@aspf/shared/protocol';
import { SqliteSessionStore } from '../../server/src/store/sqlite-store.ts';
import { Player, createSession, startTestServer, type Table } from '../room/harness.ts';
import { freePort } from '../support/ports.ts';
import { spawnServer } from '../support/server-process.ts';

/**
 * Crashes (docs/SECURITY.md): the server is killed with SIGKILL in every phase — lobby, briefing,
 * pledging, proposals, negotiation, voting, in the middle of a round's resolution (right after the
 * advance that closes the vote is durable, before anyone is told: tests/support/halting-server.ts
 * halts there and says so, and the test kills it from outside) and after the end — and started again on the same data folder each time. Every acknowledged
 * action is still there, the state the clients see equals the replay of the log, the invariants
 * hold, and the clients rejoin their seats with their tokens and play on. A locked or full database
 * makes an action fail with `server/error` — nothing acknowledged, nothing lost — and the next try
 * succeeds.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'aspf-crash-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const HALTING = 'tests/support/halting-server.ts';

async function boot(port: number, env: Record<string, string> = {}, script?: string): Promise<ChildProcess> {
  const child = await spawnServer(port, dataDir, env, script);
  children.push(child);
  return child;
}

/** Resolves once the halting server has printed that it halted after a durable entry of `type`. */
function halted(child: ChildProcess, type: string): Promise<string> {
  return new Promise((done, fail) => {
    let seen = '';
    const onData = (d: string) => {
      seen += d;
      const line = seen.split('\n').find((l) => l.startsWith(`halted after ${type} #`));
      if (line) {
        child.stdout!.off('data', onData);
        done(line);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', () => fail(new Error(`the server exited before halting after ${type}`)));
  });
}

const killed = (child: ChildProcess) => new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(null) : child.once('exit', done)));

/** The session as its log replays (and its public seq), read from the SQLite file with a connection of our own. */
async function replayed(code: string): Promise<{ game: GameState; publicSeq: number }> {
  const store = new SqliteSessionStore(dataDir);
  try {
    const session = (await store.getSession(code))!;
    let publicSeq = 0;
    const game = replay({ scenario: session.scenario, seed: session.seed, setup: session.setup, entries: await store.entries(code) }, (_s, _e, events) => {
      if (movesPublicTable(events)) publicSeq += 1;
    });
    return { game, publicSeq };
  } finally {
    await store.close();
  }
}

function expectSameAsReplay(table: Table, { game, publicSeq }: { game: GameState; publicSeq: number }): void {
  expect(table.seq).toBe(publicSeq);
  expect(table.phase).toBe(game.phase);
  expect(table.round).toBe(game.round);
  expect(table.pool).toBe(game.pool);
  for (const id of game.memberOrder) {
    expect(table.members[id].balance, `${id} balance`).toBe(game.members[id]!.balance);
    expect(table.members[id].pledged, `${id} pledged`).toBe(game.members[id]!.cumulativePledged);
  }
  for (const p of game.proposals) expect(table.proposals[p.id].status, `${p.id} status`).toBe(p.status);
  expect(invariantViolations(game)).toEqual([]);
}

describe('kill -9 in every phase', () => {
  it('keeps every acknowledged action, equals the replay, and lets the clients resume', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = await boot(port);
    const s = await createSession(url, { scenario: 'quick-demo', seed: 44, options: { sealedPledges: true } });
    const ids = ['USA', 'DEU', 'FRA', 'POL', 'CAN'];
    const tokens: Record<string, string> = {};
    let f = await Player.join(url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    tokens.facilitator = f.token;
    let by: Record<string, Player> = {};
    for (const id of ids) {
      by[id] = await Player.join(url, s.code, { role: 'member', name: `Team ${id}`, member: id }, id);
      tokens[id] = by[id]!.token;
    }
    await f.must('setTimers', { timers: { voting: 600 } });
    const phasesSeen: string[] = [];

    /** Kill -9 now (or wait for the hook to have killed it), boot again, rejoin, compare. */
    const crashAndResume = async (expectedSeq: number, env: Record<string, string> = {}, script?: string) => {
      for (const p of [f, ...Object.values(by)]) p.room.reconnection.enabled = false;
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
      await killed(server);
      server = await boot(port, env, script);
      f = await Player.join(url, s.code, { token: tokens.facilitator! }, 'facilitator');
      by = {};
      for (const id of ids) by[id] = await Player.join(url, s.code, { token: tokens[id]! }, id);
      const game = await replayed(s.code);
      expect(f.state.seq, `after the crash in ${phasesSeen.at(-1)}`).toBe(expectedSeq);
      expectSameAsReplay(f.state, game);
      for (const id of ids) expect(by[id]!.state.members[id].objective).toBe(f.state.members[id].objective);
    };

    // lobby: seats, timers and a chat are acknowledged
    let lastAck = await by.DEU!.must('chat', { text: 'before the start' });
    phasesSeen.push('lobby');
    await crashAndResume(lastAck);
    expect(by.FRA!.chat.map((c) => c.text)).toContain('before the start');

    lastAck = await f.must('start');
    phasesSeen.push('briefing');
    await crashAndResume(lastAck);

    await f.must('advance');
    for (const id of ['DEU', 'FRA', 'POL']) lastAck = await by[id]!.must('pledge', { amount: 1500 });
    phasesSeen.push('pledging');
    await crashAndResume(lastAck);
    expect(by.DEU!.state.members.DEU.sealedAmount).toBe(1500); // still sealed, still there

    await f.must('advance');
    await by.DEU!.must('propose', { project: 'baltic-cyber-shield', channel: 'fund' });
    lastAck = await by.POL!.must('propose', { project: 'counter-drone-belt', channel: 'fund' });
    phasesSeen.push('proposals');
    await crashAndResume(lastAck);

    await f.must('advance');
    await by.FRA!.must('cosponsor', { proposal: 'p1' });
    lastAck = await by.USA!.must('chat', { to: ['CAN'], text: 'a private word' });
    phasesSeen.push('negotiation');
    await crashAndResume(lastAck);
    expect(by.CAN!.chat.map((c) => c.text)).toContain('a private word');

    await f.must('advance');
    for (const id of ['DEU', 'FRA', 'POL']) await by[id]!.must('vote', { proposal: 'p1', choice: 'yes' });
    lastAck = await by.DEU!.must('vote', { proposal: 'p2', choice: 'no' });
    phasesSeen.push('voting');
    // Boot the halting server: the next advance (out of voting) stops once it is logged, and is killed there.
    await crashAndResume(lastAck, { ASPF_TEST_HALT_AFTER: 'advance' }, HALTING);

    // Mid-resolution: the advance is durable but never acknowledged; after the restart the round
    // has been resolved exactly as a replay resolves it.
    for (const p of [f, ...Object.values(by)]) p.room.reconnection.enabled = false;
    const answer = f.act('advance').then(() => 'answered', () => 'no answer');
    const line = await halted(server, 'advance');
    server.kill('SIGKILL');
    expect(await answer).toBe('no answer');
    await killed(server);
    expect(line).toBe(`halted after advance #${(await replayed(s.code)).game.seq}`); // the last entry of the log
    phasesSeen.push('resolution');
    await crashAndResume(lastAck + 1);
    expect(f.state).toMatchObject({ phase: 'briefing', round: 2 });
    expect(f.state.proposals.p1.status).not.toBe('open');

    // Revealed at the end, to everyone. An ended session is not reopened after a restart (only
    // unfinished ones are): its log stays for the debrief, and the API still describes it.
    const ending = await f.must('end', { reason: 'crash test' });
    await by.USA!.sees(ending);
    expect(by.USA!.state.members.DEU.objective).toBe(f.state.members.DEU.objective);
    for (const p of [f, ...Object.values(by)]) p.room.reconnection.enabled = false;
    server.kill('SIGKILL');
    await killed(server);
    server = await boot(port);
    const { game, publicSeq } = await replayed(s.code);
    expect(publicSeq).toBe(ending);
    expect(game.phase).toBe('ended');
    expect(invariantViolations(game)).toEqual([]);
    const info = await fetch(`${url}/api/sessions/${s.code}`).then((r) => r.json()) as { ended: boolean; phase: string };
    expect(info).toMatchObject({ ended: true, phase: 'ended' });
    server.kill('SIGTERM');
    await killed(server);
  }, 240_000); // eight boots of a server process: a loaded CI machine needs more than 120 s
});

describe('a locked or full database', () => {
  let ts: Awaited<ReturnType<typeof startTestServer>>;
  let raw: SqliteSessionStore;
  beforeAll(async () => {
    // SQLite explicitly (these tests lock and fill its file), also when the suite runs on PostgreSQL.
    ts = await startTestServer({ maxMessagesPerSecond: 1000 }, (dir) => (raw = new SqliteSessionStore(dir)));
  });
  afterAll(async () => {
    await ts.stop();
  });

  it('makes an action fail with server/error, loses nothing acknowledged, and the retry works', async () => {
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 2 });
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey });
    const deu = await Player.join(ts.url, s.code, { role: 'member', name: 'D', member: 'DEU' });
    await f.must('start');
    const acked = await f.must('advance'); // pledging
    const before = (await ts.server.services.store.entries(s.code)).length;

    // Another process (here: another connection) holds the write lock past the busy timeout.
    const other = new DatabaseSync(join(ts.dataDir, 'sessions.sqlite'));
    other.exec('PRAGMA busy_timeout = 0; BEGIN EXCLUSIVE');
    const reply = await deu.act('pledge', { amount: 700 });
    other.exec('COMMIT');
    other.close();

    expect(reply).toMatchObject({ ok: false, code: 'server/error' });
    if (!reply.ok) expect(reply.message).toMatch(/could not record/i);
    expect((await ts.server.services.store.entries(s.code)).length).toBe(before);
    expect(f.state.seq).toBe(acked);
    expect(f.state.members.DEU.pledge ?? null).toBeNull();
    const seq = await deu.must('pledge', { amount: 700 });
    expect(seq).toBe(acked + 1);
    const game = await (async () => {
      const session = (await ts.server.services.store.getSession(s.code))!;
      return replay({ scenario: session.scenario, seed: session.seed, setup: session.setup, entries: await ts.server.services.store.entries(s.code) });
    })();
    expect(game.seq).toBe(seq);
    expect(game.pledges.DEU?.amount).toBe(700);
    for (const p of [f, deu]) await p.leave();
  }, 30_000);

  it('a full database (SQLite says "database or disk is full"): server/error, nothing acknowledged is lost', async () => {
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 3 });
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey });
    const deu = await Player.join(ts.url, s.code, { role: 'member', name: 'D', member: 'DEU' });
    await f.must('start');
    await f.must('advance'); // pledging
    // The store's own connection (in its worker): max_page_count is a setting of one connection.
    const [{ page_count: pages }] = await raw.pragma('page_count') as [{ page_count: number }];
    await raw.pragma(`max_page_count = ${pages}`); // the disk is full: not one more page
    let refused: { ok: false; code: string; message: string } | null = null;
    let acked = 0;
    for (let amount = 1; amount <= 400 && !refused; amount++) {
      const reply = await deu.act('pledge', { amount });
      if (reply.ok) acked = reply.seq;
      else refused = reply;
    }
    expect(refused, 'the database never filled up').not.toBeNull();
    expect(refused).toMatchObject({ code: 'server/error' });
    expect(refused!.message).toMatch(/could not record/i);
    const entries = await ts.server.services.store.entries(s.code);
    expect(entries.at(-1)!.seq).toBe(acked);
    expect(f.state.seq).toBe(acked);
    await raw.pragma('max_page_count = 1073741823');
    expect(await deu.must('pledge', { amount: 999 })).toBe(acked + 1);
    for (const p of [f, deu]) await p.leave();
  }, 30_000);

  // Last in this block: the store stays dead.
  it('a dead store worker: server/error at once (no hang), the table unchanged', async () => {
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 4 });
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey });
    const acked = await f.must('start');
    await (raw as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const reply = await f.act('advance');
    expect(reply).toMatchObject({ ok: false, code: 'server/error' });
    if (!reply.ok) expect(reply.message).toMatch(/could not record/i);
    expect(f.state.seq).toBe(acked);
    expect(f.state.phase).toBe('briefing');
    await f.leave();
  }, 30_000);
});
