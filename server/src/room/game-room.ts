import {
  CloseCode, Protocol, Room, ServerError, getMessageBytes, matchMaker, type AuthContext, type Client, type Deferred, type Delayed,
  type RoomException, type RoomMethodName,
} from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import {
  apply, check, firstIssue, isRunning, legalActions, repeats, replay, view, visibleEvents, type Action, type Actor, type GameEvent, type GameState,
  type LogEntry, type MemberId,
} from '@aspf/shared';
import {
  BROADCAST_EVENT_TYPES, CHAT_BURST, CHAT_WINDOW_MS, CLOSE_CODES, ClientMessageSchemas, FACILITATOR_MESSAGES, JOIN_ERRORS, JoinCodeSchema,
  MEMBER_MESSAGES, NewSeatSchema, OBSERVER_MESSAGES, PROTOCOL_VERSION, RejoinSchema, RoomPayloadSchemas, movesPublicTable,
  type ClientMessage, type ClientPayload, type JoinErrorCode, type Reply, type SeatInfo, type Welcome,
} from '@aspf/shared/protocol';
import { BotDriver } from '../bots/driver.ts';
import { CLIENT_ADDRESS_HEADER } from '../http/security.ts';
import { hashSecret, matchesHash, newPlayerId, newSecret } from '../security/credentials.ts';
import { RateLimiter } from '../security/rate-limit.ts';
import { FencedError, type SeatRecord, type SessionRecord } from '../store/session-store.ts';
import { closeFencedRoom } from '../scale/fencing.ts';
import type { RoomServices } from '../services.ts';
import { project, type PlayerProjection } from './projection.ts';
import type { TableState } from './schema.ts';
import { badFrameLog, checkRequestFrame, undecodableReply } from './frames.ts';
import { actorOf, admit, presence, seatSummary, teamCodeOf, viewerOf } from './seating.ts';
import { createTable, syncTable } from './sync.ts';
import { holdWrites } from './writes.ts';

/**
 * The game room: a thin adapter between the wire and the engine (docs/PROTOCOL.md §4). Each request
 * is authorised by the connection's role → validated with its protocol schema → the actor comes
 * from the connection's seat → `apply` → the accepted action is appended to the session log
 * (durable before the answer) → the state is projected into the schema and patched out at once →
 * the sender gets `{ ok, seq }` or its rejection. Timer expiries and bots take the same path.
 * Requests run one at a time, in order.
 */

const SYSTEM: Actor = { kind: 'system' };
/** Seat claims by joining humans are the room's own bookkeeping (R1.6), logged as the system's. */
const SEATING: Actor = { kind: 'system' };
const BROADCAST = new Set<string>(BROADCAST_EVENT_TYPES);
/** Who may send which request (docs/SECURITY.md authorization matrix), checked before the payload. */
const ALLOWED: Record<SeatRecord['role'], ReadonlySet<ClientMessage>> = {
  facilitator: new Set(FACILITATOR_MESSAGES),
  member: new Set(MEMBER_MESSAGES),
  observer: new Set(OBSERVER_MESSAGES),
};
/** New seats stop at this share of SESSION_CAPACITY: the rest is kept for seat tokens and the facilitator. */
const NEW_SEAT_SHARE = 0.9;

interface Auth {
  seat: SeatRecord;
  token: string;
  rejoin: boolean;
  /** The address the door saw (server/src/http/security.ts). */
  address: string;
  /** A pending request for a seat at this member state (an observer waiting for the facilitator). */
  request: MemberId | null;
}

interface Connection {
  client: Client;
  player: string;
  /** The seat token this connection presented or was given (sent again in the welcome after a reconnect). */
  token: string;
  held: boolean;
  address: string;
}

/**
 * Test hook for tests/security/crash.test.ts: ASPF_TEST_CRASH_AFTER_LOG="advance@voting" kills the
 * process with SIGKILL right after such an action is durable and before anyone is told, e.g. in
 * the middle of a round's resolution. Never set it in production.
 */
const CRASH_AFTER_LOG = process.env.ASPF_TEST_CRASH_AFTER_LOG ?? '';
const crashPoint = (spec: string, type: string, phase: string) => {
  const [wantType, wantPhase] = spec.split('@');
  return wantType === type && (wantPhase === undefined || wantPhase === phase);
};

const joinError = (code: JoinErrorCode, message: string) => new ServerError(JOIN_ERRORS[code], `${code}: ${message}`);
const refusal = (code: Extract<Reply, { ok: false }>['code'], message: string, field?: string): Reply =>
  field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };

export class GameRoom extends Room<{ state: TableState }> {
  /** Set by the app factory's subclass (server/src/app.ts). */
  services!: RoomServices;
  code = '';
  session!: SessionRecord;
  game!: GameState;
  /** Accepted actions that changed the public table: the state's `seq` (shared/src/protocol/secrecy.ts). */
  private publicSeq = 0;
  private seats = new Map<string, SeatRecord>();
  private connections = new Map<string, Connection>();
  private holds = new Map<string, Deferred<Client>>();
  /** Observers waiting for the facilitator to seat them: player → member state. */
  private requests = new Map<string, MemberId>();
  private queue: Promise<unknown> = Promise.resolve();
  private phaseTimer: Delayed | undefined;
  private bots!: BotDriver;
  private chatTimes = new Map<string, number[]>();
  /** Recorded actions per player in the current phase (ACTION_BUDGET). */
  private budget = new Map<string, { phase: string; used: number }>();
  /** New seats per address in this session (JOIN_SEAT_LIMIT). */
  private newSeats!: RateLimiter;
  /** The `legal` list each connection last received (JSON), so it is sent only when it changes. */
  private lastLegal = new Map<string, string>();
  /** Who is here, recomputed only after seats or connections changed (`refreshPresence`). */
  private presenceNow: Record<string, PlayerProjection> | null = null;

  override async onCreate(options: { code?: unknown }): Promise<void> {
    const { store, config } = this.services;
    // Rooms are only ever created inside the server (sessions.ts, scale/recovery.ts), for a code
    // with a session and no room yet; a second room for a live code would be a second writer.
    const code = JoinCodeSchema.safeParse(options?.code);
    if (!code.success) throw new Error('a game room needs the join code of a session');
    if (this.services.registry.has(code.data) || await matchMaker.driver.has(code.data)) throw new Error(`session ${code.data} already has a room`);
    this.code = code.data;
    this.roomId = code.data;
    this.autoDispose = false;
    this.maxClients = config.sessionCapacity;
    this.maxMessagesPerSecond = config.maxMessagesPerSecond;
    await this.setPrivate(true); // never matched by `join`/`joinOrCreate`, never listed
    this.newSeats = new RateLimiter(config.seatLimit);
    this.screenFrames();
    const session = await store.getSession(this.code);
    if (!session) throw new Error(`no session ${this.code} in the store`);
    this.session = session;
    await store.acquire(session.code); // from here, an earlier owner's appends are fenced (scale/fencing.ts)
    const entries = await store.entries(session.code);
    this.game = replay({ scenario: session.scenario, seed: session.seed, setup: session.setup, entries }, (_state, _entry, events) => {
      if (movesPublicTable(events)) this.publicSeq += 1;
    });
    // Observers are in the state only while connected; delegates stay (shown offline).
    for (const seat of await store.seats(session.code)) if (!seat.revoked && seat.role !== 'observer') this.seats.set(seat.player, seat);
    this.state = createTable(this.projection());
    this.bots = new BotDriver({
      game: () => this.game,
      later: (ms, task) => this.clock.setTimeout(task, ms),
      turn: (member, decideNow) => void this.serial(async () => {
        const action = decideNow();
        if (!action) return;
        const reply = await this.commit({ kind: 'member', member }, action);
        if (!reply.ok) this.services.log.error(`session ${this.code}: bot ${member} was refused ${action.type} (${reply.code})`);
      }).catch((error) => this.services.log.error(`session ${this.code}: bot ${member} failed`, error)),
    }, config.botPacing);

    for (const name of Object.keys(ClientMessageSchemas) as ClientMessage[]) {
      this.onMessage(name, (client: Client, payload: unknown) => this.serial(() => this.handle(client, name, payload)));
    }
    this.services.registry.set(this.code, this);
    if (this.game.phase === 'ended') this.autoDispose = true;
    this.afterChange([]);
    this.services.log.info(`session ${this.code}: opened from ${entries.length} log entries (${session.scenario.id}, ${this.game.phase})`, { session: this.code });
  }

  /**
   * Frames first pass `checkRequestFrame`: a request the room cannot decode gets a typed reply
   * (and is counted against the message rate like any frame) instead of Colyseus' own error.
   * Colyseus binds its (private) `_onMessage` to each connection when it joins; this puts the
   * check in front of it for this room.
   */
  private screenFrames(): void {
    const self = this as unknown as { _onMessage: (client: Client, buffer: Buffer) => void };
    const colyseus = self._onMessage.bind(this);
    self._onMessage = (client, buffer) => this.screenFrame(client, buffer, colyseus);
  }

  private screenFrame(client: Client, buffer: Buffer, colyseus: (client: Client, buffer: Buffer) => void): void {
    const problem = buffer && buffer.byteLength > 0 ? checkRequestFrame(buffer) : { ok: true as const };
    if (problem.ok) return colyseus(client, buffer);
    const budget = badFrameLog.take(Date.now());
    if (budget.dropped) this.services.log.info(`${budget.dropped} more undecodable frame(s) in the last minute`);
    if (budget.write) this.services.log.info(`session ${this.code}: undecodable request from ${client.sessionId} (${problem.problem})`, { session: this.code });
    if (problem.requestId === null) {
      client.leave(CloseCode.WITH_ERROR, 'undecodable frame');
      return;
    }
    if (this.overRate(client)) {
      client.leave(CloseCode.WITH_ERROR, 'too many messages');
      return;
    }
    client.enqueueRaw(undecodableReply(problem.requestId, problem.problem));
  }

  /** Colyseus' per-connection message rate (MAX_MESSAGES_PER_SECOND), for frames that do not reach it. */
  private overRate(client: Client): boolean {
    const c = client as Client & { _numMessagesLastSecond?: number; _messageCountResetsAt?: number };
    const now = this.clock.currentTime;
    if (now >= (c._messageCountResetsAt ?? 0)) {
      c._numMessagesLastSecond = 0;
      c._messageCountResetsAt = now + 1000;
      return false;
    }
    c._numMessagesLastSecond = (c._numMessagesLastSecond ?? 0) + 1;
    return c._numMessagesLastSecond > this.maxMessagesPerSecond;
  }

  // --- joining -------------------------------------------------------------------------------

  /**
   * Who may sit down (docs/PROTOCOL.md §3). Colyseus runs this when the WebSocket arrives with its
   * reservation. A refused join counts as a miss against the address (a wrong key, token or team
   * code is a guess), and an address past JOIN_FAILURE_LIMIT is refused before its guess is looked at.
   */
  override async onAuth(_client: Client, options: unknown, context: AuthContext): Promise<Auth> {
    const address = context?.headers?.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
    const { misses } = this.services;
    const wait = misses.blocked(address);
    if (wait > 0) throw joinError('join/rate_limited', `Too many refused joins from your address; try again in ${Math.ceil(wait / 1000)} s.`);
    try {
      return await this.authorize(options, address);
    } catch (error) {
      const guess = error instanceof ServerError && error.code !== JOIN_ERRORS['join/session_full'] && error.code !== JOIN_ERRORS['join/rate_limited'];
      if (guess) misses.hit(address);
      throw error;
    }
  }

  private async authorize(options: unknown, address: string): Promise<Auth> {
    const raw = (options ?? {}) as Record<string, unknown>;
    if (typeof raw.protocol === 'number' && raw.protocol !== PROTOCOL_VERSION) {
      throw joinError('join/protocol_mismatch', `This server speaks protocol ${PROTOCOL_VERSION}; reload the page to update the client.`);
    }
    if ('token' in raw) {
      const parsed = RejoinSchema.safeParse(raw);
      if (!parsed.success) throw joinError('join/invalid', issueText(parsed.error.issues));
      const seat = await this.services.store.seatByToken(hashSecret(parsed.data.token));
      if (!seat || seat.code !== this.code || seat.revoked) throw joinError('join/unknown_token', 'This seat is not known here (or was removed by the facilitator): join again.');
      return { seat, token: parsed.data.token, rejoin: true, address, request: null };
    }
    const parsed = NewSeatSchema.safeParse(raw);
    if (!parsed.success) throw joinError('join/invalid', issueText(parsed.error.issues));
    const o = parsed.data;
    if (o.protocol !== PROTOCOL_VERSION) throw joinError('join/protocol_mismatch', `This server speaks protocol ${PROTOCOL_VERSION}.`);
    if (o.role === 'facilitator' && !matchesHash(o.key, this.session.facilitatorKeyHash)) {
      throw joinError('join/bad_key', 'That facilitator key does not open this session.');
    }
    let role = o.role;
    let member: MemberId | null = null;
    let request: MemberId | null = null;
    if (o.role === 'member') {
      const admission = admit(this.game, this.session, this.seats.values(), o.member, o.teamCode);
      if (admission.kind === 'refused') throw joinError(admission.code, admission.message);
      if (admission.kind === 'seat') member = admission.member;
      else {
        role = 'observer';
        request = admission.request;
      }
    }
    if (o.role !== 'facilitator') this.admitNewSeat(address, role === 'observer');
    const token = newSecret();
    const seat: SeatRecord = {
      tokenHash: hashSecret(token), code: this.code, player: newPlayerId(), role, member,
      name: o.name ?? 'Observer', createdAt: Date.now(), revoked: false,
    };
    await this.services.store.addSeat(seat);
    return { seat, token, rejoin: false, address, request };
  }

  /**
   * The limits on new seats (docs/SECURITY.md "Crowding out"): JOIN_SEAT_LIMIT per address in this
   * session, MAX_OBSERVERS observers, and 90 % of SESSION_CAPACITY for all new seats, so that seat
   * tokens and the facilitator always get back in whoever else crowds the room.
   */
  private admitNewSeat(address: string, observer: boolean): void {
    const { config } = this.services;
    // Colyseus counts a seat from its reservation (this joiner's included) against maxClients too.
    const reserved = Object.keys((this as unknown as { _reservedSeats: Record<string, unknown> })._reservedSeats).length;
    if (this.clients.length + reserved > Math.floor(config.sessionCapacity * NEW_SEAT_SHARE)) {
      throw joinError('join/session_full', 'This session is full; players who were already in can still come back with their seat.');
    }
    if (observer) {
      let watching = 0;
      for (const c of this.connections.values()) if (this.seats.get(c.player)?.role === 'observer') watching += 1;
      if (watching >= config.maxObservers) throw joinError('join/session_full', `This session already has ${config.maxObservers} observers.`);
    }
    const wait = this.newSeats.blocked(address);
    if (wait > 0) throw joinError('join/rate_limited', `Too many people joined this session from your address; try again in ${Math.ceil(wait / 1000)} s.`);
    this.newSeats.hit(address);
  }

  override async onJoin(client: Client, _options: unknown, auth: Auth): Promise<void> {
    const { seat } = auth;
    this.seats.set(seat.player, seat);
    if (auth.request) this.requests.set(seat.player, auth.request);
    client.userData = { player: seat.player };
    if (auth.rejoin) this.releaseHolds(seat.player);
    this.connections.set(client.sessionId, { client, player: seat.player, token: auth.token, held: false, address: auth.address });
    client.view = new StateView();
    this.fillView(client, seat);
    this.refreshPresence();
    this.welcome(client, auth.token);
    await this.serial(() => this.claimSeat(seat));
  }

  /**
   * What a connection's StateView holds: its own member (objective, sealed pledge); for the
   * facilitator every member and the control data; for everyone, every member once the game has
   * ended and the objectives are revealed (as `view()` reveals them).
   */
  private fillView(client: Client, seat: SeatRecord): void {
    const v = client.view!;
    if (seat.role === 'facilitator') v.add(this.state.control!);
    for (const [id, m] of this.state.members) {
      if (seat.role === 'facilitator' || seat.member === id || this.game.phase === 'ended') v.add(m);
    }
  }

  /** A human at a seat the engine shows as open (or handed to a bot while they were away) takes it. */
  private async claimSeat(seat: SeatRecord): Promise<void> {
    if (seat.role !== 'member' || this.game.phase === 'ended') return;
    if (this.game.members[seat.member!]!.seat.controller === 'human') return;
    await this.commit(SEATING, { type: 'assignSeat', member: seat.member!, controller: 'human' });
  }

  private welcome(client: Client, token: string): void {
    const seat = this.seatOf(client);
    if (!seat) return;
    const info: SeatInfo = { player: seat.player, role: seat.role, member: seat.member, name: seat.name, request: this.requests.get(seat.player) ?? null };
    const welcome: Welcome = {
      protocol: PROTOCOL_VERSION, code: this.code, scenarioId: this.game.scenario.id, seat: info, token,
      chat: view(this.game, viewerOf(seat)).chat, reports: this.game.history, seq: this.publicSeq,
      ...(seat.role === 'member' ? { teamCode: teamCodeOf(this.session, seat.member!) } : {}),
      ...(seat.role === 'facilitator' ? { teamCodes: Object.fromEntries(this.game.memberOrder.map((id) => [id, teamCodeOf(this.session, id)])) } : {}),
    };
    holdWrites([client]);
    client.send('welcome', welcome);
    client.send('clock', Date.now());
    this.lastLegal.delete(client.sessionId);
    this.sendLegal();
  }

  /** Sends each seat its legal actions when they changed; `scope` narrows whom a change can affect. */
  private sendLegal(scope: LegalScope = 'all'): void {
    if (scope === 'none') return;
    const now = Date.now();
    const byActor = new Map<string, string>();
    for (const [sessionId, c] of this.connections) {
      const seat = this.seats.get(c.player);
      if (!seat || c.held) continue;
      if (scope !== 'all' && !(seat.role === 'member' && seat.member === scope.member)) continue;
      const key = seat.role === 'member' ? `member:${seat.member}` : seat.role;
      let json = byActor.get(key);
      if (json === undefined) {
        json = JSON.stringify(legalActions(this.game, actorOf(seat), now));
        byActor.set(key, json);
      }
      if (this.lastLegal.get(sessionId) === json) continue;
      this.lastLegal.set(sessionId, json);
      c.client.send('legal', JSON.parse(json));
    }
  }

  override onDrop(client: Client): void {
    const c = this.connections.get(client.sessionId);
    if (!c || !this.seats.has(c.player)) return; // a kicked seat is not held
    c.held = true;
    this.refreshPresence();
    const hold = this.allowReconnection(client, this.session.options.seatHoldSeconds);
    this.holds.set(client.sessionId, hold);
    hold.catch(() => undefined);
  }

  override onReconnect(client: Client): void {
    const c = this.connections.get(client.sessionId);
    this.holds.delete(client.sessionId);
    if (c) {
      c.held = false;
      c.client = client;
    }
    this.refreshPresence();
    // Messages sent while the socket was down are lost: the welcome carries the chat again.
    if (c) this.welcome(client, c.token);
  }

  override onLeave(client: Client): void {
    const c = this.connections.get(client.sessionId);
    this.connections.delete(client.sessionId);
    this.lastLegal.delete(client.sessionId);
    this.holds.delete(client.sessionId);
    // An observer who has gone leaves the state (its token still brings it back).
    if (c && this.seats.get(c.player)?.role === 'observer' && ![...this.connections.values()].some((o) => o.player === c.player)) {
      this.seats.delete(c.player);
      this.requests.delete(c.player);
      this.chatTimes.delete(c.player);
      this.budget.delete(c.player);
    }
    this.refreshPresence();
  }

  override onDispose(): void {
    this.phaseTimer?.clear();
    this.bots?.stop();
    if (this.services.registry.get(this.code) === this) this.services.registry.delete(this.code);
  }

  override onUncaughtException(error: RoomException, method: RoomMethodName): void {
    const cause = (error as { cause?: unknown }).cause;
    if (method === 'onAuth' && cause instanceof ServerError) return; // a refused join, answered to the client
    this.services.log.error(`session ${this.code}: ${method} failed`, cause ?? error);
  }

  /** Ends the holds of a player's dropped connections once the player is back on a new one. */
  private releaseHolds(player: string): void {
    for (const [sessionId, c] of this.connections) {
      if (c.player === player && c.held) this.holds.get(sessionId)?.reject(new Error('replaced by a new connection'));
    }
  }

  // --- requests ------------------------------------------------------------------------------

  private async handle(client: Client, name: ClientMessage, payload: unknown): Promise<Reply> {
    try {
      const seat = this.seatOf(client);
      if (!seat) return refusal('seat/none', 'This connection holds no seat.');
      // Authorization before the payload's shape: whoever may not send this learns only that.
      if (!ALLOWED[seat.role].has(name)) return notAllowed(seat.role, name);
      const parsed = ClientMessageSchemas[name].safeParse(payload ?? {});
      if (!parsed.success) {
        const { message, field } = firstIssue(parsed.error.issues);
        return refusal(name in RoomPayloadSchemas ? 'request/invalid' : 'action/invalid', message, field);
      }
      switch (name) {
        case 'kick': return await this.kick((parsed.data as ClientPayload<'kick'>).player);
        case 'move': return await this.move(seat, parsed.data as ClientPayload<'move'>);
        case 'requestSeat': return await this.requestSeat(client, seat, parsed.data as ClientPayload<'requestSeat'>);
        case 'admit': return await this.admitRequest(seat, parsed.data as ClientPayload<'admit'>);
        case 'removeObservers': return await this.removeObservers();
        default: break;
      }
      const action = { type: name, ...(parsed.data as object) } as Action;
      const actor = actorOf(seat);
      const refused = this.roomCheck(seat, action);
      if (refused) return refused;
      if (repeats(this.game, actor, action)) {
        const rejection = check(this.game, actor, action, Date.now());
        if (!rejection) return { ok: true, seq: this.publicSeq }; // the same vote or pledge again: nothing to record
      }
      const reply = await this.commit(actor, action);
      if (reply.ok) this.spend(seat, action);
      return reply;
    } catch (error) {
      this.services.log.error(`session ${this.code}: request ${name} failed`, error);
      return refusal('server/error', 'The server could not record this action; nothing changed. Try again.');
    }
  }

  /** The room's own limits, before the engine's rules. */
  private roomCheck(seat: SeatRecord, action: Action): Reply | null {
    if (action.type === 'chat' || action.type === 'announce') {
      const now = Date.now();
      const times = (this.chatTimes.get(seat.player) ?? []).filter((t) => now - t < CHAT_WINDOW_MS);
      this.chatTimes.set(seat.player, times);
      if (times.length >= CHAT_BURST) return refusal('chat/rate_limited', `At most ${CHAT_BURST} messages in ${CHAT_WINDOW_MS / 1000} seconds; wait a moment.`);
    } else if (seat.role === 'member') {
      const spent = this.budget.get(seat.player);
      if (spent && spent.phase === this.phaseKey() && spent.used >= this.services.config.actionBudget) {
        return refusal('action/budget', `You have made ${spent.used} moves this phase, the most one seat may; wait for the next phase.`);
      }
    }
    if (seat.role === 'facilitator' && (action.type === 'freeSeat' || (action.type === 'assignSeat' && action.controller === 'bot'))) {
      const here = [...this.connections.values()].some((c) => this.seats.get(c.player)?.member === action.member);
      if (here) return refusal('seat/occupied', `Players are connected at ${action.member}'s seat; remove them first.`, 'member');
    }
    return null;
  }

  private phaseKey(): string {
    return `${this.game.round}:${this.game.phase}`;
  }

  /** Counts a recorded action against the seat's chat rate or its budget for this phase. */
  private spend(seat: SeatRecord, action: Action): void {
    if (action.type === 'chat' || action.type === 'announce') {
      this.chatTimes.get(seat.player)!.push(Date.now());
      return;
    }
    if (seat.role !== 'member') return;
    const key = this.phaseKey();
    const spent = this.budget.get(seat.player);
    this.budget.set(seat.player, spent && spent.phase === key ? { phase: key, used: spent.used + 1 } : { phase: key, used: 1 });
  }

  private async kick(player: string): Promise<Reply> {
    const target = this.seats.get(player);
    if (!target) return refusal('kick/unknown_player', `There is no player "${player}".`, 'player');
    if (target.role === 'facilitator') return refusal('move/not_movable', 'The facilitator cannot remove their own seat.', 'player');
    await this.removeSeat(player);
    this.refreshPresence();
    return { ok: true, seq: this.publicSeq };
  }

  /** Revokes a seat's token and closes its connections (close 4403). */
  private async removeSeat(player: string): Promise<void> {
    await this.services.store.revokeSeat(this.code, player);
    this.seats.delete(player);
    this.requests.delete(player);
    for (const [sessionId, c] of this.connections) {
      if (c.player !== player) continue;
      this.holds.get(sessionId)?.reject(new Error('kicked'));
      if (!c.held) c.client.leave(CLOSE_CODES.kicked, 'The facilitator removed you from the session.');
    }
  }

  /** Every observer, connected or gone, loses its seat at once. */
  private async removeObservers(): Promise<Reply> {
    const gone = new Set<string>();
    for (const seat of await this.services.store.seats(this.code)) if (seat.role === 'observer' && !seat.revoked) gone.add(seat.player);
    for (const seat of this.seats.values()) if (seat.role === 'observer') gone.add(seat.player);
    for (const player of gone) await this.removeSeat(player);
    this.refreshPresence();
    return { ok: true, seq: this.publicSeq };
  }

  /**
   * Seats a player at another member state (or an observer at one) without a new join: the seat
   * record moves (durable first), the player's connections swap their private view from the old
   * member to the new one and get a fresh `welcome` (its chat is the new seat's) and `legal`. A bot
   * or open seat at the destination is first handed to a human, as a logged facilitator action.
   * The seat left behind stays as it is; the facilitator may free it or give it to a bot.
   */
  private async move(seat: SeatRecord, { player, member }: { player: string; member: string }): Promise<Reply> {
    const target = this.seats.get(player);
    if (!target) return refusal('move/unknown_player', `There is no player "${player}".`, 'player');
    if (target.role === 'facilitator') return refusal('move/not_movable', 'The facilitator does not sit at a member state.', 'player');
    if (this.game.phase === 'ended') return refusal('game/ended', 'The game is over.');
    if (!this.game.members[member]) return refusal('move/unknown_member', `There is no member "${member}" in this game.`, 'member');
    if (target.member === member) return refusal('move/same_seat', `${target.name} already sits at ${member}.`, 'member');
    return this.seatPlayer(target, member, actorOf(seat));
  }

  /**
   * An observer asks for a seat: an open one is taken at once; a delegation with players opens to
   * its team code, and without one the request waits for the facilitator (`admit`).
   */
  private async requestSeat(client: Client, seat: SeatRecord, { member, teamCode }: ClientPayload<'requestSeat'>): Promise<Reply> {
    if (this.game.phase === 'ended') return refusal('game/ended', 'The game is over.');
    const address = this.connections.get(client.sessionId)?.address ?? 'unknown';
    const wait = this.services.misses.blocked(address);
    if (wait > 0) return refusal('request/rate_limited', `Too many wrong codes from your address; try again in ${Math.ceil(wait / 1000)} s.`);
    const admission = admit(this.game, this.session, [...this.seats.values()].filter((s) => s.player !== seat.player), member, teamCode);
    if (admission.kind === 'refused') {
      if (admission.code === 'join/bad_team_code') {
        this.services.misses.hit(address);
        return refusal('seat/bad_team_code', admission.message, 'teamCode');
      }
      return refusal(admission.code === 'join/seat_is_bot' ? 'seat/is_bot' : 'move/unknown_member', admission.message, 'member');
    }
    if (admission.kind === 'seat') return this.seatPlayer(seat, admission.member, SEATING);
    this.requests.set(seat.player, member);
    this.refreshPresence();
    this.welcomeAll(seat.player);
    return { ok: true, seq: this.publicSeq };
  }

  /** The facilitator accepts (the player is seated at its request) or refuses a pending request. */
  private async admitRequest(seat: SeatRecord, { player, accept }: ClientPayload<'admit'>): Promise<Reply> {
    const target = this.seats.get(player);
    if (!target) return refusal('admit/unknown_player', `There is no player "${player}".`, 'player');
    const member = this.requests.get(player);
    if (!member) return refusal('admit/no_request', `${target.name} is not waiting for a seat.`, 'player');
    if (!accept) {
      this.requests.delete(player);
      this.refreshPresence();
      this.welcomeAll(player);
      return { ok: true, seq: this.publicSeq };
    }
    if (this.game.phase === 'ended') return refusal('game/ended', 'The game is over.');
    return this.seatPlayer(target, member, actorOf(seat));
  }

  /** Seats `target` at `member` (durable first) and swaps its connections' private view. */
  private async seatPlayer(target: SeatRecord, member: MemberId, by: Actor): Promise<Reply> {
    if (this.game.members[member]!.seat.controller !== 'human') {
      const taken = await this.commit(by, { type: 'assignSeat', member, controller: 'human' });
      if (!taken.ok) return taken;
    }
    await this.services.store.moveSeat(this.code, target.player, member);
    const moved: SeatRecord = { ...target, role: 'member', member };
    this.seats.set(target.player, moved);
    this.requests.delete(target.player);
    const left = target.member === null ? undefined : this.state.members.get(target.member);
    for (const c of this.connections.values()) {
      if (c.player !== target.player || !c.client.view) continue;
      if (left) c.client.view.remove(left);
      this.fillView(c.client, moved);
    }
    this.refreshPresence();
    this.welcomeAll(target.player);
    return { ok: true, seq: this.publicSeq };
  }

  /** A fresh welcome (and `legal`) to each live connection of a player whose seat changed. */
  private welcomeAll(player: string): void {
    for (const c of this.connections.values()) if (c.player === player && !c.held) this.welcome(c.client, c.token);
  }

  /**
   * The one path that changes the game: apply → append to the log → project → tell. The state
   * moves on only once the entry is durable; if the store fails, nothing changed.
   */
  private async commit(actor: Actor, action: Action, now = Date.now()): Promise<Reply> {
    const result = apply(this.game, actor, action, now);
    if (!result.ok) {
      const { code, message, field } = result.error;
      return refusal(code, message, field);
    }
    const next = result.value.state;
    const entry: LogEntry = { seq: next.seq, actor, action, at: now };
    await this.services.store.append(this.code, entry).catch((error: unknown) => {
      if (error instanceof FencedError) closeFencedRoom(this, this.services, this.code); // another process owns the session now
      throw error;
    });
    if (CRASH_AFTER_LOG && crashPoint(CRASH_AFTER_LOG, action.type, this.game.phase)) process.kill(process.pid, 'SIGKILL');
    this.game = next;
    if (movesPublicTable(result.value.events)) this.publicSeq += 1;
    // From here the action is accepted and durable: whatever fails below is logged, not undone.
    try {
      if (next.phase === 'ended') {
        this.autoDispose = true;
        for (const c of this.connections.values()) {
          const seat = this.seats.get(c.player);
          if (seat && c.client.view) this.fillView(c.client, seat);
        }
        await this.services.store.endSession(this.code, now);
      }
      this.afterChange(result.value.events);
    } catch (error) {
      this.services.log.error(`session ${this.code}: after action ${entry.seq}`, error);
    }
    return { ok: true, seq: this.publicSeq };
  }

  /** After a change: mirror, patch now (not on the next 50 ms tick), send events, rearm clocks. */
  private afterChange(events: GameEvent[]): void {
    holdWrites(this.clients);
    if (syncTable(this.state, this.projection())) this.patch(events);
    this.tell(events);
    this.sendLegal(legalScope(events));
    this.scheduleTimer();
    this.bots.wake();
  }

  /**
   * Sends the patch. After an act that changed nothing public (a sealed pledge, an inject), only the
   * people who can see what changed get a frame: Colyseus would send everyone else an empty patch,
   * and its timing would tell them that something secret just happened.
   */
  private patch(events: readonly GameEvent[]): void {
    if (movesPublicTable(events)) return void this.broadcastPatch();
    const told = new Set(events.flatMap((e) => e.visibleTo ?? []));
    const audience = [...this.connections.values()].filter((c) => {
      const seat = this.seats.get(c.player);
      return !c.held && seat !== undefined && (seat.role === 'facilitator' || (seat.member !== null && told.has(seat.member)));
    }).map((c) => c.client);
    const room = this as unknown as { clients: Client[] };
    const everyone = room.clients;
    room.clients = audience;
    try {
      this.broadcastPatch();
    } finally {
      room.clients = everyone;
    }
  }

  /**
   * Sends each connection the events it may see. Connections that see the same events (every one
   * of them, for a public chat line) share one encoded frame.
   */
  private tell(events: GameEvent[]): void {
    if (events.length === 0) return;
    const seq = this.publicSeq;
    const framesBySight = new Map<string, Buffer[]>();
    for (const c of this.connections.values()) {
      if (c.held) continue;
      const seat = this.seats.get(c.player);
      if (!seat) continue;
      const visible = visibleEvents(events, viewerOf(seat));
      const sight = visible.map((e) => events.indexOf(e)).join();
      let frames = framesBySight.get(sight);
      if (!frames) {
        frames = visible.flatMap((e) => (e.type === 'messageSent' ? [getMessageBytes.raw(Protocol.ROOM_DATA, 'chat', e.message)] : []));
        const rest = visible.filter((e) => BROADCAST.has(e.type));
        if (rest.length) frames.push(getMessageBytes.raw(Protocol.ROOM_DATA, 'events', { seq, events: rest }));
        framesBySight.set(sight, frames);
      }
      for (const frame of frames) c.client.enqueueRaw(frame);
    }
  }

  // --- the phase timer ------------------------------------------------------------------------

  private scheduleTimer(): void {
    this.phaseTimer?.clear();
    this.phaseTimer = undefined;
    const { endsAt, paused } = this.game.clock;
    if (paused || endsAt === null || !isRunning(this.game.phase)) return;
    this.phaseTimer = this.clock.setTimeout(() => {
      void this.serial(async () => {
        if (this.game.clock.endsAt !== endsAt || this.game.clock.paused) return;
        // The timeout's time is its deadline, even if the tick that noticed it came a little late.
        const reply = await this.commit(SYSTEM, { type: 'phaseTimeout' }, Math.max(Date.now(), endsAt));
        if (!reply.ok) this.services.log.error(`session ${this.code}: phase timeout refused (${reply.code})`);
      }).catch((error) => this.services.log.error(`session ${this.code}: phase timeout failed`, error));
    }, Math.max(0, endsAt - Date.now()));
  }

  // --- helpers -------------------------------------------------------------------------------

  private serial<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private seatOf(client: Client): SeatRecord | undefined {
    const player = (client.userData as { player?: string } | undefined)?.player;
    return player === undefined ? undefined : this.seats.get(player);
  }

  private players(): Record<string, PlayerProjection> {
    this.presenceNow ??= presence(this.seats.values(), this.connections.values(), this.requests);
    return this.presenceNow;
  }

  private projection() {
    return project(this.game, this.code, this.players(), this.publicSeq);
  }

  private refreshPresence(): void {
    this.presenceNow = null;
    holdWrites(this.clients);
    if (syncTable(this.state, this.projection())) this.broadcastPatch();
  }

  /** Seats and presence for the HTTP API. */
  seatSummary() {
    return seatSummary(this.game, this.players());
  }
}

/** The refusal for a request this role may not send: only that it is not allowed. */
function notAllowed(role: SeatRecord['role'], name: ClientMessage): Reply {
  if (FACILITATOR_MESSAGES.includes(name)) return refusal('actor/not_facilitator', 'Only the facilitator can do this.');
  if (MEMBER_MESSAGES.includes(name)) return refusal('actor/not_member', 'Only a seated delegation can do this.');
  return refusal('seat/not_observer', role === 'member' ? 'You already sit at a delegation; the facilitator can move you.' : 'Only an observer can ask for a seat.');
}

function issueText(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.length ? firstIssue(issues).message : 'invalid join options';
}

/**
 * Which seats an action's events can change the legal actions of: nobody for votes and chat (what a
 * member may do never depends on votes or messages), only the pledger for a pledge made while
 * pledging, everyone otherwise (phase changes, proposals, seats, settlement, overrides…).
 */
type LegalScope = 'all' | 'none' | { member: string };
export function legalScope(events: readonly GameEvent[]): LegalScope {
  if (events.every((e) => e.type === 'voted' || e.type === 'messageSent')) return 'none';
  if (events.length === 1 && events[0]!.type === 'pledged') return { member: events[0]!.member };
  return 'all';
}
