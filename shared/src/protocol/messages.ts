import { z } from 'zod';
import { ActionSchemas, FACILITATOR_ACTIONS, MEMBER_ACTIONS } from '../engine/actions.ts';
import type { GameEvent } from '../engine/events.ts';
import type { RejectionCode } from '../engine/result.ts';
import type { LegalAction } from '../engine/legal.ts';
import type { ChatMessage, MemberId, RoundReport } from '../engine/types.ts';
import { MAX_CHAT } from '../engine/actions.ts';
import { NameSchema, PlayerNameSchema, messageSchema } from '../engine/text.ts';

/**
 * The wire protocol between the game room and its clients (docs/PROTOCOL.md): one strict zod
 * schema per client message, the shape of every server event, and the version a client must speak.
 * docs/PROTOCOL.md describes each message in prose; this file is the contract.
 */

/** Bumped on any incompatible change of a message, an event or the room's state schema. */
export const PROTOCOL_VERSION = 1;

/** The Colyseus room type every session runs in. Its room id is the session's join code. */
export const ROOM_NAME = 'game';

/**
 * Join codes: 7 characters from 23 that cannot be mistaken for one another on a projector or when
 * read aloud (no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V): 23^7 ≈ 3.4 billion codes, 31.7 bits.
 */
export const JOIN_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
export const JOIN_CODE_LENGTH = 7;
export const JoinCodeSchema = z.string().regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`), 'expected a join code such as "K7QH4XD"');

/** Seat tokens and facilitator keys: 128 random bits as 22 base64url characters. */
export const SecretSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'expected a 22-character key');

const memberId = z.string().regex(/^[A-Z]{3}$/, 'expected a member id such as "DEU"');
/** Display names follow the text policy of shared/src/engine/text.ts (docs/SECURITY.md "Text policy"). */
export const DisplayNameSchema = NameSchema;

/**
 * Team codes: 5 characters from the join-code alphabet, one per delegation, derived from the
 * session's secret (server/src/room/seating.ts). Shown only to that delegation's players and the
 * facilitator; a player who joins a delegation that already has players needs it, or the
 * facilitator's approval.
 */
export const TEAM_CODE_LENGTH = 5;
export const TeamCodeSchema = z.string().trim().toUpperCase().regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${TEAM_CODE_LENGTH}}$`), 'expected a 5-character team code such as "4KQ7P"');

// ---------------------------------------------------------------------------------------------
// Joining: `client.joinById(code, options)`; the options are validated in the room's onAuth.
// ---------------------------------------------------------------------------------------------

const protocol = z.number().int().min(0).max(1000);

/** A new seat. Facilitators prove themselves with the key returned when the session was created. */
export const NewSeatSchema = z.discriminatedUnion('role', [
  z.strictObject({ protocol, role: z.literal('facilitator'), name: DisplayNameSchema, key: SecretSchema }),
  /**
   * `member` absent: the room assigns an open seat nobody holds, or makes the joiner an observer when
   * there is none. A member state that already has players needs its `teamCode`; without one the
   * joiner becomes an observer with a pending request the facilitator accepts or refuses.
   */
  z.strictObject({ protocol, role: z.literal('member'), name: PlayerNameSchema, member: memberId.optional(), teamCode: TeamCodeSchema.optional() }),
  z.strictObject({ protocol, role: z.literal('observer'), name: PlayerNameSchema.optional() }),
]);
export type NewSeat = z.infer<typeof NewSeatSchema>;

/** Back to a seat held before (page reload, another tab, server restart): the seat token alone. */
export const RejoinSchema = z.strictObject({ protocol, token: SecretSchema });
export type Rejoin = z.infer<typeof RejoinSchema>;

export type JoinOptions = NewSeat | Rejoin;
export const JoinOptionsSchema = z.union([RejoinSchema, NewSeatSchema]);

/** Why a join was refused: the room answers with a Colyseus ServerError(code, "<name>: <message>"). */
export const JOIN_ERRORS = {
  'join/invalid': 4400,
  'join/bad_key': 4401,
  'join/unknown_token': 4404,
  'join/unknown_member': 4422,
  'join/seat_is_bot': 4409,
  'join/protocol_mismatch': 4426,
  /** The team code does not open that delegation. Counts as a refused join (guessing). */
  'join/bad_team_code': 4406,
  /** Only `joinById` (with a join code) and `reconnect` exist: rooms are never listed or matched. */
  'join/by_code_only': 403,
  /** The session has as many people as it can hold (or this address has joined it too often); seat tokens and the facilitator still get in. */
  'join/session_full': 4503,
  /** Too many refused joins from this address (code guessing): wait and retry (docs/SECURITY.md). */
  'join/rate_limited': 429,
} as const;

export type JoinErrorCode = keyof typeof JOIN_ERRORS;

/** Splits the message of a refused join ("join/bad_key: …") back into its code and text. */
export function parseJoinError(message: string): { code: JoinErrorCode | null; message: string } {
  const match = /^(join\/[a-z_]+): (.*)$/s.exec(message);
  if (match && match[1]! in JOIN_ERRORS) return { code: match[1] as JoinErrorCode, message: match[2]! };
  return { code: null, message };
}

/** WebSocket close codes the room uses (4000–4010 are Colyseus' own). */
export const CLOSE_CODES = {
  /** The client left on purpose. */
  consented: 4000,
  /** The server is shutting down: rejoin with the seat token once it is back. */
  serverShutdown: 4001,
  /** A protocol violation: undecodable frame, unknown fire-and-forget message, too many messages a second. */
  withError: 4002,
  /** The SDK's automatic reconnection failed (the seat hold expired or the server restarted): rejoin with the seat token. */
  failedToReconnect: 4003,
  /** The session now runs on another process (this one lost ownership of its log): rejoin with the seat token. */
  moved: 4012,
  /** The facilitator removed this seat: its token no longer works. */
  kicked: 4403,
} as const;

// ---------------------------------------------------------------------------------------------
// Client → server: `room.request(type, payload)`. Every request is answered with a Reply.
// ---------------------------------------------------------------------------------------------

/**
 * An engine action's payload on the wire: the engine's schema without `type` (the message name).
 * Chat and announcements also pass the text policy here, at the door (shared/src/engine/text.ts):
 * the engine itself accepts any text, so logs written before the policy still replay.
 */
const omitType = { type: true } as const;

export const ActionPayloadSchemas = {
  pledge: ActionSchemas.pledge.omit(omitType),
  propose: ActionSchemas.propose.omit(omitType),
  amend: ActionSchemas.amend.omit(omitType),
  withdraw: ActionSchemas.withdraw.omit(omitType),
  cosponsor: ActionSchemas.cosponsor.omit(omitType),
  vote: ActionSchemas.vote.omit(omitType),
  chat: ActionSchemas.chat.omit(omitType).extend({ text: messageSchema(MAX_CHAT) }),
  start: ActionSchemas.start.omit(omitType),
  advance: ActionSchemas.advance.omit(omitType),
  pause: ActionSchemas.pause.omit(omitType),
  resume: ActionSchemas.resume.omit(omitType),
  extend: ActionSchemas.extend.omit(omitType),
  setTimers: ActionSchemas.setTimers.omit(omitType),
  inject: ActionSchemas.inject.omit(omitType),
  assignSeat: ActionSchemas.assignSeat.omit(omitType),
  freeSeat: ActionSchemas.freeSeat.omit(omitType),
  override: ActionSchemas.override.omit(omitType),
  announce: ActionSchemas.announce.omit(omitType).extend({ text: messageSchema(MAX_CHAT) }),
  end: ActionSchemas.end.omit(omitType),
} as const;
export type ActionMessage = keyof typeof ActionPayloadSchemas;
export const ACTION_MESSAGES = Object.keys(ActionPayloadSchemas) as ActionMessage[];

const PlayerIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,24}$/, 'expected a player id from the state\'s players map');

/** Messages that are the room's own (not engine actions). */
export const RoomPayloadSchemas = {
  /** Facilitator: remove a player (by the id of the `players` map); its seat token stops working. */
  kick: z.strictObject({ player: PlayerIdSchema }),
  /**
   * Facilitator: seat a player (a delegate or an observer) at another member state. The player keeps
   * its token and connection; it gets a new `welcome` (the new seat, the chat it may now read) and
   * its private view changes with it. A bot or open seat at the destination becomes a human's.
   */
  move: z.strictObject({ player: PlayerIdSchema, member: memberId }),
  /**
   * Observer (also one waiting for approval): a seat at a member state. An open seat is taken at once;
   * a delegation with players needs its team code, or, without one, the facilitator's approval
   * (`admit`). A wrong team code is refused (`seat/bad_team_code`).
   */
  requestSeat: z.strictObject({ member: memberId, teamCode: TeamCodeSchema.optional() }),
  /** Facilitator: accept or refuse a player's pending request for a seat. */
  admit: z.strictObject({ player: PlayerIdSchema, accept: z.boolean() }),
  /** Facilitator: remove every observer at once (their tokens stop working). */
  removeObservers: z.strictObject({}),
} as const;
export type RoomMessage = keyof typeof RoomPayloadSchemas;

/** Every request a client may send, by name. */
export const ClientMessageSchemas = { ...ActionPayloadSchemas, ...RoomPayloadSchemas } as const;
export type ClientMessage = keyof typeof ClientMessageSchemas;
export type ClientPayload<T extends ClientMessage> = z.input<(typeof ClientMessageSchemas)[T]>;

export const MEMBER_MESSAGES: readonly ClientMessage[] = MEMBER_ACTIONS;
export const FACILITATOR_MESSAGES: readonly ClientMessage[] = [...FACILITATOR_ACTIONS, 'kick', 'move', 'admit', 'removeObservers'];
export const OBSERVER_MESSAGES: readonly ClientMessage[] = ['requestSeat'];

/** Rejection codes that come from the room rather than from the engine. */
export const ROOM_REJECTION_CODES = [
  /** A `kick` or `move` payload that fails its schema (engine actions answer `action/invalid`). */
  'request/invalid',
  /** The connection holds no seat (its seat was removed while the request was in flight). */
  'seat/none',
  /** The facilitator tried to hand a seat to a bot, or free it, while its humans are connected. */
  'seat/occupied',
  /** More than CHAT_BURST chat messages or announcements within CHAT_WINDOW_MS. */
  'chat/rate_limited',
  'kick/unknown_player',
  /** `move`: no such player, no such member, the facilitator's own seat, or the seat it already has. */
  'move/unknown_player',
  'move/unknown_member',
  'move/not_movable',
  'move/same_seat',
  /** `requestSeat` from a seat that is not an observer's. */
  'seat/not_observer',
  /** `requestSeat` with a team code that does not open that delegation. */
  'seat/bad_team_code',
  /** `requestSeat` for a member state held by a bot. */
  'seat/is_bot',
  'admit/unknown_player',
  /** `admit` for a player with no pending request. */
  'admit/no_request',
  /** A request frame that could not be decoded (not msgpack, nested too deep, trailing bytes…). */
  'request/undecodable',
  /** Too many wrong team codes from this address (they count with refused joins). */
  'request/rate_limited',
  /** This seat has used its budget of recorded actions for this phase (ACTION_BUDGET). */
  'action/budget',
  /** The store could not record the action: nothing changed, the client may retry. */
  'server/error',
] as const;
export type RoomRejectionCode = (typeof ROOM_REJECTION_CODES)[number];

/** The answer to every request, to its sender only. */
export type Reply =
  | { ok: true; seq: number }
  | { ok: false; code: RejectionCode | RoomRejectionCode; message: string; field?: string };

export const ReplySchema = z.union([
  z.strictObject({ ok: z.literal(true), seq: z.number().int().min(0) }),
  z.strictObject({ ok: z.literal(false), code: z.string(), message: z.string(), field: z.string().optional() }),
]);

// ---------------------------------------------------------------------------------------------
// Server → client: `room.onMessage(type, …)`. Public state travels in the room's schema; these
// events carry what is personal (welcome, private chat) or too big for the state (reports).
// ---------------------------------------------------------------------------------------------

export type SeatRole = 'facilitator' | 'member' | 'observer';

export interface SeatInfo {
  /** The key of this seat in the state's `players` map. */
  player: string;
  role: SeatRole;
  member: MemberId | null;
  name: string;
  /** An observer's pending request for a seat at this member state (waiting for the facilitator), or null. */
  request: MemberId | null;
}

/** `welcome`: sent once to each connection right after it joins (and after every rejoin). */
export interface Welcome {
  protocol: number;
  code: string;
  scenarioId: string;
  seat: SeatInfo;
  /** Keep it (sessionStorage or localStorage) and rejoin with `{ protocol, token }`. Never shown to others. */
  token: string;
  /** The chat this seat may read, oldest first (the facilitator reads every channel). */
  chat: ChatMessage[];
  /** Every round report so far. */
  reports: RoundReport[];
  /** The state's `seq`: the number of accepted actions that changed the public table. */
  seq: number;
  /** A member's: its delegation's team code, to give to team mates. */
  teamCode?: string;
  /** The facilitator's: every delegation's team code. */
  teamCodes?: Record<MemberId, string>;
}

/** `chat`: one new message, to exactly its recipients and the facilitator. */
export type ChatEvent = ChatMessage;

/**
 * `events`: what an accepted action caused, filtered for the recipient (the engine's
 * `visibleEvents`). Frequent events that the state already shows (votes, pledges, phase changes)
 * are left out to keep the bytes per action small.
 */
export interface EventsEvent {
  seq: number;
  events: GameEvent[];
}

/** Event types that travel in `events` messages. */
export const BROADCAST_EVENT_TYPES = [
  'gameStarted', 'eventPlayed', 'pledgesSettled', 'proposalPassed', 'proposalRejected', 'projectFunded',
  'projectUnfunded', 'projectDelivered', 'crisis', 'arrears', 'roundResolved', 'gameEnded', 'injected',
  'overridden', 'seatChanged', 'timersChanged',
] as const satisfies readonly GameEvent['type'][];

/**
 * `legal`: what this seat may do now, from the engine's `legalActions` (R8.3: one source of
 * legality). Sent on joining and whenever it changes for this seat.
 */
export type LegalEvent = LegalAction[];

/** `clock`: the server's `Date.now()` when sent (on joining), so clients can correct countdowns. */
export type ClockEvent = number;

export interface ServerEvents {
  welcome: Welcome;
  chat: ChatEvent;
  events: EventsEvent;
  legal: LegalEvent;
  clock: ClockEvent;
}
export type ServerEventName = keyof ServerEvents;

const chatMessage = z.strictObject({
  id: z.number().int(),
  round: z.number().int(),
  phase: z.string(),
  at: z.number(),
  from: z.union([memberId, z.literal('facilitator')]),
  to: z.array(memberId),
  text: z.string(),
});

/** Validators for server events, for clients that check what they receive. */
export const ServerEventSchemas = {
  welcome: z.strictObject({
    protocol: z.number().int(),
    code: JoinCodeSchema,
    scenarioId: z.string(),
    seat: z.strictObject({
      player: z.string(),
      role: z.enum(['facilitator', 'member', 'observer']),
      member: memberId.nullable(),
      name: z.string(),
      request: memberId.nullable(),
    }),
    token: SecretSchema,
    chat: z.array(chatMessage),
    reports: z.array(z.custom<RoundReport>((v) => typeof v === 'object' && v !== null && 'round' in v)),
    seq: z.number().int(),
    teamCode: TeamCodeSchema.optional(),
    teamCodes: z.record(memberId, TeamCodeSchema).optional(),
  }),
  chat: chatMessage,
  events: z.strictObject({
    seq: z.number().int(),
    events: z.array(z.custom<GameEvent>((v) => typeof v === 'object' && v !== null && 'type' in v)),
  }),
  legal: z.array(z.custom<LegalAction>((v) => typeof v === 'object' && v !== null && 'type' in v)),
  clock: z.number().finite(),
} as const;

/** Chat limits beyond the engine's length cap (MAX_CHAT): at most CHAT_BURST messages per CHAT_WINDOW_MS per seat. */
export const CHAT_BURST = 5;
export const CHAT_WINDOW_MS = 10_000;
