import { z } from 'zod';
import { ActionSchema } from '../engine/actions.ts';
import { ENGINE_VERSION, type GameSetup } from '../engine/create.ts';
import { replay, ReplayError, type GameLog, type LogEntry } from '../engine/replay.ts';
import { err, ok, type Result } from '../engine/result.ts';
import type { GameState, MemberId } from '../engine/types.ts';
import { RuleRefSchema, ScenarioSchema, TimersSchema, type Scenario } from '../scenario/schema.ts';

/**
 * The whole session as one JSON file (docs/DEBRIEF.md "JSON export"): the scenario, the seed and
 * set-up, every logged action and the final state, with the engine version that produced them.
 * It re-imports: `verifySession` replays the log and checks that it rebuilds the final state
 * exactly. It is the facilitator's complete record, chat included (replay needs every action).
 */
export const SESSION_FORMAT = 'aspf-session';
export const SESSION_VERSION = 1;

export interface SessionExport {
  format: typeof SESSION_FORMAT;
  version: typeof SESSION_VERSION;
  engineVersion: number;
  /** ISO 8601, passed in by the caller. */
  exportedAt: string;
  scenario: Scenario;
  seed: number;
  setup: GameSetup;
  entries: LogEntry[];
  finalState: GameState;
  /** Players' display names per member: facilitator exports only, absent when anonymised. */
  displayNames?: Record<MemberId, string[]>;
}

export interface ExportOptions {
  /** When the export was made: ms since the epoch or an ISO string (the debrief reads no clock). */
  exportedAt: number | string;
  displayNames?: Record<MemberId, string[]>;
  anonymise?: boolean;
}

export function exportSession(log: GameLog, finalState: GameState, options: ExportOptions): SessionExport {
  const exportedAt = typeof options.exportedAt === 'number' ? new Date(options.exportedAt).toISOString() : options.exportedAt;
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    engineVersion: finalState.engineVersion,
    exportedAt,
    scenario: log.scenario,
    seed: log.seed,
    setup: log.setup,
    entries: log.entries,
    finalState,
    ...(options.displayNames && !options.anonymise ? { displayNames: options.displayNames } : {}),
  };
}

/** The file's text: UTF-8 JSON, one trailing newline. */
export const serialiseSession = (session: SessionExport): string => `${JSON.stringify(session)}\n`;

const memberId = z.string().regex(/^[A-Z]{3}$/);
const ActorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('member'), member: memberId }),
  z.strictObject({ kind: z.literal('facilitator') }),
  z.strictObject({ kind: z.literal('observer') }),
  z.strictObject({ kind: z.literal('system') }),
]);
const LogEntrySchema = z.strictObject({
  seq: z.number().int().min(0),
  actor: ActorSchema,
  action: ActionSchema,
  at: z.number().finite(),
});
const SetupSchema = z.strictObject({
  timers: TimersSchema.partial().optional(),
  rules: z.strictObject({ fund: RuleRefSchema.optional(), common: RuleRefSchema.optional() }).optional(),
  sealedPledges: z.boolean().optional(),
  rounds: z.number().int().min(1).max(20).optional(),
  /** R9.1 the rules version the session was played under; absent in exports made before versions: 1. */
  rulesVersion: z.union([z.literal(1), z.literal(2)]).optional(),
});
export const SessionExportSchema = z.strictObject({
  format: z.literal(SESSION_FORMAT),
  version: z.literal(SESSION_VERSION),
  engineVersion: z.number().int().min(1),
  exportedAt: z.string().max(64),
  scenario: ScenarioSchema,
  seed: z.number().int().min(0).max(0xffffffff),
  setup: SetupSchema,
  entries: z.array(LogEntrySchema).max(2_000_000),
  finalState: z.record(z.string(), z.unknown()),
  displayNames: z.record(memberId, z.array(z.string().max(200)).max(40)).optional(),
});

export interface SessionIssue {
  path: string;
  message: string;
}

/** Validates an untrusted session file's parsed JSON; every problem with its path. */
export function parseSession(input: unknown): Result<SessionExport, SessionIssue[]> {
  const result = SessionExportSchema.safeParse(input);
  if (!result.success) {
    return err(result.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })));
  }
  return ok(result.data as unknown as SessionExport);
}

export const logOf = (session: SessionExport): GameLog => ({ scenario: session.scenario, seed: session.seed, setup: session.setup, entries: session.entries });

export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
}

export type Verification =
  | { ok: true; actions: number; state: GameState }
  | { ok: false; kind: 'engine-version' | 'replay-rejected' | 'state-differs'; message: string; difference?: Difference; seq?: number };

/** What JSON keeps of a value: no undefined keys, no functions, -0 as 0. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

/** The first path at which two JSON values differ (object keys in the expected value's order), or null. */
export function firstDifference(expected: unknown, actual: unknown, path = '$'): Difference | null {
  if (expected === actual) return null;
  if (typeof expected !== 'object' || typeof actual !== 'object' || expected === null || actual === null || Array.isArray(expected) !== Array.isArray(actual)) {
    return { path, expected, actual };
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return expected.length === actual.length ? null : { path: `${path}.length`, expected: expected.length, actual: actual.length };
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);
  for (const k of Object.keys(e)) {
    if (!(k in a)) return { path: key(k), expected: e[k], actual: undefined };
    const d = firstDifference(e[k], a[k], key(k));
    if (d) return d;
  }
  for (const k of Object.keys(a)) if (!(k in e)) return { path: key(k), expected: undefined, actual: a[k] };
  return null;
}

/**
 * Replays the session's log with this engine and compares the result with the exported final state,
 * as JSON. The engine version must match: another version's rules may legitimately differ.
 */
export function verifySession(session: SessionExport): Verification {
  if (session.engineVersion !== ENGINE_VERSION) {
    return { ok: false, kind: 'engine-version', message: `the session was exported by engine v${session.engineVersion}; this is engine v${ENGINE_VERSION}` };
  }
  let state: GameState;
  try {
    state = replay(logOf(session));
  } catch (error) {
    if (error instanceof ReplayError) return { ok: false, kind: 'replay-rejected', message: error.message, seq: error.seq };
    throw error;
  }
  const difference = firstDifference(asJson(session.finalState), asJson(state), 'finalState');
  if (difference) return { ok: false, kind: 'state-differs', message: `the replayed state differs at ${difference.path}`, difference };
  return { ok: true, actions: session.entries.length, state };
}
