import pg from 'pg';
import type { LogEntry } from '@aspf/shared';
import { DuplicateCodeError, FencedError, seatFromRow, sessionFromRow, type SeatRecord, type SeatRow, type SessionRecord, type SessionRow, type SessionStore } from './session-store.ts';

/**
 * The session store on PostgreSQL (DATABASE_URL=postgres://…), for several server processes
 * sharing one log (docs/DEPLOY.md). Same tables and semantics as the SQLite store.
 *
 * Group commit: appends from every room of this process are queued; one flush at a time writes
 * everything queued as one multi-row INSERT (one transaction, one WAL flush), and every waiting
 * `append` resolves only after that commit returned. With `synchronous_commit` at its default
 * (`on`) a resolved append is durable. If a batch fails (a duplicate seq), its entries are
 * split in halves and retried, so that only the faulty entries are refused.
 *
 * Fencing (one writer per code, docs/DEPLOY.md): `sessions.owner_epoch` counts the processes that
 * have opened the session. `acquire` bumps it (a row lock: it waits for any batch that is still
 * writing the session) and remembers the new value; every batch locks its sessions' rows FOR SHARE
 * and writes only the entries whose session still has the epoch their process acquired. A process
 * that was frozen or cut off and comes back after another one reopened the session therefore
 * writes nothing: its appends fail with `FencedError`, before and after any new owner's replay.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  code TEXT PRIMARY KEY,
  scenario TEXT NOT NULL,
  seed BIGINT NOT NULL,
  setup TEXT NOT NULL,
  options TEXT NOT NULL,
  facilitator_key_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE TABLE IF NOT EXISTS log_entries (
  session TEXT NOT NULL REFERENCES sessions(code),
  seq INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (session, seq)
);
CREATE TABLE IF NOT EXISTS seats (
  token_hash TEXT PRIMARY KEY,
  session TEXT NOT NULL REFERENCES sessions(code),
  player TEXT NOT NULL,
  role TEXT NOT NULL,
  member TEXT,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS seats_by_session ON seats(session);
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS owner_epoch BIGINT NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS sessions_unfinished ON sessions(created_at) WHERE ended_at IS NULL;
`;

/** Any number, so that two processes creating the schema at once do not collide. */
const SCHEMA_LOCK = 0x61737066;
/** A batch larger than this is split (PostgreSQL allows 65,535 parameters per statement). */
const MAX_BATCH = 2000;

interface Pending {
  row: [string, number, string, string, number];
  /** The owner epoch this process acquired for the session (null: never acquired, not fenced). */
  epoch: number | null;
  done: () => void;
  fail: (error: unknown) => void;
}

export interface PostgresStoreOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** A schema of its own (created if missing; default: the database's search path, usually `public`). */
  schema?: string | null;
  /**
   * How long PostgreSQL lets a transaction of this store sit idle before it aborts it and closes
   * the connection (default 10 s): a process frozen in the middle of an append batch would
   * otherwise hold its sessions' row locks, and the new owner's `acquire`, until it is thawed
   * (docs/DEPLOY.md, "A frozen transaction"). The frozen batch is never acknowledged.
   */
  idleInTransactionMs?: number;
}

export class PostgresSessionStore implements SessionStore {
  readonly pool: pg.Pool;
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** Number of flushes and of entries written, for the benchmark and /metrics. */
  readonly batches = { flushes: 0, entries: 0 };
  /** The owner epoch this process acquired, by session code. */
  private readonly epochs = new Map<string, number>();

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Connects, and creates the tables if they are missing. */
  static async connect(connectionString: string, options: PostgresStoreOptions = {}): Promise<PostgresSessionStore> {
    const schema = options.schema ?? null;
    if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`DATABASE_SCHEMA must be a lower-case SQL identifier, not "${schema}"`);
    const pool = new pg.Pool({
      connectionString, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000,
      idle_in_transaction_session_timeout: options.idleInTransactionMs ?? 10_000,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // A client that loses its connection must not take the process down: an idle one (the pool's
    // error event) nor one in use (a thawed process whose transaction PostgreSQL aborted; its next
    // query fails instead, and the pool drops it).
    pool.on('error', () => undefined);
    pool.on('connect', (client) => void client.on('error', () => undefined));
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end().catch(() => undefined);
      const where = (() => {
        try {
          const u = new URL(connectionString);
          return `${u.hostname}:${u.port || 5432}${u.pathname}`;
        } catch {
          return 'DATABASE_URL';
        }
      })();
      throw new Error(`PostgreSQL at ${where} (DATABASE_URL) is not reachable: ${(error as Error).message || (error as { code?: string }).code || String(error)}`, { cause: error });
    }
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(SCHEMA);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      await pool.end();
      throw error;
    }
    client.release();
    return new PostgresSessionStore(pool);
  }

  async createSession(s: SessionRecord): Promise<void> {
    try {
      await this.pool.query(
        'INSERT INTO sessions (code, scenario, seed, setup, options, facilitator_key_hash, created_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)',
        [s.code, JSON.stringify(s.scenario), s.seed, JSON.stringify(s.setup), JSON.stringify(s.options), s.facilitatorKeyHash, s.createdAt],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new DuplicateCodeError(s.code);
      throw error;
    }
  }

  async getSession(code: string): Promise<SessionRecord | null> {
    const { rows } = await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE code = $1', [code]);
    return rows[0] ? sessionFromRow(rows[0]) : null;
  }

  async unfinishedSessions(): Promise<SessionRecord[]> {
    const { rows } = await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE ended_at IS NULL ORDER BY created_at, code COLLATE "C"');
    return rows.map(sessionFromRow);
  }

  async countSessions(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM sessions');
    return Number(rows[0]!.n);
  }

  async endSession(code: string, at: number): Promise<void> {
    await this.pool.query('UPDATE sessions SET ended_at = $1 WHERE code = $2 AND ended_at IS NULL', [at, code]);
  }

  async acquire(code: string): Promise<void> {
    const { rows } = await this.pool.query<{ owner_epoch: string }>('UPDATE sessions SET owner_epoch = owner_epoch + 1 WHERE code = $1 RETURNING owner_epoch', [code]);
    if (rows[0]) this.epochs.set(code, Number(rows[0].owner_epoch));
  }

  async lost(codes: string[]): Promise<string[]> {
    const mine = codes.filter((c) => this.epochs.has(c));
    if (mine.length === 0) return [];
    const { rows } = await this.pool.query<{ code: string; owner_epoch: string }>('SELECT code, owner_epoch FROM sessions WHERE code = ANY($1)', [mine]);
    return rows.filter((r) => Number(r.owner_epoch) !== this.epochs.get(r.code)).map((r) => r.code);
  }

  append(code: string, entry: LogEntry): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ row: [code, entry.seq, JSON.stringify(entry.actor), JSON.stringify(entry.action), entry.at], epoch: this.epochs.get(code) ?? null, done, fail });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  /** Writes what is queued, batch after batch, until the queue is empty. */
  private async flush(): Promise<void> {
    // Let the appends of this turn of the event loop join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) await this.write(this.pending.splice(0, MAX_BATCH));
    this.flushing = null;
  }

  /** One transaction for the batch; if it fails, each half again, so only faulty entries fail. */
  private async write(batch: Pending[]): Promise<void> {
    let fenced: Pending[];
    try {
      fenced = await this.insert(batch);
    } catch (error) {
      if (batch.length === 1) return batch[0]!.fail(error);
      const half = Math.ceil(batch.length / 2);
      await this.write(batch.slice(0, half));
      await this.write(batch.slice(half));
      return;
    }
    this.batches.flushes++;
    this.batches.entries += batch.length - fenced.length;
    for (const p of batch) {
      if (fenced.includes(p)) p.fail(new FencedError(p.row[0]));
      else p.done();
    }
  }

  /** One transaction: lock the sessions' rows, drop the fenced entries, insert the rest. Returns the fenced ones. */
  private async insert(batch: Pending[]): Promise<Pending[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const codes = [...new Set(batch.filter((p) => p.epoch !== null).map((p) => p.row[0]))];
      const epochs = new Map<string, number>();
      if (codes.length > 0) {
        const { rows } = await client.query<{ code: string; owner_epoch: string }>('SELECT code, owner_epoch FROM sessions WHERE code = ANY($1) FOR SHARE', [codes]);
        for (const r of rows) epochs.set(r.code, Number(r.owner_epoch));
      }
      const fenced = batch.filter((p) => p.epoch !== null && epochs.get(p.row[0]) !== p.epoch);
      const rows = batch.filter((p) => !fenced.includes(p)).map((p) => p.row);
      if (rows.length > 0) {
        const values: unknown[] = [];
        const tuples = rows.map((row, i) => {
          values.push(...row);
          const b = i * 5;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
        });
        await client.query(`INSERT INTO log_entries (session, seq, actor, action, at) VALUES ${tuples.join(', ')}`, values);
      }
      await client.query('COMMIT');
      return fenced;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async entries(code: string): Promise<LogEntry[]> {
    const { rows } = await this.pool.query<{ seq: number; actor: string; action: string; at: string }>(
      'SELECT seq, actor, action, at FROM log_entries WHERE session = $1 ORDER BY seq', [code],
    );
    return rows.map((r) => ({ seq: Number(r.seq), actor: JSON.parse(r.actor), action: JSON.parse(r.action), at: Number(r.at) }));
  }

  async addSeat(s: SeatRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO seats (token_hash, session, player, role, member, name, created_at, revoked) VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE)',
      [s.tokenHash, s.code, s.player, s.role, s.member, s.name, s.createdAt],
    );
  }

  async seatByToken(tokenHash: string): Promise<SeatRecord | null> {
    const { rows } = await this.pool.query<SeatRow>('SELECT * FROM seats WHERE token_hash = $1', [tokenHash]);
    return rows[0] ? seatFromRow(rows[0]) : null;
  }

  async seats(code: string): Promise<SeatRecord[]> {
    const { rows } = await this.pool.query<SeatRow>('SELECT * FROM seats WHERE session = $1 ORDER BY created_at, player COLLATE "C"', [code]);
    return rows.map(seatFromRow);
  }

  async revokeSeat(code: string, player: string): Promise<void> {
    await this.pool.query('UPDATE seats SET revoked = TRUE WHERE session = $1 AND player = $2', [code, player]);
  }

  async moveSeat(code: string, player: string, member: string): Promise<void> {
    await this.pool.query("UPDATE seats SET role = 'member', member = $1 WHERE session = $2 AND player = $3", [member, code, player]);
  }

  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flushing) await this.flushing;
    await this.pool.end();
  }
}
