import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { LogEntry } from '@aspf/shared';
import { DuplicateCodeError, type SeatRecord, type SessionRecord, type SessionStore } from './session-store.ts';
import { SqliteFile, openDatabase, type SqliteReply, type SqliteRequest, type SqliteWorkerData } from './sqlite-file.ts';

/**
 * The built-in store: one SQLite file (Node's own `node:sqlite`, no native addon) in DATA_DIR, in
 * WAL mode with `synchronous = FULL`, so an appended entry survives a crash of the process or of
 * the machine once `append` has resolved.
 *
 * The file belongs to a worker thread (server/src/store/sqlite-file.ts): the event loop never
 * waits on the disk. The calls of one turn of the event loop cross in one message; the worker
 * commits everything that arrived while its previous commit ran in one transaction (group commit:
 * one fsync for the appends of every room), and each promise resolves after that COMMIT, so the
 * room still acknowledges only what is durable. If the worker dies, every pending and later call
 * fails with a clear error (the room answers `server/error`; nothing is acknowledged).
 *
 * `SQLITE_THREAD=main` runs the same batches on the main thread instead (the benchmark's
 * comparison, docs/BENCHMARKS.md).
 */

type Call = SqliteRequest extends infer R ? R extends SqliteRequest ? Omit<R, 'id'> : never : never;

interface Waiting {
  done(value: unknown): void;
  fail(error: Error): void;
  /** The code of a createSession, to name it in a DuplicateCodeError. */
  code?: string;
  append: boolean;
}

export interface SqliteOptions {
  /** Where the file's calls run: a worker thread (default) or the main thread (for comparison). */
  thread?: 'worker' | 'main';
}

export class SqliteSessionStore implements SessionStore {
  readonly file: string;
  private readonly worker: Worker | null = null;
  private readonly port: MessagePort | null = null;
  private readonly inline: SqliteFile | null = null;
  /** Commits that wrote log entries, and the entries they wrote (group commit: entries ≫ flushes under load). */
  readonly batches = { flushes: 0, entries: 0 };
  private readonly waiting = new Map<number, Waiting>();
  private queued: SqliteRequest[] = [];
  private nextId = 1;
  /** Set once the worker is gone (or the store closed): every call fails with it. */
  private failure: Error | null = null;
  private closed: Promise<void> | null = null;
  private onClosed: (() => void) | null = null;

  constructor(dataDir: string, options: SqliteOptions = {}) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'sessions.sqlite');
    // Opened here once, so that a bad DATA_DIR or a corrupt file fails at start, not at the first call.
    openDatabase(this.file).close();
    if ((options.thread ?? (process.env.SQLITE_THREAD === 'main' ? 'main' : 'worker')) === 'main') {
      this.inline = new SqliteFile(this.file);
      return;
    }
    const { port1, port2 } = new MessageChannel();
    const data: SqliteWorkerData = { role: 'aspf-sqlite', file: this.file, port: port2 };
    // node:sqlite's ExperimentalWarning is logged once by the main thread as a JSON line (server/src/log.ts
    // routeWarnings); a worker prints its own warnings as plain text to stderr, so it does not repeat it.
    const execArgv = [...process.execArgv, '--disable-warning=ExperimentalWarning'];
    this.worker = new Worker(new URL('./sqlite-file.ts', import.meta.url), { workerData: data, transferList: [port2], execArgv });
    this.port = port1;
    port1.on('message', (m: SqliteReply[] | 'closed') => {
      if (m === 'closed') this.onClosed?.();
      else this.answerAll(m);
    });
    this.worker.on('error', (error) => this.broken(`the SQLite store's worker failed: ${error.message}`));
    this.worker.on('exit', (code) => this.broken(`the SQLite store's worker stopped (exit code ${code})`));
    // Neither keeps the process alive while nothing is pending (see `send`).
    this.worker.unref();
    port1.unref();
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.call({ op: 'createSession', session }, session.code);
  }

  async getSession(code: string): Promise<SessionRecord | null> {
    return this.call({ op: 'getSession', code }) as Promise<SessionRecord | null>;
  }

  async unfinishedSessions(): Promise<SessionRecord[]> {
    return this.call({ op: 'unfinishedSessions' }) as Promise<SessionRecord[]>;
  }

  async countSessions(): Promise<number> {
    return this.call({ op: 'countSessions' }) as Promise<number>;
  }

  async endSession(code: string, at: number): Promise<void> {
    await this.call({ op: 'endSession', code, at });
  }

  /** One process owns a SQLite file: there is no other writer to fence. */
  async acquire(): Promise<void> {}
  async lost(): Promise<string[]> {
    return [];
  }

  async append(code: string, entry: LogEntry): Promise<void> {
    await this.call({ op: 'append', code, entry });
  }

  async entries(code: string): Promise<LogEntry[]> {
    return this.call({ op: 'entries', code }) as Promise<LogEntry[]>;
  }

  async addSeat(seat: SeatRecord): Promise<void> {
    await this.call({ op: 'addSeat', seat });
  }

  async seatByToken(tokenHash: string): Promise<SeatRecord | null> {
    return this.call({ op: 'seatByToken', tokenHash }) as Promise<SeatRecord | null>;
  }

  async seats(code: string): Promise<SeatRecord[]> {
    return this.call({ op: 'seats', code }) as Promise<SeatRecord[]>;
  }

  async revokeSeat(code: string, player: string): Promise<void> {
    await this.call({ op: 'revokeSeat', code, player });
  }

  async moveSeat(code: string, player: string, member: string): Promise<void> {
    await this.call({ op: 'moveSeat', code, player, member });
  }

  /**
   * Runs `PRAGMA <sql>` on the store's own connection and returns its rows: the connection's
   * settings (e.g. `max_page_count`, a quota) are not reachable from another connection.
   */
  async pragma(sql: string): Promise<unknown[]> {
    return this.call({ op: 'pragma', sql }) as Promise<unknown[]>;
  }

  /** Commits what is pending, then closes the file (and ends the worker). */
  close(): Promise<void> {
    this.closed ??= this.shut();
    return this.closed;
  }

  private async shut(): Promise<void> {
    if (this.inline) {
      this.flush();
      this.inline.close();
      this.failure ??= new Error('the SQLite store is closed');
      return;
    }
    if (this.failure) return;
    this.flush();
    // 'closed' comes after the answers to everything sent before it (one port keeps the order).
    const answered = new Promise<void>((done) => (this.onClosed = done));
    const exited = new Promise<void>((done) => this.worker!.once('exit', () => done()));
    this.worker!.ref(); // until it has exited
    this.port!.postMessage('close');
    this.failure = new Error('the SQLite store is closed');
    await Promise.race([answered, exited]);
    await exited;
  }

  private call(call: Call, code?: string): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((done, fail) => {
      const id = this.nextId++;
      this.waiting.set(id, { done, fail, append: call.op === 'append', ...(code === undefined ? {} : { code }) });
      this.queued.push({ ...call, id } as SqliteRequest);
      if (this.queued.length === 1) setImmediate(() => this.flush());
      this.port?.ref(); // a pending call keeps the process alive until it is answered
    });
  }

  /** Sends the calls of this turn as one batch (or, on the main thread, runs them). */
  private flush(): void {
    if (!this.queued.length) return;
    const batch = this.queued;
    this.queued = [];
    if (this.inline) this.answerAll(this.inline.run(batch));
    else if (!this.failure) this.port!.postMessage(batch);
  }

  /** The answers of one commit. */
  private answerAll(replies: SqliteReply[]): void {
    const appends = replies.filter((r) => r.ok && this.waiting.get(r.id)?.append).length;
    if (appends) {
      this.batches.flushes++;
      this.batches.entries += appends;
    }
    for (const r of replies) this.answer(r);
  }

  private answer(r: SqliteReply): void {
    const w = this.waiting.get(r.id);
    if (!w) return;
    this.waiting.delete(r.id);
    if (this.waiting.size === 0) this.port?.unref();
    if (r.ok) w.done(r.value);
    else w.fail(r.duplicate ? new DuplicateCodeError(w.code ?? '') : new Error(r.message));
  }

  /** The worker is gone: what waits, and what comes, fails (instead of waiting forever). */
  private broken(reason: string): void {
    const closing = this.failure !== null;
    this.failure ??= new Error(reason);
    const error = closing ? new Error(`${reason} while the store was closing`) : this.failure;
    for (const w of this.waiting.values()) w.fail(error);
    this.waiting.clear();
    this.queued = [];
    this.port?.close();
  }
}
