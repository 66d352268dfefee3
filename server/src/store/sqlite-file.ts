import { isMainThread, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { LogEntry } from '@aspf/shared';
import { seatFromRow, sessionFromRow, type SeatRecord, type SeatRow, type SessionRecord, type SessionRow } from './session-store.ts';

/**
 * The SQLite file itself: one connection that runs batches of requests, each batch in one
 * transaction (one fsync for all its appends: group commit). It runs in a worker thread owned by
 * `SqliteSessionStore` (server/src/store/sqlite-store.ts), so that the event loop of the server
 * never waits on the disk; the batch is everything that arrived while the previous commit ran.
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

/** A call of the store, as it crosses to the worker. */
export type SqliteRequest = { id: number } & (
  | { op: 'createSession'; session: SessionRecord }
  | { op: 'getSession'; code: string }
  | { op: 'unfinishedSessions' }
  | { op: 'countSessions' }
  | { op: 'endSession'; code: string; at: number }
  | { op: 'append'; code: string; entry: LogEntry }
  | { op: 'entries'; code: string }
  | { op: 'addSeat'; seat: SeatRecord }
  | { op: 'seatByToken'; tokenHash: string }
  | { op: 'seats'; code: string }
  | { op: 'revokeSeat'; code: string; player: string }
  | { op: 'moveSeat'; code: string; player: string; member: string }
  | { op: 'pragma'; sql: string }
);

/** Its answer: a value, or an error as data (`duplicate`: the session code is taken). */
export type SqliteReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; message: string; duplicate: boolean });

/** Opens (creating if needed) the file in WAL mode with `synchronous = FULL`, and its schema. */
export function openDatabase(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  db.exec(SCHEMA);
  return db;
}

export class SqliteFile {
  private readonly db: DatabaseSync;
  private readonly q: Record<string, StatementSync>;

  constructor(file: string) {
    this.db = openDatabase(file);
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

  /**
   * Runs a batch in one transaction and answers each request once the COMMIT is durable. A failing
   * request (a duplicate seq or code) fails alone: SQLite undoes only its statement. If SQLite
   * abandoned the transaction (a full disk can), the rest of the batch is not run, and nothing of
   * the batch is reported as written.
   */
  run(batch: SqliteRequest[]): SqliteReply[] {
    const replies: SqliteReply[] = [];
    try {
      this.db.exec('BEGIN');
      for (const r of batch) {
        if (!this.db.isTransaction) throw new Error('the transaction was rolled back');
        try {
          replies.push({ id: r.id, ok: true, value: this.one(r) });
        } catch (error) {
          const message = (error as Error | undefined)?.message ?? 'the database failed';
          replies.push({ id: r.id, ok: false, message, duplicate: r.op === 'createSession' && /UNIQUE|PRIMARY KEY/i.test(message) });
        }
      }
      if (!this.db.isTransaction) throw new Error('the transaction was rolled back');
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) try { this.db.exec('ROLLBACK'); } catch { /* already over */ }
      const message = (error as Error | undefined)?.message ?? 'the database failed';
      return batch.map((r) => ({ id: r.id, ok: false, message, duplicate: false }));
    }
    return replies;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private one(r: SqliteRequest): unknown {
    switch (r.op) {
      case 'createSession': {
        const s = r.session;
        this.q.insertSession!.run(s.code, JSON.stringify(s.scenario), s.seed, JSON.stringify(s.setup), JSON.stringify(s.options), s.facilitatorKeyHash, s.createdAt);
        return null;
      }
      case 'getSession': {
        const row = this.q.session!.get(r.code) as SessionRow | undefined;
        return row ? sessionFromRow(row) : null;
      }
      case 'unfinishedSessions':
        return (this.q.unfinished!.all() as unknown as SessionRow[]).map(sessionFromRow);
      case 'countSessions':
        return Number((this.q.count!.get() as { n: number }).n);
      case 'endSession':
        this.q.end!.run(r.at, r.code);
        return null;
      case 'append': {
        const e = r.entry;
        this.q.append!.run(r.code, e.seq, JSON.stringify(e.actor), JSON.stringify(e.action), e.at);
        return null;
      }
      case 'entries': {
        const rows = this.q.entries!.all(r.code) as { seq: number; actor: string; action: string; at: number }[];
        return rows.map((row): LogEntry => ({ seq: Number(row.seq), actor: JSON.parse(row.actor), action: JSON.parse(row.action), at: Number(row.at) }));
      }
      case 'addSeat': {
        const s = r.seat;
        this.q.addSeat!.run(s.tokenHash, s.code, s.player, s.role, s.member, s.name, s.createdAt);
        return null;
      }
      case 'seatByToken': {
        const row = this.q.seatByToken!.get(r.tokenHash) as SeatRow | undefined;
        return row ? seatFromRow(row) : null;
      }
      case 'seats':
        return (this.q.seats!.all(r.code) as unknown as SeatRow[]).map(seatFromRow);
      case 'revokeSeat':
        this.q.revoke!.run(r.code, r.player);
        return null;
      case 'moveSeat':
        this.q.move!.run(r.member, r.code, r.player);
        return null;
      case 'pragma':
        return this.db.prepare(`PRAGMA ${r.sql}`).all();
    }
  }
}

/** What the store hands the worker it starts. */
export interface SqliteWorkerData {
  role: 'aspf-sqlite';
  file: string;
  port: MessagePort;
}

/**
 * The worker's loop: a message is a list of requests (those of one turn of the server's event
 * loop); whatever else arrived while the previous commit ran joins the same batch.
 */
function serve({ file, port }: SqliteWorkerData): void {
  const db = new SqliteFile(file);
  port.on('message', (first: SqliteRequest[] | 'close') => {
    const batch: SqliteRequest[] = [];
    let closing = first === 'close';
    if (first !== 'close') batch.push(...first);
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      if (m.message === 'close') closing = true;
      else batch.push(...(m.message as SqliteRequest[]));
    }
    if (batch.length) port.postMessage(db.run(batch));
    if (closing) {
      db.close();
      port.postMessage('closed');
      port.close();
    }
  });
}

if (!isMainThread && (workerData as SqliteWorkerData | undefined)?.role === 'aspf-sqlite') serve(workerData as SqliteWorkerData);
