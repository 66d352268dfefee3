import { Client, type Room } from '@colyseus/sdk';
import { parseScenario, resolveOptions, visibleEvents, type GameEvent, type LegalAction } from '@aspf/shared';
import { PROTOCOL_VERSION, parseJoinError, type ClientMessage, type ClientPayload, type EventsEvent, type NewSeat, type Reply, type Welcome } from '@aspf/shared/protocol';
import type { ChatMessage } from '@aspf/shared';
import { api } from './api.ts';
import { decodeTable, store } from '../store/store.ts';
import { announce, announceEvents } from '../ui/announcer.ts';
import { t } from '../i18n/index.ts';

/**
 * The connection to one session: join (or rejoin with the seat token kept in sessionStorage, so a
 * reload or a server restart returns to the same seat), mirror the room into the store, and send
 * actions as requests whose rejections come back to the control that sent them.
 */
const tokenKey = (code: string) => `aspf.seat.${code}`;
let room: Room | null = null;
let current: { code: string; seat: NewSeat | null } | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;

/** A refused join, with the room's code when it gave one (translated on the page by its code). */
export class JoinError extends Error {
  readonly code: string | null;
  constructor(code: string | null, message: string, cause: unknown) {
    super(message, { cause });
    this.code = code;
  }
}

export function serverUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

export async function connect(code: string, seat: NewSeat | null): Promise<void> {
  current = { code, seat };
  store.set({ connection: 'connecting', ...(seat ? { asked: { role: seat.role, member: seat.role === 'member' ? seat.member ?? null : null } } : {}) });
  const parsed = parseScenario(await api.scenario(code));
  if (!parsed.ok) throw new Error('the server sent an invalid scenario');
  store.set({ scenario: parsed.value, rules: resolveOptions(parsed.value).rules });
  const client = new Client(serverUrl());
  const token = sessionStorage.getItem(tokenKey(code));
  try {
    room = token
      ? await client.joinById(code, { protocol: PROTOCOL_VERSION, token }).catch((error: unknown) => {
        if (!seat) throw error;
        sessionStorage.removeItem(tokenKey(code));
        return client.joinById(code, seat);
      })
      : await client.joinById(code, seat ?? undefined);
  } catch (error) {
    store.set({ connection: 'failed' });
    const parsed = parseJoinError((error as Error).message);
    throw new JoinError(parsed.code ?? /^([a-z]+\/[a-z_]+):/.exec((error as Error).message)?.[1] ?? null, parsed.message, error);
  }
  wire(room, code);
}

function wire(r: Room, code: string): void {
  // Behind a proxy every server process has an address of its own (docs/DEPLOY.md, `/nN/`): the
  // SDK's own reconnection would retry a dead process's address. Any lost socket instead rejoins
  // by seat token through the front door at once (onLeave below), which reaches the session's
  // owner wherever it now runs.
  r.reconnection.enabled = false;
  store.set({ connection: 'online' });
  r.onStateChange((state: { toJSON(): unknown }) => {
    store.set({ table: decodeTable(state.toJSON() as Record<string, unknown>) });
  });
  r.onMessage('welcome', (w: Welcome & { teamCode?: string; teamCodes?: Record<string, string> }) => {
    sessionStorage.setItem(tokenKey(code), w.token);
    // A welcome on a live connection with another member means the facilitator moved this seat.
    const before = store.state.seat;
    const moved = before !== null && before.player === w.seat.player && w.seat.member !== null && before.member !== w.seat.member;
    if (moved) announce(t('conn.moved', { member: w.seat.member! }));
    store.set({
      seat: w.seat, chat: w.chat, reports: w.reports, movedFrom: moved ? before.member ?? '' : store.state.movedFrom,
      teamCode: typeof w.teamCode === 'string' && w.teamCode ? w.teamCode : null,
      teamCodes: w.teamCodes && typeof w.teamCodes === 'object' ? w.teamCodes : {},
    });
  });
  r.onMessage('chat', (message: ChatMessage) => store.set({ chat: [...store.state.chat, message] }));
  r.onMessage('legal', (legal: LegalAction[]) => store.set({ legal }));
  r.onMessage('clock', (serverNow: number) => store.set({ clockOffset: serverNow - Date.now() }));
  r.onMessage('events', (e: EventsEvent) => {
    const seat = store.state.seat;
    const viewer = seat?.role === 'member' && seat.member ? { kind: 'member' as const, member: seat.member } : seat?.role === 'facilitator' ? { kind: 'facilitator' as const } : { kind: 'observer' as const };
    const events: GameEvent[] = visibleEvents(e.events, viewer);
    const reports = events.flatMap((ev) => (ev.type === 'roundResolved' ? [ev.report] : []));
    if (reports.length) store.set({ reports: [...store.state.reports, ...reports] });
    announceEvents(events);
  });
  r.onDrop(() => store.set({ connection: 'offline' }));
  r.onReconnect(() => store.set({ connection: 'online' }));
  r.onLeave((closeCode: number) => {
    room = null;
    if (closeCode === 4000) return store.set({ connection: 'idle' });
    if (closeCode === 4403) {
      sessionStorage.removeItem(tokenKey(code));
      return store.set({ connection: 'failed' });
    }
    // The socket dropped, the server restarted or the session moved (4012): come back with the seat token.
    store.set({ connection: 'offline' });
    scheduleRejoin(100);
  });
}

/** Rejoins by token, retrying every ≤ 2 s (the session may be reopening elsewhere) for up to 2 minutes. */
function scheduleRejoin(delay: number, since = Date.now()): void {
  if (retry || !current) return;
  retry = setTimeout(async () => {
    retry = null;
    if (!current) return;
    try {
      await connect(current.code, null);
    } catch {
      if (Date.now() - since > 120_000) return store.set({ connection: 'failed' });
      scheduleRejoin(Math.min(delay * 2, 2000), since);
    }
  }, delay);
}

/**
 * Requests of issue #11 (teams need consent) that the shared protocol may not list yet: the client
 * sends them all the same, and a server without them answers with a rejection shown beside the control.
 */
type TeamMessages = { requestSeat: { member: string; teamCode?: string }; admit: { player: string; accept: boolean }; removeObservers: Record<string, never> };
type Payload<T extends ClientMessage | keyof TeamMessages> = T extends ClientMessage ? ClientPayload<T> : T extends keyof TeamMessages ? TeamMessages[T] : never;

/**
 * Sends an action; a rejection is stored against `control` (with its code, which the page translates)
 * so the UI shows it beside it. `confirm`: what to say beside the control when it is accepted.
 */
export async function send<T extends ClientMessage | keyof TeamMessages>(type: T, payload: Payload<T>, control: string, confirm?: string): Promise<boolean> {
  if (!room) {
    store.set({ rejection: { control, code: 'client/offline', message: 'offline' }, confirmed: null });
    return false;
  }
  try {
    const reply = (await room.request(type, payload)) as Reply;
    store.set({ rejection: reply.ok ? null : { control, code: reply.code, message: reply.message }, confirmed: reply.ok && confirm ? { control, message: confirm } : null });
    return reply.ok;
  } catch (error) {
    store.set({ rejection: { control, code: 'request/invalid', message: (error as Error).message }, confirmed: null });
    return false;
  }
}

/** A refusal decided on the page before sending (an amount that is not a number). */
export function refuse(control: string, code: string): void {
  store.set({ rejection: { control, code, message: code }, confirmed: null });
}

export async function leave(): Promise<void> {
  current = null;
  await room?.leave(true);
}
