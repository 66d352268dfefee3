import {
  CloseCode, Room, ServerError, matchMaker, type AuthContext, type Client, type Deferred, type Delayed, type RoomException,
  type RoomMethodName,
} from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import {
  apply, check, firstIssue, isRunning, repeats, replay, view, type Action, type Actor, type GameEvent, type GameState, type LogEntry, type MemberId,
} from '@aspf/shared';
import {
  CHAT_BURST, CHAT_WINDOW_MS, CLOSE_CODES, ClientMessageSchemas, FACILITATOR_MESSAGES, JOIN_ERRORS, JoinCodeSchema,
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
import { Broadcast } from './broadcast.ts';
import type { PlayerProjection } from './projection.ts';
import type { TableState } from './schema.ts';
import { badFrameLog, checkRequestFrame, undecodableReply } from './frames.ts';
import { actorOf, admit, presence, seatSummary, seatedByLog, teamCodeOf, viewerOf } from './seating.ts';
import { holdWrites } from './writes.ts';

/**
 * The game room: a thin adapter between the wire and the engine (docs/PROTOCOL.md §4,
 * docs/ARCHITECTURE.md). Each request is validated (the connection's role, then its protocol
 * schema) → identified (the actor comes from the connection's seat) → committed (`apply`, then the
 * entry is appended to the session log, durable before the answer) → broadcast (broadcast.ts: the
 * projection, the patch, the events and legal actions each connection may see) → the sender gets
 * `{ ok, seq }` or its rejection. Seat changes are engine actions too (R1.7). Timer expiries and
 * bots take the same path. Requests run one at a time, in order.
 */

const SYSTEM: Actor = { kind: 'system' };
/** A joining human's seat claim is the session's own (R1.6, R1.7): logged as the system's. */
const SEATING: Actor = { kind: 'system' };
/** The facilitator's removal of a player (R1.7 `unseat`); `kick` is the facilitator's request alone. */
const FACILITATOR: Actor = { kind: 'facilitator' };
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
  private outbox!: Broadcast;
  /** Who is here, recomputed only after seats or connections changed (`refreshPresence`). */
  private presenceNow: Record<string, PlayerProjection> | null = null;

  override async onCreate(options: { code?: unknown; restore?: unknown }): Promise<void> {
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
    for (const stored of await store.seats(session.code)) {
      const seat = seatedByLog(this.game, stored);
      if (seat && seat.role !== 'observer') this.seats.set(seat.player, seat);
    }
    this.outbox = new Broadcast({
      code: this.code,
      game: () => this.game,
      publicSeq: () => this.publicSeq,
      seat: (player) => this.seats.get(player),
      listeners: () => this.connections.entries(),
      players: () => this.players(),
      clients: () => this.clients,
      patch: (audience) => (audience ? this.patchTo(audience) : this.broadcastPatch()),
    });
    this.state = this.outbox.state;
    this.bots = new BotDriver({
      game: () => this.game,
      later: (ms, task) => this.clock.setTimeout(task, ms),
      turn: (member, decideNow) => void this.serial(async () => {
        const action = decideNow();
        if (!action) return;
        const reply = await this.commit({ kind: 'member', member }, action);
        if (!reply.ok) this.services.log.error(`session ${this.code}: bot ${member} was refused ${action.type} (${reply.code})`);
      }).catch((error) => this.services.log.error(`session ${this.code}: bot ${member} failed`, error)),
    }, config.botPacing, session.options.locale ?? 'en');

    for (const name of Object.keys(ClientMessageSchemas) as ClientMessage[]) {
      this.onMessage(name, (client: Client, payload: unknown) => this.serial(() => this.handle(client, name, payload)));
    }
    this.services.registry.set(this.code, this);
    if (this.game.phase === 'ended') this.autoDispose = true;
    this.afterChange([]);
    // A reopening (scale/recovery.ts) is logged here, by the process that replayed the log and now writes it.
    const how = options.restore === true ? `restored from the log (${entries.length} entries` : `opened (${entries.length} log entries`;
    this.services.log.info(`session ${this.code}: ${how}, ${session.scenario.id}, ${this.game.phase})`, { session: this.code, entries: entries.length, phase: this.game.phase });
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
      const stored = await this.services.store.seatByToken(hashSecret(parsed.data.token));
      const seat = stored && stored.code === this.code ? seatedByLog(this.game, stored) : null;
      if (!seat) throw joinError('join/unknown_token', 'This seat is not known here (or was removed by the facilitator): join again.');
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
    this.outbox.fillView(client, seat);
    this.refreshPresence();
    this.welcome(client, auth.token);
    await this.serial(() => this.claimSeat(seat));
  }

  /**
   * A human joining a member state sits there in the log (R1.7), and takes the seat if the engine
   * shows it open or handed to a bot while they were away.
   */
  private async claimSeat(seat: SeatRecord): Promise<void> {
    if (seat.role !== 'member' || this.game.phase === 'ended') return;
    const member = seat.member!;
    if (this.game.seating[seat.player] === member && this.game.members[member]!.seat.controller === 'human') return;
    await this.commit(SEATING, { type: 'seat', player: seat.player, member });
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
    this.outbox.forgetLegal(client.sessionId);
    this.outbox.sendLegal();
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
    this.outbox.forgetLegal(client.sessionId);
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

  /** Removes a player: in the log first if it sat at a member state (R1.7), then its token. */
  private async kick(player: string): Promise<Reply> {
    const target = this.seats.get(player);
    if (!target) return refusal('kick/unknown_player', `There is no player "${player}".`, 'player');
    if (target.role === 'facilitator') return refusal('move/not_movable', 'The facilitator cannot remove their own seat.', 'player');
    if (target.role === 'member') {
      const logged = await this.commit(FACILITATOR, { type: 'unseat', player });
      if (!logged.ok) return logged;
    }
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

  /**
   * Seats `target` at `member`: one log entry (R1.7; durable first, and what a restarted room
   * believes), then the seat record and the connections' private view follow.
   */
  private async seatPlayer(target: SeatRecord, member: MemberId, by: Actor): Promise<Reply> {
    const taken = await this.commit(by, { type: 'seat', player: target.player, member });
    if (!taken.ok) return taken;
    await this.services.store.moveSeat(this.code, target.player, member);
    const moved: SeatRecord = { ...target, role: 'member', member };
    this.seats.set(target.player, moved);
    this.requests.delete(target.player);
    this.outbox.reseat(target.player, target.member, moved);
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
    this.game = next;
    if (movesPublicTable(result.value.events)) this.publicSeq += 1;
    // From here the action is accepted and durable: whatever fails below is logged, not undone.
    try {
      if (next.phase === 'ended') {
        this.autoDispose = true;
        this.outbox.revealAll();
        await this.services.store.endSession(this.code, now);
      }
      this.afterChange(result.value.events);
    } catch (error) {
      this.services.log.error(`session ${this.code}: after action ${entry.seq}`, error);
    }
    return { ok: true, seq: this.publicSeq };
  }

  /** After a change: tell everyone what they may see (broadcast.ts), rearm the clock, wake the bots. */
  private afterChange(events: GameEvent[]): void {
    this.outbox.changed(events);
    this.scheduleTimer();
    this.bots.wake();
  }

  /**
   * Colyseus' patch to some clients only: it sends to `this.clients`, so that list is swapped for
   * the audience for the duration of the call.
   */
  private patchTo(audience: Client[]): void {
    const room = this as unknown as { clients: Client[] };
    const everyone = room.clients;
    room.clients = audience;
    try {
      this.broadcastPatch();
    } finally {
      room.clients = everyone;
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

  private refreshPresence(): void {
    this.presenceNow = null;
    this.outbox.seatsChanged();
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
