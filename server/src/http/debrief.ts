import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  afterActionReport, buildDebrief, createGame, csvTables, CSV_TABLES, exportSession, renderBriefs, renderReport, renderSlides, replay, secretSlip, serialiseSession,
  type CsvTableName, type GameLog, type MemberId,
} from '@aspf/shared';
import type { HttpError } from '@aspf/shared/protocol';
import { randomBytes } from 'node:crypto';
import { hashSecret, matchesHash } from '../security/credentials.ts';
import type { RoomServices } from '../services.ts';

/**
 * The debrief downloads (issue "Debrief"): the after-action report, the JSON export and the CSV
 * tables of a session, built from its log by replay, at any time during or after the game. They
 * carry display names, so only the facilitator gets them: with the facilitator key, or with the
 * facilitator's own seat token (what the facilitator's browser keeps), in the `x-facilitator-key`
 * or `x-seat-token` header — or with a download ticket (`?ticket=`), which the facilitator gets from
 * `POST /api/sessions/:code/ticket` so that an iframe or a plain link can load the files (they cannot
 * send headers). Tickets are random (128 bits), last 10 minutes, open one session, and live in this
 * process's memory. `?anonymise=1` replaces names by member states; `?messages=1` includes chat
 * texts; `?locale=fr` writes the report and CSV headings in French.
 */
const TICKET_MS = 10 * 60_000;
const tickets = new Map<string, { code: string; expires: number }>();

function issueTicket(code: string): { ticket: string; expiresAt: number } {
  const now = Date.now();
  for (const [t, v] of tickets) if (v.expires < now) tickets.delete(t);
  const ticket = randomBytes(16).toString('base64url');
  tickets.set(ticket, { code, expires: now + TICKET_MS });
  return { ticket, expiresAt: now + TICKET_MS };
}
type Handler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void>;
export interface DebriefRoute { method: 'GET' | 'POST'; pattern: RegExp; run: Handler }

function fail(res: ServerResponse, status: number, e: HttpError): void {
  const text = JSON.stringify(e);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function deliver(res: ServerResponse, type: string, body: string, filename: string, inline = false): void {
  res.writeHead(200, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${filename}"`,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function authorised(services: RoomServices, req: IncomingMessage, code: string): Promise<'ok' | 'unknown' | 'denied'> {
  const session = await services.store.getSession(code);
  if (!session) return 'unknown';
  const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket');
  if (ticket) {
    const held = tickets.get(ticket);
    if (held && held.code === code && held.expires > Date.now()) return 'ok';
  }
  const key = req.headers['x-facilitator-key'];
  if (typeof key === 'string' && matchesHash(key, session.facilitatorKeyHash)) return 'ok';
  const token = req.headers['x-seat-token'];
  if (typeof token === 'string' && token.length <= 64) {
    const seat = await services.store.seatByToken(hashSecret(token));
    if (seat && seat.code === code && seat.role === 'facilitator' && !seat.revoked) return 'ok';
  }
  return 'denied';
}

async function sessionLog(services: RoomServices, code: string): Promise<{ log: GameLog; names: Record<MemberId, string[]> }> {
  const session = (await services.store.getSession(code))!;
  const entries = await services.store.entries(code);
  const names: Record<MemberId, string[]> = {};
  for (const seat of await services.store.seats(code)) {
    if (seat.role !== 'member' || !seat.member || seat.revoked) continue;
    (names[seat.member] ??= []).push(seat.name);
  }
  return { log: { scenario: session.scenario, seed: session.seed, setup: session.setup, entries }, names };
}

/**
 * Who may open the country briefs (docs/SECURITY.md "Briefs"): the facilitator (key or seat token)
 * gets every brief with every secret slip; a member's seat token gets its own delegation's brief and
 * slip only; anyone else nothing. A brief's secret slip never reaches another delegation.
 */
type BriefReader = 'facilitator' | { member: MemberId };
/** Brief tickets, like download tickets, but each bound to the reader it was issued to (a delegation or the facilitator). */
const briefTickets = new Map<string, { code: string; reader: BriefReader; expires: number }>();

function issueBriefTicket(code: string, reader: BriefReader): { ticket: string; expiresAt: number } {
  const now = Date.now();
  for (const [t, v] of briefTickets) if (v.expires < now) briefTickets.delete(t);
  const ticket = randomBytes(16).toString('base64url');
  briefTickets.set(ticket, { code, reader, expires: now + TICKET_MS });
  return { ticket, expiresAt: now + TICKET_MS };
}

async function briefReader(services: RoomServices, req: IncomingMessage, code: string): Promise<'unknown' | 'denied' | BriefReader> {
  const session = await services.store.getSession(code);
  if (!session) return 'unknown';
  const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket');
  if (ticket) {
    const held = briefTickets.get(ticket);
    if (held && held.code === code && held.expires > Date.now()) return held.reader;
  }
  const key = req.headers['x-facilitator-key'];
  if (typeof key === 'string' && matchesHash(key, session.facilitatorKeyHash)) return 'facilitator';
  const token = req.headers['x-seat-token'];
  if (typeof token === 'string' && token.length <= 64) {
    const seat = await services.store.seatByToken(hashSecret(token));
    if (seat && seat.code === code && !seat.revoked) {
      if (seat.role === 'facilitator') return 'facilitator';
      if (seat.role === 'member' && seat.member) return { member: seat.member };
    }
  }
  return 'denied';
}

export function debriefRoutes(services: RoomServices): DebriefRoute[] {
  const guarded = (run: (req: IncomingMessage, res: ServerResponse, code: string, q: URLSearchParams, extra: string[]) => Promise<void>): Handler =>
    async (req, res, [code, ...extra]) => {
      const access = await authorised(services, req, code!);
      if (access === 'unknown') return fail(res, 404, { code: 'session/unknown', message: `There is no session "${code}".` });
      if (access === 'denied') return fail(res, 403, { code: 'debrief/forbidden', message: 'Only the facilitator can download the debrief: send the facilitator key or seat token.' });
      await run(req, res, code!, new URL(req.url ?? '/', 'http://x').searchParams, extra);
    };
  const options = (q: URLSearchParams, names: Record<MemberId, string[]>) => ({
    displayNames: names,
    anonymise: q.get('anonymise') === '1',
    includeMessageContent: q.get('messages') === '1',
  });
  const locale = (q: URLSearchParams) => (q.get('locale') === 'fr' ? 'fr' : 'en') as 'en' | 'fr';

  return [
    {
      // A frame or a tab cannot send headers: the seat trades its token for a ticket that opens its own briefs.
      method: 'POST', pattern: /^\/api\/sessions\/([^/]+)\/briefs\/ticket$/,
      run: async (req, res, [code]) => {
        const reader = await briefReader(services, req, code!);
        if (reader === 'unknown') return fail(res, 404, { code: 'session/unknown', message: `There is no session "${code}".` });
        if (reader === 'denied') return fail(res, 403, { code: 'briefs/forbidden', message: 'Send your seat token (a delegation sees its own brief) or the facilitator key.' });
        const text = JSON.stringify(issueBriefTicket(code!, reader));
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(text);
      },
    },
    {
      method: 'GET', pattern: /^\/api\/sessions\/([^/]+)\/briefs$/,
      run: async (req, res, [code]) => {
        const reader = await briefReader(services, req, code!);
        if (reader === 'unknown') return fail(res, 404, { code: 'session/unknown', message: `There is no session "${code}".` });
        if (reader === 'denied') return fail(res, 403, { code: 'briefs/forbidden', message: 'Send your seat token (a delegation sees its own brief) or the facilitator key.' });
        const session = (await services.store.getSession(code!))!;
        // R6.4 / R9.8: objectives are dealt when the game is created, so the lobby's state holds them.
        const state = createGame(session.scenario, session.seed, session.setup);
        const members = reader === 'facilitator' ? state.memberOrder : [reader.member];
        const slips = members.map((m) => secretSlip(state, m)).filter((x) => x !== null);
        const q = new URL(req.url ?? '/', 'http://x').searchParams;
        deliver(res, 'text/html; charset=utf-8', renderBriefs(session.scenario, { locale: locale(q), members, slips }), `aspf-${code}-briefs.html`, q.get('download') !== '1');
      },
    },
    {
      method: 'POST', pattern: /^\/api\/sessions\/([^/]+)\/ticket$/,
      run: guarded(async (_req, res, code) => {
        const text = JSON.stringify(issueTicket(code));
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(text);
      }),
    },
    {
      method: 'GET', pattern: /^\/api\/sessions\/([^/]+)\/report$/,
      run: async (req, res, [code]) => {
        const q = new URL(req.url ?? '/', 'http://x').searchParams;
        const access = await authorised(services, req, code!);
        if (access === 'unknown') return fail(res, 404, { code: 'session/unknown', message: `There is no session "${code}".` });
        if (access === 'ok') {
          const { log, names } = await sessionLog(services, code!);
          const html = afterActionReport(log, { ...options(q, names), locale: locale(q), generatedAt: Date.now() });
          return deliver(res, 'text/html; charset=utf-8', html, `aspf-${code}-report.html`, q.get('download') !== '1');
        }
        // A player's copy (docs/DEBRIEF.md "Privacy"): once the game has ended, without names, message
        // texts or other delegations' private lines; by seat token or a brief ticket of that delegation.
        const reader = await briefReader(services, req, code!);
        if (typeof reader !== 'object') return fail(res, 403, { code: 'debrief/forbidden', message: 'Only the facilitator, or a delegation once the game has ended, can open the report.' });
        const { log } = await sessionLog(services, code!);
        const d = buildDebrief(log, { viewer: reader.member });
        if (!d.progress.ended) return fail(res, 403, { code: 'debrief/forbidden', message: 'The report opens to the delegations when the game has ended.' });
        deliver(res, 'text/html; charset=utf-8', renderReport(d, { locale: locale(q), generatedAt: Date.now() }), `aspf-${code}-report.html`, q.get('download') !== '1');
      },
    },
    {
      // The projector's debrief mode (docs/DEBRIEF.md "Debrief mode"): facilitator only, like the report.
      method: 'GET', pattern: /^\/api\/sessions\/([^/]+)\/slides$/,
      run: guarded(async (_req, res, code, q) => {
        const { log } = await sessionLog(services, code);
        deliver(res, 'text/html; charset=utf-8', renderSlides(buildDebrief(log, { anonymise: true }), { locale: locale(q) }), `aspf-${code}-debrief.html`, true);
      }),
    },
    {
      method: 'GET', pattern: /^\/api\/sessions\/([^/]+)\/export$/,
      run: guarded(async (_req, res, code, q) => {
        const { log, names } = await sessionLog(services, code);
        const exported = exportSession(log, replay(log), { exportedAt: new Date().toISOString(), displayNames: names, anonymise: q.get('anonymise') === '1' });
        deliver(res, 'application/json; charset=utf-8', serialiseSession(exported), `aspf-${code}.json`);
      }),
    },
    {
      method: 'GET', pattern: /^\/api\/sessions\/([^/]+)\/csv\/([a-z-]+)$/,
      run: guarded(async (_req, res, code, q, [table]) => {
        if (!(CSV_TABLES as readonly string[]).includes(table!)) {
          return fail(res, 404, { code: 'http/not_found', message: `No CSV table "${table}"; tables: ${CSV_TABLES.join(', ')}.` });
        }
        const { log, names } = await sessionLog(services, code);
        const tables = csvTables(buildDebrief(log, options(q, names)), locale(q)) as Partial<Record<CsvTableName, string>>;
        const csv = tables[table as CsvTableName];
        if (csv === undefined) return fail(res, 404, { code: 'http/not_found', message: `The "${table}" table needs ?messages=1.` });
        deliver(res, 'text/csv; charset=utf-8', csv, `aspf-${code}-${table}.csv`);
      }),
    },
  ];
}
