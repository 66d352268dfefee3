import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { replay, type LogEntry } from '@aspf/shared';
import { PostgresSessionStore } from '../../server/src/store/postgres-store.ts';
import { SqliteSessionStore } from '../../server/src/store/sqlite-store.ts';
import { DuplicateCodeError, FencedError, type SessionRecord, type SessionStore } from '../../server/src/store/session-store.ts';
import { hashSecret } from '../../server/src/security/credentials.ts';
import { fixtureScenario } from '../fixtures/scenario.ts';
import { freshDatabase, postgresUp } from './services.ts';

/**
 * One contract for every SessionStore: the SQLite store and the PostgreSQL store must answer the
 * same calls the same way (the room and the HTTP API rely on nothing else), reopen with everything
 * in place, and only resolve an append once another connection can read it.
 */

const session = (code: string, createdAt = 1): SessionRecord => ({
  code, scenario: fixtureScenario(), seed: 4_000_000_000, setup: { rounds: 2 }, options: { seatHoldSeconds: 60 },
  facilitatorKeyHash: hashSecret('k'), createdAt, endedAt: null,
});

interface Backend {
  name: string;
  available: () => Promise<boolean>;
  /** Opens the same store again (a new connection or file handle). */
  open: () => Promise<SessionStore>;
  cleanup: () => Promise<void>;
}

const sqliteDir = mkdtempSync(join(tmpdir(), 'aspf-contract-'));
let database: { url: string; drop(): Promise<void> } | null = null;
const pgUp = postgresUp();

const backends: Backend[] = [
  {
    name: 'SQLite', available: async () => true,
    open: async () => new SqliteSessionStore(sqliteDir),
    cleanup: async () => rmSync(sqliteDir, { recursive: true, force: true }),
  },
  {
    name: 'PostgreSQL', available: () => pgUp,
    open: async () => {
      database ??= await freshDatabase();
      return PostgresSessionStore.connect(database.url);
    },
    cleanup: async () => database?.drop(),
  },
];

afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

describe.each(backends)('$name session store', (backend) => {
  let up = false;
  beforeAll(async () => {
    up = await backend.available();
  });

  it('keeps sessions, log entries and seats across reopening', async (ctx) => {
    if (!up) return ctx.skip();
    const store = await backend.open();
    await store.createSession(session('AAAAAAA', 2));
    await store.createSession(session('CCCCCCC', 1));
    await store.createSession(session('ccccccc', 1)); // codes compare byte-wise: upper case first
    await expect(store.createSession(session('AAAAAAA'))).rejects.toBeInstanceOf(DuplicateCodeError);
    const entries: LogEntry[] = [
      { seq: 1, actor: { kind: 'facilitator' }, action: { type: 'start' }, at: 1_763_000_000_100 },
      { seq: 2, actor: { kind: 'member', member: 'DEU' }, action: { type: 'chat', to: [], text: 'hallo "wörld" \u{1F30D}' }, at: 1_763_000_000_200 },
    ];
    for (const e of entries) await store.append('AAAAAAA', e);
    await expect(store.append('AAAAAAA', entries[0]!)).rejects.toThrow();
    await expect(store.append('NOSUCH1', { ...entries[0]!, seq: 9 })).rejects.toThrow();
    await store.addSeat({ tokenHash: hashSecret('t1'), code: 'AAAAAAA', player: 'p1', role: 'member', member: 'DEU', name: 'Dana', createdAt: 5, revoked: false });
    await store.addSeat({ tokenHash: hashSecret('t2'), code: 'AAAAAAA', player: 'p0', role: 'observer', member: null, name: 'Proj', createdAt: 5, revoked: false });
    await store.close();

    const again = await backend.open();
    const s = (await again.getSession('AAAAAAA'))!;
    expect(s).toEqual(session('AAAAAAA', 2));
    expect(await again.getSession('NOSUCH1')).toBeNull();
    expect(await again.entries('AAAAAAA')).toEqual(entries);
    expect(await again.entries('CCCCCCC')).toEqual([]);
    expect((await again.unfinishedSessions()).map((x) => x.code)).toEqual(['CCCCCCC', 'ccccccc', 'AAAAAAA']);
    await again.endSession('CCCCCCC', 300);
    await again.endSession('CCCCCCC', 400); // ending twice keeps the first time
    expect((await again.getSession('CCCCCCC'))!.endedAt).toBe(300);
    expect((await again.unfinishedSessions()).map((x) => x.code)).toEqual(['ccccccc', 'AAAAAAA']);
    expect(await again.seatByToken(hashSecret('t1'))).toEqual({ tokenHash: hashSecret('t1'), code: 'AAAAAAA', player: 'p1', role: 'member', member: 'DEU', name: 'Dana', createdAt: 5, revoked: false });
    expect(await again.seatByToken(hashSecret('nope'))).toBeNull();
    expect((await again.seats('AAAAAAA')).map((x) => x.player)).toEqual(['p0', 'p1']);
    await again.moveSeat('AAAAAAA', 'p0', 'FRA'); // an observer seated at a member state
    await again.moveSeat('AAAAAAA', 'p1', 'ITA');
    expect(await again.seatByToken(hashSecret('t2'))).toMatchObject({ player: 'p0', role: 'member', member: 'FRA', name: 'Proj', revoked: false });
    expect(await again.seatByToken(hashSecret('t1'))).toMatchObject({ player: 'p1', role: 'member', member: 'ITA', name: 'Dana', revoked: false });
    await again.moveSeat('AAAAAAA', 'p1', 'DEU');
    await again.revokeSeat('AAAAAAA', 'p1');
    expect((await again.seatByToken(hashSecret('t1')))!.revoked).toBe(true);
    expect((await again.seatByToken(hashSecret('t2')))!.revoked).toBe(false);
    expect(await again.countSessions()).toBe(3);

    const game = replay({ scenario: s.scenario, seed: s.seed, setup: s.setup, entries: await again.entries('AAAAAAA') });
    expect(game.phase).toBe('briefing');
    expect(game.chat[0]!.text).toBe('hallo "wörld" \u{1F30D}');
    await again.close();
  });

  it('commits concurrent appends of many rooms together, each durable before it resolves, and fails only the faulty one', async (ctx) => {
    if (!up) return ctx.skip();
    const store = await backend.open();
    const reader = await backend.open();
    const codes = Array.from({ length: 40 }, (_, i) => `G${String(i).padStart(6, '0')}`);
    for (const code of codes) await store.createSession(session(code));
    const entry = (seq: number): LogEntry => ({ seq, actor: { kind: 'system' }, action: { type: 'phaseTimeout' }, at: seq });
    await store.append(codes[0]!, entry(1));

    // 40 rooms append at once, one of them a duplicate: every other append resolves, and when it
    // does, a separate connection already reads the entry.
    const seen: boolean[] = [];
    const results = await Promise.allSettled(codes.map(async (code, i) => {
      await store.append(code, entry(1)); // codes[0] has seq 1 already: the faulty one
      seen[i] = (await reader.entries(code)).length === 1;
    }));
    expect(results.map((r) => r.status)).toEqual(codes.map((_, i) => (i === 0 ? 'rejected' : 'fulfilled')));
    expect(seen.filter(Boolean)).toHaveLength(39);
    expect(await reader.entries(codes[0]!)).toEqual([entry(1)]);
    if (store instanceof PostgresSessionStore || store instanceof SqliteSessionStore) {
      // Group commit: far fewer flushes than entries (40 written in a handful of transactions).
      expect(store.batches.entries).toBe(40);
      expect(store.batches.flushes).toBeLessThan(20);
    }
    await store.close();
    await reader.close();
  });
});

describe('PostgreSQL store durability', () => {
  it('has the entry in the table, not only in a buffer, once append resolves', async (ctx) => {
    if (!(await pgUp)) return ctx.skip();
    database ??= await freshDatabase();
    const store = await PostgresSessionStore.connect(database.url);
    await store.createSession(session('DURABLE'));
    await store.append('DURABLE', { seq: 1, actor: { kind: 'facilitator' }, action: { type: 'start' }, at: 1 });
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    const { rows } = await raw.query("SELECT seq, action FROM log_entries WHERE session = 'DURABLE'");
    const { rows: [setting] } = await raw.query('SHOW synchronous_commit');
    await raw.end();
    expect(rows).toEqual([{ seq: 1, action: '{"type":"start"}' }]);
    expect(setting).toEqual({ synchronous_commit: 'on' });
    await store.close();
  });
});

describe('PostgreSQL store fencing (one writer per code)', () => {
  it('refuses every append of an owner that another store acquired the session from, and only those', async (ctx) => {
    if (!(await pgUp)) return ctx.skip();
    database ??= await freshDatabase();
    const old = await PostgresSessionStore.connect(database.url);
    const next = await PostgresSessionStore.connect(database.url);
    const entry = (seq: number): LogEntry => ({ seq, actor: { kind: 'system' }, action: { type: 'phaseTimeout' }, at: seq });
    await old.createSession(session('FENCED1'));
    await old.createSession(session('FENCED2'));
    await old.acquire('FENCED1');
    await old.acquire('FENCED2');
    await old.append('FENCED1', entry(1));
    expect(await old.lost(['FENCED1', 'FENCED2'])).toEqual([]);

    // Another process reopens FENCED1: from then on the old owner writes nothing there, even in a
    // batch shared with a session it still owns.
    await next.acquire('FENCED1');
    expect(await old.lost(['FENCED1', 'FENCED2'])).toEqual(['FENCED1']);
    const [fenced, kept] = await Promise.allSettled([old.append('FENCED1', entry(2)), old.append('FENCED2', entry(1))]);
    expect(fenced.status === 'rejected' && fenced.reason instanceof FencedError).toBe(true);
    expect(kept.status).toBe('fulfilled');
    await next.append('FENCED1', entry(2));
    expect((await next.entries('FENCED1')).map((e) => e.seq)).toEqual([1, 2]);
    expect(await next.lost(['FENCED1'])).toEqual([]);
    await old.close();
    await next.close();
  });
});

describe('PostgreSQL store and a frozen writer', () => {
  it('lets PostgreSQL abort a transaction left idle (a process frozen mid-batch), so the new owner acquires the session, and survives it', async (ctx) => {
    if (!(await pgUp)) return ctx.skip();
    database ??= await freshDatabase();
    const byDefault = await PostgresSessionStore.connect(database.url);
    const { rows } = await byDefault.pool.query<{ idle_in_transaction_session_timeout: string }>('SHOW idle_in_transaction_session_timeout');
    expect(rows[0]!.idle_in_transaction_session_timeout).toBe('10s');
    await byDefault.close();

    const frozen = await PostgresSessionStore.connect(database.url, { idleInTransactionMs: 300 });
    const next = await PostgresSessionStore.connect(database.url);
    await frozen.createSession(session('FROZEN1'));
    await frozen.acquire('FROZEN1');
    // What an append batch does first, on one of the store's own connections; then it stops.
    const client = await frozen.pool.connect();
    await client.query('BEGIN');
    await client.query('SELECT owner_epoch FROM sessions WHERE code = $1 FOR SHARE', ['FROZEN1']);
    // The new owner's epoch bump waits for the lock until PostgreSQL aborts the idle transaction.
    await next.acquire('FROZEN1');
    expect(await frozen.lost(['FROZEN1'])).toEqual(['FROZEN1']);
    // The "thawed" connection's next statement fails (no crash of this process); the pool drops it.
    await expect(client.query('COMMIT')).rejects.toThrow();
    client.release(true);
    await expect(frozen.append('FROZEN1', { seq: 1, actor: { kind: 'system' }, action: { type: 'phaseTimeout' }, at: 1 })).rejects.toBeInstanceOf(FencedError);
    expect(await next.entries('FROZEN1')).toEqual([]);
    await frozen.close();
    await next.close();
  });
});
