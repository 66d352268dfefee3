import { matchMaker } from '@colyseus/core';
import {
  BUILTIN_SCENARIO_IDS, CURRENT_RULES_VERSION, builtinScenario, createGame, firstIssue, parseScenario, presetSetup, replay, resolveOptions, resolveRule, type GameOptions, type GameSetup, type GameState,
  type Scenario,
} from '@aspf/shared';
import {
  CreateSessionSchema, JoinCodeSchema, ROOM_NAME, type CreatedSession, type HttpError, type ScenarioSummary,
  type SessionInfo,
} from '@aspf/shared/protocol';
import { ensureRoom, roomExists, sweep, withClaim } from './scale/recovery.ts';
import { hashSecret, newJoinCode, newSecret, newSeed } from './security/credentials.ts';
import type { GameRoom } from './room/game-room.ts';
import type { RoomServices } from './services.ts';
import { DuplicateCodeError } from './store/session-store.ts';

/** Creating, describing and restoring sessions: what the HTTP API and the boot sequence call. */

export interface HttpFailure {
  status: number;
  error: HttpError;
}
export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: HttpFailure };

const fail = (status: number, error: HttpError): Outcome<never> => ({ ok: false, failure: { status, error } });

export function scenarioSummaries(): ScenarioSummary[] {
  return BUILTIN_SCENARIO_IDS.map((id) => {
    const s = builtinScenario(id)!;
    return { id: s.id, title: s.title, description: s.description, members: s.members.length, rounds: s.rounds };
  });
}

export async function createSession(services: RoomServices, body: unknown): Promise<Outcome<CreatedSession>> {
  const parsed = CreateSessionSchema.safeParse(body);
  if (!parsed.success) {
    const { message, field: path } = firstIssue(parsed.error.issues);
    return fail(400, { code: 'http/invalid', message, ...(path ? { path } : {}) });
  }
  const request = parsed.data;

  let scenario: Scenario;
  if (typeof request.scenario === 'string') {
    const found = builtinScenario(request.scenario);
    if (!found) return fail(404, { code: 'scenario/unknown', message: `There is no built-in scenario "${request.scenario}" (try ${BUILTIN_SCENARIO_IDS.join(', ')}).`, path: 'scenario' });
    scenario = found;
  } else {
    const checked = parseScenario(request.scenario);
    if (!checked.ok) {
      const issues = checked.error.map((i) => ({ path: i.path === '(root)' ? 'scenario' : `scenario.${i.path}`, message: i.message }));
      return fail(400, { code: 'scenario/invalid', message: `The scenario file has ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}; the first: ${issues[0]!.path}: ${issues[0]!.message}`, path: issues[0]!.path, issues });
    }
    scenario = checked.value;
  }

  const options = request.options ?? {};
  for (const channel of ['fund', 'common'] as const) {
    const rule = options.rules?.[channel];
    if (rule === undefined) continue;
    try {
      resolveRule(scenario, rule);
    } catch (error) {
      return fail(400, { code: 'http/invalid', message: `options.rules.${channel}: ${(error as Error).message}`, path: `options.rules.${channel}` });
    }
  }
  // docs/FACILITATOR.md "Run sheets": a preset sets rounds and timers; explicit ones win over it.
  const preset = options.preset ? presetSetup(options.preset, scenario.rounds) : null;
  const setup: GameSetup = {
    ...(preset ? { rounds: preset.rounds, timers: preset.timers } : {}),
    ...(options.timers ? { timers: { ...preset?.timers, ...options.timers } } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.sealedPledges !== undefined ? { sealedPledges: options.sealedPledges } : {}),
    ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
    rulesVersion: CURRENT_RULES_VERSION, // docs/RULES.md R9.1: new sessions play the current rules
  };
  const seed = request.seed ?? newSeed();
  createGame(scenario, seed, setup); // throws on nothing we have not checked; a guard for the log's first replay

  const key = newSecret();
  const base = {
    scenario, seed, setup,
    options: { seatHoldSeconds: options.seatHoldSeconds ?? services.config.seatHoldSeconds, ...(options.locale ? { locale: options.locale } : {}) },
    facilitatorKeyHash: hashSecret(key), createdAt: Date.now(), endedAt: null,
  };
  let code = '';
  // The claim on the fresh code keeps a recovery sweep (of any process) from opening the session
  // between its record and its room; the room opens on the least-loaded process.
  for (let attempt = 0; !code; attempt++) {
    const candidate = newJoinCode();
    await withClaim(services, candidate, async () => {
      try {
        await services.store.createSession({ code: candidate, ...base });
      } catch (error) {
        if (!(error instanceof DuplicateCodeError) || attempt >= 8) throw error;
        return;
      }
      code = candidate;
      await matchMaker.createRoom(ROOM_NAME, { code });
    });
    if (attempt >= 8 && !code) throw new Error('no free join code');
  }
  return { ok: true, value: { code, facilitatorKey: key, joinUrl: `${services.publicUrl()}/join/${code}`, scenarioId: scenario.id, seed } };
}

/** The game of a session: live from its room, or replayed from the store when no room runs it. */
async function gameOf(services: RoomServices, code: string): Promise<{ game: GameState; live: boolean } | null> {
  const room = services.registry.get(code);
  if (room) return { game: room.game, live: true };
  const session = await services.store.getSession(code);
  if (!session) return null;
  const entries = await services.store.entries(code);
  return { game: replay({ scenario: session.scenario, seed: session.seed, setup: session.setup, entries }), live: false };
}

export async function sessionInfo(services: RoomServices, code: string): Promise<Outcome<SessionInfo>> {
  if (!JoinCodeSchema.safeParse(code).success) return fail(404, { code: 'session/unknown', message: `There is no session "${code}".`, path: 'code' });
  const found = await gameOf(services, code);
  if (!found) return fail(404, { code: 'session/unknown', message: `There is no session "${code}".`, path: 'code' });
  const { game } = found;
  const room = services.registry.get(code);
  const seats = room ? room.seatSummary() : (await remoteSeats(services, code, game)) ??
    game.memberOrder.map((id) => ({ member: id, controller: game.members[id]!.seat.controller, players: [], online: 0 }));
  const free = seats.filter((s) => s.controller === 'open' && s.players.length === 0).length;
  return {
    ok: true,
    value: {
      code,
      scenario: { id: game.scenario.id, title: game.scenario.title },
      phase: game.phase,
      round: game.round,
      rounds: game.options.rounds,
      seats,
      free,
      taken: seats.length - free,
      ended: game.phase === 'ended',
    },
  };
}

/**
 * Seats and presence of a session whose room runs on another process (asked over Colyseus IPC);
 * opens the room here or elsewhere if no process runs an unfinished session (a dead process's).
 */
async function remoteSeats(services: RoomServices, code: string, game: GameState): Promise<ReturnType<GameRoom['seatSummary']> | null> {
  if (game.phase === 'ended') return null;
  try {
    if (await roomExists(services, code)) return await matchMaker.remoteRoomCall(code, 'seatSummary');
    await ensureRoom(services, code);
  } catch (error) {
    services.log.error(`session ${code}: seats of the remote room could not be read`, error, { session: code });
  }
  return null;
}

/**
 * The scenario as the session plays it: its voting rules are the session's own (`options.rules` at
 * creation, resolved), so a page's live tally counts as the engine will.
 */
export async function sessionScenario(services: RoomServices, code: string): Promise<Outcome<Scenario>> {
  const room = services.registry.get(code);
  // The session's rules, timers and rounds (a preset or the facilitator may have changed them), not the file's.
  const played = (scenario: Scenario, o: GameOptions): Scenario => ({ ...scenario, rules: o.rules, timers: o.timers, rounds: o.rounds });
  if (room) return { ok: true, value: played(room.game.scenario, room.game.options) };
  const session = JoinCodeSchema.safeParse(code).success ? await services.store.getSession(code) : null;
  if (!session) return fail(404, { code: 'session/unknown', message: `There is no session "${code}".`, path: 'code' });
  return { ok: true, value: played(session.scenario, resolveOptions(session.scenario, session.setup)) };
}

/**
 * On boot (and, with several processes, every RECOVERY_INTERVAL_MS): every unfinished session that
 * no process runs comes back under its code, rebuilt from its log (server/src/scale/recovery.ts).
 */
export async function restoreSessions(services: RoomServices): Promise<{ restored: string[]; failed: string[] }> {
  return sweep(services);
}
