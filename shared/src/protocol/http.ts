import { z } from 'zod';
import { RuleSchema, TimersSchema } from '../scenario/schema.ts';
import type { Phase } from '../engine/types.ts';
import { TIMER_PRESET_IDS } from '../briefs/presets.ts';

/**
 * The HTTP API beside the room (docs/PROTOCOL.md "HTTP API"): request bodies as strict zod schemas,
 * responses as types. Every error answers `HttpError` with a stable code.
 */

const presetId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'expected a rule preset id such as "aspf-qmv"');

/** Options a facilitator may set when creating a session. */
export const SessionOptionsSchema = z.strictObject({
  /** A timer preset that fits a class or a workshop (docs/FACILITATOR.md "Run sheets"); `timers` and `rounds` win over it. */
  preset: z.enum(TIMER_PRESET_IDS, { error: `expected a timer preset: ${TIMER_PRESET_IDS.join(', ')}` }).optional(),
  /** Phase timers in seconds, per phase; absent phases keep the scenario's. */
  timers: TimersSchema.partial().optional(),
  /** Rule overrides per channel: a preset id (built-in or the scenario's) or a whole rule. */
  rules: z.strictObject({
    fund: z.union([presetId, RuleSchema]).optional(),
    common: z.union([presetId, RuleSchema]).optional(),
  }).optional(),
  sealedPledges: z.boolean().optional(),
  rounds: z.number().int().min(1).max(20).optional(),
  /** How long a dropped connection keeps its place before it counts as gone (default: the server's). */
  seatHoldSeconds: z.number().int().min(5).max(3600).optional(),
  /** The language bots chat in (shared/src/bots/lines.ts); the facilitator's page sends its own. Default "en". */
  locale: z.enum(['en', 'fr']).optional(),
});
export type SessionOptions = z.infer<typeof SessionOptionsSchema>;

/**
 * `POST /api/sessions`: a built-in scenario by id, or an uploaded scenario file's JSON (validated
 * with the scenario schema; every problem is reported with its path).
 */
export const CreateSessionSchema = z.strictObject({
  scenario: z.union([
    z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'expected a built-in scenario id such as "quick-demo"'),
    z.record(z.string(), z.unknown()),
  ]),
  /** The session's seed (deals objectives, shuffles the deck, paces bots). Random when absent. */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  options: SessionOptionsSchema.optional(),
});
export type CreateSession = z.infer<typeof CreateSessionSchema>;

export interface CreatedSession {
  code: string;
  /** Shown once: the facilitator joins with it. Only its hash is stored. */
  facilitatorKey: string;
  /** Where players join (PUBLIC_URL + "/join/" + code). */
  joinUrl: string;
  scenarioId: string;
  seed: number;
  /** Every address of the server students on the local network can use (http://192.168.1.20:2567). */
  addresses?: string[];
}

export interface ScenarioSummary {
  id: string;
  title: { en: string; fr: string };
  description: { en: string; fr: string };
  members: number;
  rounds: number;
}

export interface SeatSummary {
  member: string;
  controller: 'open' | 'human' | 'bot';
  /** Display names of the humans who hold this seat (a team may have several). */
  players: string[];
  /** How many of them are connected now. */
  online: number;
}

/** `GET /api/sessions/:code`: what anyone holding the code may know before joining. */
export interface SessionInfo {
  code: string;
  scenario: { id: string; title: { en: string; fr: string } };
  phase: Phase;
  round: number;
  rounds: number;
  seats: SeatSummary[];
  free: number;
  taken: number;
  ended: boolean;
}

export interface Health {
  ok: true;
  protocol: number;
  sessions: number;
  uptimeSeconds: number;
}

/** Every HTTP error: a stable code, a human message, and the path of the offending field if any. */
export interface HttpError {
  code: HttpErrorCode;
  message: string;
  path?: string;
  /** For an invalid uploaded scenario: every problem found. */
  issues?: { path: string; message: string }[];
}

export const HTTP_ERROR_CODES = [
  'http/not_found',
  'http/method_not_allowed',
  'http/bad_json',
  'http/too_large',
  'http/unsupported_media_type',
  'http/invalid',
  'scenario/unknown',
  'scenario/invalid',
  'session/unknown',
  'debrief/forbidden',
  'briefs/forbidden',
  'http/rate_limited',
  'server/error',
] as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];
