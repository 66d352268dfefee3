import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { LogEntry } from '@aspf/shared';
import { DuplicateCodeError, seatFromRow, sessionFromRow, type SeatRecord, type SeatRow, type SessionRecord, type SessionRow, type SessionStore } from './session-store.ts';

/**
 * The built-in store: one SQLite file (Node's own `node:sqlite`, no native addon) in DATA_DIR, in
 * WAL mode with `synchronous = FULL`, so an appended entry survives a crash of the process or of
 * the machine once `append` has returned. Calls are synchronous underneath; the interface is async
 * for the networked stores to come.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  code TEXT PRIMARY KEY,
  scenario TEXT NOT NULL,
  seed INTEGER NOT NULL,
  setup TEXT NOT NULL,
  options TEXT NOT NULL,
  facilitator_key_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE TABLE IF NOT EXISTS log_entries (
  session TEXT NOT NULL REFERENCES sessions(code),
  seq INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (session, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seats (
  token_hash TEXT PRIMARY KEY,
  session TEXT NOT NULL REFERENCES sessions(code),
  player TEXT NOT NULL,
  role TEXT NOT NULL,
  member TEXT,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS seats_by_session ON seats(session);
`;

export class SqliteSessionStore implements SessionStore {
  readonly file: string;
  private readonly db: DatabaseSync;
  private readonly q: Record<string, StatementSync>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'sessions.sqlite');
    this.db = new DatabaseSync(this.file);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    this.db.exec(SCHEMA);
    const p = (sql: string) => this.db.prepare(sql);
    this.q = {
      insertSession: p('INSERT INTO sessions (code, scenario, seed, setup, options, facilitator_key_hash, created_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)'),
      session: p('SELECT * FROM sessions WHERE code = ?'),
      unfinished: p('SELECT * FROM sessions WHERE ended_at IS NULL ORDER BY created_at, code'),
      count: p('SELECT COUNT(*) AS n FROM sessions'),
      end: p('UPDATE sessions SET ended_at = ? WHERE code = ? AND ended_at IS NULL'),
      append: p('INSERT INTO log_entries (session, seq, actor, action, at) VALUES (?, ?, ?, ?, ?)'),
      entries: p('SELECT seq, actor, action, at FROM log_entries WHERE session = ? ORDER BY seq'),
      addSeat: p('INSERT INTO seats (token_hash, session, player, role, member, name, created_at, revoked) VALUES (?, ?, ?, ?, ?, ?, ?, 0)'),
      seatByToken: p('SELECT * FROM seats WHERE token_hash = ?'),
      seats: p('SELECT * FROM seats WHERE session = ? ORDER BY created_at, player'),
      revoke: p('UPDATE seats SET revoked = 1 WHERE session = ? AND player = ?'),
      move: p("UPDATE seats SET role = 'member', member = ? WHERE session = ? AND player = ?"),
    };
  }

  async createSession(s: SessionRecord): Promise<void> {
    try {
      this.q.insertSession!.run(s.code, JSON.stringify(s.scenario), s.seed, JSON.stringify(s.setup), JSON.stringify(s.options), s.facilitatorKeyHash, s.createdAt);
    } catch (error) {
      if (/UNIQUE|PRIMARY KEY/i.test((error as Error).message)) throw new DuplicateCodeError(s.code);
      throw error;
    }
  }

  async getSession(code: string): Promise<SessionRecord | null> {
    const row = this.q.session!.get(code) as SessionRow | undefined;
    return row ? sessionFromRow(row) : null;
  }

  async unfinishedSessions(): Promise<SessionRecord[]> {
    return (this.q.unfinished!.all() as unknown as SessionRow[]).map(sessionFromRow);
  }

  async countSessions(): Promise<number> {
    return Number((this.q.count!.get() as { n: number }).n);
  }

  async endSession(code: string, at: number): Promise<void> {
    this.q.end!.run(at, code);
  }

  /**
   * Group commit: the appends of every room that arrive in one turn of the event loop are written
   * in one transaction (one fsync), and each resolves only after its COMMIT. A failing entry (a
   * duplicate seq) fails alone: SQLite undoes only that statement.
   */
  /** One process owns a SQLite file: there is no other writer to fence. */
  async acquire(): Promise<void> {}
  async lost(): Promise<string[]> {
    return [];
  }

  append(code: string, entry: LogEntry): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ args: [code, entry.seq, JSON.stringify(entry.actor), JSON.stringify(entry.action), entry.at], done, fail });
      if (this.pending.length === 1) setImmediate(() => this.pending.length && this.flush());
    });
  }

  private pending: { args: [string, number, string, string, number]; done: () => void; fail: (e: unknown) => void }[] = [];

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const outcomes: unknown[] = [];
    try {
      this.db.exec('BEGIN');
      for (const p of batch) {
        try {
          this.q.append!.run(...p.args);
          outcomes.push(null);
        } catch (error) {
          outcomes.push(error ?? new Error('append failed'));
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isOpen) try { this.db.exec('ROLLBACK'); } catch { /* not in a transaction */ }
      for (const p of batch) p.fail(error);
      return;
    }
    batch.forEach((p, i) => (outcomes[i] === null ? p.done() : p.fail(outcomes[i])));
  }

  async entries(code: string): Promise<LogEntry[]> {
    const rows = this.q.entries!.all(code) as { seq: number; actor: string; action: string; at: number }[];
    return rows.map((r) => ({ seq: Number(r.seq), actor: JSON.parse(r.actor), action: JSON.parse(r.action), at: Number(r.at) }));
  }

  async addSeat(s: SeatRecord): Promise<void> {
    this.q.addSeat!.run(s.tokenHash, s.code, s.player, s.role, s.member, s.name, s.createdAt);
  }

  async seatByToken(tokenHash: string): Promise<SeatRecord | null> {
    const row = this.q.seatByToken!.get(tokenHash) as SeatRow | undefined;
    return row ? seatFromRow(row) : null;
  }

  async seats(code: string): Promise<SeatRecord[]> {
    return (this.q.seats!.all(code) as unknown as SeatRow[]).map(seatFromRow);
  }

  async revokeSeat(code: string, player: string): Promise<void> {
    this.q.revoke!.run(code, player);
  }

  async moveSeat(code: string, player: string, member: string): Promise<void> {
    this.q.move!.run(member, code, player);
  }

  async close(): Promise<void> {
    if (this.pending.length && this.db.isOpen) this.flush();
    if (this.db.isOpen) this.db.close();
  }
}
