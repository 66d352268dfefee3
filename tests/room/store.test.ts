import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { replay, type LogEntry } from '@aspf/shared';
import { SqliteSessionStore } from '../../server/src/store/sqlite-store.ts';
import { DuplicateCodeError, type SessionRecord } from '../../server/src/store/session-store.ts';
import { hashSecret, matchesHash, newJoinCode, newSecret } from '../../server/src/security/credentials.ts';
import { fixtureScenario } from '../fixtures/scenario.ts';

/** The SQLite session store and the credentials it keeps. */

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'aspf-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const session = (code: string, createdAt = 1): SessionRecord => ({
  code, scenario: fixtureScenario(), seed: 9, setup: { rounds: 2 }, options: { seatHoldSeconds: 60 },
  facilitatorKeyHash: hashSecret('k'), createdAt, endedAt: null,
});

describe('SqliteSessionStore', () => {
  it('keeps sessions, log entries and seats across reopening, in WAL mode', async () => {
    const dir = tempDir();
    const store = new SqliteSessionStore(dir);
    await store.createSession(session('AAAAAAA', 2));
    await store.createSession(session('CCCCCCC', 1));
    await expect(store.createSession(session('AAAAAAA'))).rejects.toBeInstanceOf(DuplicateCodeError);
    const entries: LogEntry[] = [
      { seq: 1, actor: { kind: 'facilitator' }, action: { type: 'start' }, at: 100 },
      { seq: 2, actor: { kind: 'member', member: 'DEU' }, action: { type: 'chat', to: [], text: 'hallo' }, at: 200 },
    ];
    for (const e of entries) await store.append('AAAAAAA', e);
    await expect(store.append('AAAAAAA', entries[0]!)).rejects.toThrow();
    await store.addSeat({ tokenHash: hashSecret('t1'), code: 'AAAAAAA', player: 'p1', role: 'member', member: 'DEU', name: 'Dana', createdAt: 5, revoked: false });
    await store.close();

    const again = new SqliteSessionStore(dir);
    expect((await again.getSession('AAAAAAA'))!.scenario.id).toBe('fixture');
    expect(await again.entries('AAAAAAA')).toEqual(entries);
    expect((await again.unfinishedSessions()).map((s) => s.code)).toEqual(['CCCCCCC', 'AAAAAAA']);
    await again.endSession('CCCCCCC', 300);
    expect((await again.unfinishedSessions()).map((s) => s.code)).toEqual(['AAAAAAA']);
    expect((await again.seatByToken(hashSecret('t1')))!).toMatchObject({ player: 'p1', member: 'DEU', revoked: false });
    await again.revokeSeat('AAAAAAA', 'p1');
    expect((await again.seatByToken(hashSecret('t1')))!.revoked).toBe(true);
    expect(await again.countSessions()).toBe(2);

    // The log replays into the game it recorded.
    const s = (await again.getSession('AAAAAAA'))!;
    const game = replay({ scenario: s.scenario, seed: s.seed, setup: s.setup, entries: await again.entries('AAAAAAA') });
    expect(game.phase).toBe('briefing');
    expect(game.chat[0]!.text).toBe('hallo');
    await again.close();

    const raw = new DatabaseSync(join(dir, 'sessions.sqlite'));
    expect((raw.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect(JSON.stringify(raw.prepare('SELECT * FROM seats').all())).not.toContain('"t1"');
    raw.close();
  });
});

describe('SqliteSessionStore off the main thread', () => {
  const entry = (seq: number): LogEntry => ({ seq, actor: { kind: 'facilitator' }, action: { type: 'start' }, at: seq });

  it('keeps the event loop turning while the disk is busy, and resolves the append once it is written', async () => {
    const dir = tempDir();
    const store = new SqliteSessionStore(dir);
    await store.createSession(session('BBBBBBB'));
    // Another connection holds the write lock: the append waits in the worker (busy_timeout), not here.
    const other = new DatabaseSync(join(dir, 'sessions.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    let settled = false;
    const appended = store.append('BBBBBBB', entry(1)).finally(() => (settled = true));
    for (let turn = 0; turn < 20; turn++) await new Promise((next) => setImmediate(next));
    expect(settled).toBe(false);
    expect(other.prepare('SELECT COUNT(*) AS n FROM log_entries').get()).toEqual({ n: 0 });
    other.exec('COMMIT');
    other.close();
    await appended;
    expect(await store.entries('BBBBBBB')).toEqual([entry(1)]);
    await store.close();
  });

  it('fails pending and later calls with a clear error when its worker dies, instead of hanging', async () => {
    const store = new SqliteSessionStore(tempDir());
    await store.createSession(session('DDDDDDD'));
    const worker = (store as unknown as { worker: { terminate(): Promise<number> } }).worker;
    // Sent as the worker stops: it settles either way (written, or refused), it never hangs.
    const racing = store.append('DDDDDDD', entry(1)).then(() => 'written', (e: Error) => e.message);
    await worker.terminate();
    expect(await racing).toMatch(/^written$|SQLite store's worker stopped/);
    await expect(store.append('DDDDDDD', entry(2))).rejects.toThrow(/SQLite store's worker stopped/);
    await expect(store.entries('DDDDDDD')).rejects.toThrow(/SQLite store's worker stopped/);
    await store.close();
  });

  it('runs the same calls on the main thread with SQLITE_THREAD=main (the benchmark\'s comparison)', async () => {
    const dir = tempDir();
    const store = new SqliteSessionStore(dir, { thread: 'main' });
    await store.createSession(session('EEEEEEE'));
    await Promise.all([1, 2, 3].map((seq) => store.append('EEEEEEE', entry(seq))));
    expect(store.batches).toEqual({ flushes: 1, entries: 3 });
    await expect(store.createSession(session('EEEEEEE'))).rejects.toBeInstanceOf(DuplicateCodeError);
    await store.close();
    const again = new SqliteSessionStore(dir);
    expect((await again.entries('EEEEEEE')).map((e) => e.seq)).toEqual([1, 2, 3]);
    await again.close();
  });
});

describe('credentials', () => {
  it('makes 128-bit secrets, compares them by hash, and draws unambiguous join codes', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newSecret()).not.toBe(secret);
    expect(matchesHash(secret, hashSecret(secret))).toBe(true);
    expect(matchesHash(`${secret}x`, hashSecret(secret))).toBe(false);
    expect(matchesHash(secret, 'not-hex')).toBe(false);
    const codes = new Set(Array.from({ length: 2000 }, newJoinCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{7}$/);
  });
});
