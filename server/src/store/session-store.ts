import type { GameSetup, LogEntry, MemberId, Scenario } from '@aspf/shared';
import type { SeatRole } from '@aspf/shared/protocol';

/**
 * Where sessions live between restarts (R8.1: the action log is the source of truth). Every
 * method is async so that a networked store (PostgreSQL, issue 6) fits the same interface; the
 * room awaits `append` before it acknowledges an action.
 */

export interface SessionRecord {
  code: string;
  scenario: Scenario;
  seed: number;
  setup: GameSetup;
  /** Room options that are not the engine's. */
  options: { seatHoldSeconds: number; locale?: 'en' | 'fr' };
  /** SHA-256 of the facilitator key (hex); the key itself is never stored. */
  facilitatorKeyHash: string;
  createdAt: number;
  endedAt: number | null;
}

/** A seat a client holds: what its token stands for. */
export interface SeatRecord {
  /** SHA-256 of the seat token (hex). */
  tokenHash: string;
  code: string;
  /** Public id of the seat (key of the state's `players` map). */
  player: string;
  role: SeatRole;
  member: MemberId | null;
  name: string;
  createdAt: number;
  revoked: boolean;
}

export interface SessionStore {
  /** Fails with `DuplicateCodeError` if the code is taken. */
  createSession(session: SessionRecord): Promise<void>;
  getSession(code: string): Promise<SessionRecord | null>;
  /** Sessions whose game has not ended, oldest first. */
  unfinishedSessions(): Promise<SessionRecord[]>;
  countSessions(): Promise<number>;
  endSession(code: string, at: number): Promise<void>;

  /**
   * Makes this process the one writer of the session's log (docs/DEPLOY.md, "One writer per
   * code"): bumps the session's owner epoch, after which appends of any earlier owner fail with
   * `FencedError`. A room calls it before it replays the log.
   */
  acquire(code: string): Promise<void>;
  /** Of these codes (acquired here), those whose owner epoch has moved on: another process owns them now. */
  lost(codes: string[]): Promise<string[]>;

  /**
   * Durable when the promise resolves. Sequence numbers are unique per session. Fails with
   * `FencedError` (nothing written) when another process acquired the session since this one did.
   */
  append(code: string, entry: LogEntry): Promise<void>;
  entries(code: string): Promise<LogEntry[]>;

  addSeat(seat: SeatRecord): Promise<void>;
  seatByToken(tokenHash: string): Promise<SeatRecord | null>;
  seats(code: string): Promise<SeatRecord[]>;
  revokeSeat(code: string, player: string): Promise<void>;
  /** Seats a player (its token unchanged) as a delegate of `member`. */
  moveSeat(code: string, player: string, member: string): Promise<void>;

  close(): Promise<void>;
}

/** An append refused because another process now owns the session (its epoch moved on). */
export class FencedError extends Error {
  constructor(code: string) {
    super(`session ${code} is now written by another process`);
  }
}

export class DuplicateCodeError extends Error {
  constructor(code: string) {
    super(`session code ${code} is taken`);
  }
}

/**
 * A row of the `sessions` and `seats` tables as either database returns it: SQLite gives numbers,
 * PostgreSQL gives BIGINT columns as strings and booleans as booleans. Both stores map rows here.
 */
export interface SessionRow {
  code: string;
  scenario: string;
  seed: number | string;
  setup: string;
  options: string;
  facilitator_key_hash: string;
  created_at: number | string;
  ended_at: number | string | null;
}

export interface SeatRow {
  token_hash: string;
  session: string;
  player: string;
  role: string;
  member: string | null;
  name: string;
  created_at: number | string;
  revoked: number | boolean;
}

export const sessionFromRow = (r: SessionRow): SessionRecord => ({
  code: r.code,
  scenario: JSON.parse(r.scenario),
  seed: Number(r.seed),
  setup: JSON.parse(r.setup),
  options: JSON.parse(r.options),
  facilitatorKeyHash: r.facilitator_key_hash,
  createdAt: Number(r.created_at),
  endedAt: r.ended_at === null ? null : Number(r.ended_at),
});

export const seatFromRow = (r: SeatRow): SeatRecord => ({
  tokenHash: r.token_hash,
  code: r.session,
  player: r.player,
  role: r.role as SeatRecord['role'],
  member: r.member,
  name: r.name,
  createdAt: Number(r.created_at),
  revoked: Boolean(r.revoked),
});
