import type { GameView, MemberView } from '../engine/view.ts';
import type { GameState, Pledge, Proposal } from '../engine/types.ts';

type TrackState = GameState['tracks'][string];

/**
 * The table's public rows, each declared once as a descriptor: a field's line says its wire type,
 * whether it is private (only the StateViews that hold its row receive it) and the rule that reads
 * it from the engine's `view()`. From these descriptors come the row types below, the room's Colyseus
 * schema and its mirroring (server/src/room/schema.ts, sync.ts), the rows the replay viewer builds
 * (client/src/store/from-state.ts) and the client's decoding of the synchronised state
 * (`decodeRow`, client/src/store/store.ts). A new visible field is one line here plus its screen.
 *
 * Levels travel as integer tenths and scores as integer hundredths (`scale`): the wire never
 * carries a float32 that the client would have to round. `encodeValue` and `decodeRow` are the
 * only conversions.
 */

/** Colyseus primitive types a scalar field may use on the wire. */
export type WireType = 'string' | 'boolean' | 'uint8' | 'int16' | 'uint32' | 'int32' | 'float64';

interface Base<T, S> {
  /** The rule: the field's value from the row's source. */
  read: (source: S) => T;
  /** Sent only to the StateViews holding the row (docs/PROTOCOL.md §6, "private"). */
  private: boolean;
}
export interface ScalarField<T, S> extends Base<T, S> { kind: 'scalar'; wire: WireType; /** Wire integer = round(value × scale). */ scale: number }
export interface ListField<S> extends Base<string[], S> { kind: 'list' }
export interface DictField<T extends string, S> extends Base<Record<string, T>, S> { kind: 'dict' }
/** A child row; `optional` ones are null when absent. */
export interface ChildField<T, S> extends Base<T, S> { kind: 'child'; row: RowDescriptor<Fields>; optional: boolean }
/**
 * An optional private child that the schema flattens into its parent (`sealed` → `sealed`,
 * `sealedAmount`…): a child created later would not join the StateViews already holding the
 * parent. Flattened here once, reassembled once by `decodeRow`.
 */
export interface FlatField<T, S> extends Base<T, S> { kind: 'flat'; row: RowDescriptor<Fields> }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Field<T = any, S = any> = ScalarField<T, S> | ListField<S> | DictField<T & string, S> | ChildField<T, S> | FlatField<T, S>;
export type Fields = Record<string, Field>;
export interface RowDescriptor<F extends Fields> { name: string; fields: F }

type Private<F extends Fields> = { [K in keyof F]: F[K]['private'] extends true ? K : never }[keyof F];
type ValueOf<F> = F extends Base<infer T, never> ? T : never;
/** The row a descriptor describes: private fields are absent for viewers who may not read them. */
export type RowOf<D extends RowDescriptor<Fields>> =
  { [K in Exclude<keyof D['fields'], Private<D['fields']>>]: ValueOf<D['fields'][K]> }
  & { [K in Private<D['fields']>]?: ValueOf<D['fields'][K]> };
/** The source a descriptor reads its row from. */
export type SourceOf<D extends RowDescriptor<Fields>> = D['fields'][keyof D['fields']] extends Base<unknown, infer S> ? S : never;

type Public<F> = F & { private: false };
type Secret<F> = F & { private: true };
function scalar<T>(wire: WireType, scale = 1) {
  function build<S>(read: (s: S) => T): Public<ScalarField<T, S>>;
  function build<S>(read: (s: S) => T, options: { private: true }): Secret<ScalarField<T, S>>;
  function build<S>(read: (s: S) => T, options?: { private: true }): ScalarField<T, S> {
    return { kind: 'scalar', wire, scale, read, private: options?.private ?? false };
  }
  return build;
}
const text = <T extends string = string>() => scalar<T>('string');
const flag = scalar<boolean>('boolean');
const byte = scalar<number>('uint8');
const count = scalar<number>('uint32');
const money = scalar<number>('int32');
const real = scalar<number>('float64');
/** A level with one decimal (threat, capability, meters): integer tenths on the wire. */
const tenths = scalar<number>('int16', 10);
/** A score with two decimals (docs/RULES.md R8): integer hundredths on the wire. */
const hundredths = scalar<number>('int32', 100);
const list = <S>(read: (s: S) => string[]): Public<ListField<S>> => ({ kind: 'list', read, private: false });
const dict = <T extends string, S>(read: (s: S) => Record<string, T>): Public<DictField<T, S>> => ({ kind: 'dict', read, private: false });
const child = <F extends Fields, S>(row: RowDescriptor<F>, read: (s: S) => SourceOf<RowDescriptor<F>>): Public<ChildField<RowOf<RowDescriptor<F>>, S>> =>
  ({ kind: 'child', row, optional: false, read: (s) => rowOf(row, read(s)), private: false });
const maybe = <F extends Fields, S>(row: RowDescriptor<F>, read: (s: S) => SourceOf<RowDescriptor<F>> | undefined): Public<ChildField<RowOf<RowDescriptor<F>> | null, S>> =>
  ({ kind: 'child', row, optional: true, read: (s) => { const x = read(s); return x === undefined ? null : rowOf(row, x); }, private: false });
const flat = <F extends Fields, S>(row: RowDescriptor<F>, read: (s: S) => SourceOf<RowDescriptor<F>> | undefined): Secret<FlatField<RowOf<RowDescriptor<F>> | null, S>> =>
  ({ kind: 'flat', row, read: (s) => { const x = read(s); return x === undefined ? null : rowOf(row, x); }, private: true });
const row = <F extends Fields>(name: string, fields: F): RowDescriptor<F> => ({ name, fields });

export const PLEDGE = row('PledgeState', {
  amount: money((p: Pledge) => p.amount),
  status: text<Pledge['status']>()((p: Pledge) => p.status),
  /** After settlement: what moved to the pool; -1 before. */
  settled: money((p: Pledge) => p.settled ?? -1),
  condition: text<'' | 'total-at-least' | 'member-at-least' | 'match'>()((p: Pledge) => p.condition?.kind ?? ''),
  /** The member a condition names, or ''. */
  target: text()((p: Pledge) => (p.condition && p.condition.kind !== 'total-at-least' ? p.condition.member : '')),
  /** The condition's total or amount, or 0. */
  threshold: money((p: Pledge) => (p.condition?.kind === 'total-at-least' ? p.condition.total : p.condition?.kind === 'member-at-least' ? p.condition.amount : 0)),
});

type Score = MemberView['score'];
export const SCORE = row('ScoreState', {
  security: hundredths((s: Score) => s.security),
  influence: hundredths((s: Score) => s.influence),
  objectives: hundredths((s: Score) => s.objectives),
  returns: hundredths((s: Score) => s.returns),
  prudence: hundredths((s: Score) => s.prudence),
  total: hundredths((s: Score) => s.total),
});

/** What a member's row is read from: the public view, and what the facilitator's view adds. */
export interface MemberSource {
  /** The member in the public (observer's) view. */
  member: MemberView;
  /** Its pledge as the public view shows it (absent while sealed). */
  pledge: Pledge | undefined;
  /** Connected humans at the seat (the room's; 0 in a replay). */
  online: number;
  /** The member in a view that may read its private fields. */
  secret: MemberView;
  /** Its pledge while sealed, for those who may read it. */
  sealed: Pledge | undefined;
}

export const MEMBER = row('MemberState', {
  seat: text<'open' | 'human' | 'bot'>()((s: MemberSource) => s.member.seat.controller),
  /** The bot's profile when seat = 'bot'. */
  profile: text()((s: MemberSource) => s.member.seat.profile ?? ''),
  online: byte((s: MemberSource) => s.online),
  participant: flag((s: MemberSource) => s.member.participant),
  balance: money((s: MemberSource) => s.member.balance),
  allocation: money((s: MemberSource) => s.member.allocation),
  support: byte((s: MemberSource) => s.member.support),
  arrears: money((s: MemberSource) => s.member.arrears),
  pledged: money((s: MemberSource) => s.member.cumulativePledged),
  weight: real((s: MemberSource) => s.member.pledgedWeight),
  returns: money((s: MemberSource) => s.member.industrialReturns),
  /** docs/RULES.md R9.7: the chance in % that the current pledge fails at home (0 when not in play or sealed). */
  ratificationRisk: byte((s: MemberSource) => Math.round((s.member.ratificationRisk ?? 0) * 100)),
  score: child(SCORE, (s: MemberSource) => s.member.score),
  /** This round's pledge, when everyone may see it (null while sealed). */
  pledge: maybe(PLEDGE, (s: MemberSource) => s.pledge),
  /** The member's secret objective id (everyone's once the game has ended). */
  objective: text()((s: MemberSource) => s.secret.objective ?? '', { private: true }),
  /** Its own pledge while pledges are sealed. */
  sealed: flat(PLEDGE, (s: MemberSource) => s.sealed),
});

export const PROPOSAL = row('ProposalState', {
  round: byte((p: Proposal) => p.round),
  lead: text()((p: Proposal) => p.lead),
  /** Catalog project id; '' for a custom project. */
  project: text()((p: Proposal) => p.project ?? ''),
  /** English name (the catalog's French name is in the scenario). */
  name: text()((p: Proposal) => p.name.en),
  channel: text<Proposal['channel']>()((p: Proposal) => p.channel),
  cost: money((p: Proposal) => p.cost),
  baseCost: money((p: Proposal) => p.baseCost),
  delay: byte((p: Proposal) => p.delay),
  status: text<Proposal['status']>()((p: Proposal) => p.status),
  coSponsors: list((p: Proposal) => [...p.coSponsors]),
  votes: dict((p: Proposal) => ({ ...p.votes })),
  /** Set by an override: 'approved' | 'rejected'. */
  override: text()((p: Proposal) => p.override?.outcome ?? ''),
});

export const TRACK = row('TrackState', {
  threat: tenths((t: TrackState) => t.threat),
  capability: tenths((t: TrackState) => t.capability),
  crisis: flag((t: TrackState) => t.crisis),
});

/** A room's player as the room keeps it (not part of the game). */
export interface PlayerSource {
  name: string;
  role: 'facilitator' | 'member' | 'observer';
  member: string;
  status: 'online' | 'away' | 'offline';
  /** An observer's pending request for a seat at this member state ('' none). */
  request: string;
}
export const PLAYER = row('PlayerState', {
  name: text()((p: PlayerSource) => p.name),
  role: text<PlayerSource['role']>()((p: PlayerSource) => p.role),
  member: text()((p: PlayerSource) => p.member),
  status: text<PlayerSource['status']>()((p: PlayerSource) => p.status),
  request: text()((p: PlayerSource) => p.request),
});

/** The table's scalar fields (everything but its maps and the room's own `code`). */
export const HEAD = row('TableHead', {
  scenario: text()((v: GameView) => v.scenarioId),
  /** The room's public sequence live (shared/src/protocol/secrecy.ts); the log's in a replay. */
  seq: count((v: GameView) => v.seq),
  phase: text<GameView['phase']>()((v: GameView) => v.phase),
  round: byte((v: GameView) => v.round),
  rounds: byte((v: GameView) => v.options.rounds),
  /** The running phase's deadline, ms since the epoch (server clock); 0 when none runs. */
  endsAt: real((v: GameView) => v.clock.endsAt ?? 0),
  paused: flag((v: GameView) => v.clock.paused),
  /** While paused: the milliseconds left in the phase. */
  remainingMs: count((v: GameView) => v.clock.remainingMs ?? 0),
  sealedPledges: flag((v: GameView) => v.options.sealedPledges),
  /** The event card's id (a deck event, or an injected one's). */
  event: text()((v: GameView) => v.event?.id ?? ''),
  /** An injected event's title (it may not be in the scenario's deck). */
  eventTitle: text()((v: GameView) => (v.event?.source === 'injected' ? v.event.title.en : '')),
  pool: money((v: GameView) => v.pool),
  cohesion: tenths((v: GameView) => v.meters.cohesion),
  usEngagement: tenths((v: GameView) => v.meters.usEngagement),
  autonomy: tenths((v: GameView) => v.meters.autonomy),
  allianceIndex: byte((v: GameView) => v.allianceIndex),
  /** '' while playing; 'rounds' | 'fracture' | 'facilitator' once over. */
  ended: text()((v: GameView) => v.ended?.reason ?? ''),
});

/** What the facilitator alone sees: the injected event waiting for the next briefing. */
export const CONTROL = row('ControlState', {
  pendingInject: text()((c: { pendingInject: string }) => c.pendingInject, { private: true }),
});

export type PledgeRow = RowOf<typeof PLEDGE>;
export type ScoreRow = RowOf<typeof SCORE>;
export type MemberRow = RowOf<typeof MEMBER>;
export type ProposalRow = RowOf<typeof PROPOSAL>;
export type TrackRow = RowOf<typeof TRACK>;
export type PlayerRow = RowOf<typeof PLAYER>;
export type TableHead = RowOf<typeof HEAD>;
export type ControlRow = RowOf<typeof CONTROL>;

/** A row from its source; private fields only when `withPrivate` (the room sends them through StateViews). */
export function rowOf<D extends RowDescriptor<Fields>>(d: D, source: SourceOf<D>, withPrivate = true): RowOf<D> {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(d.fields)) if (withPrivate || !f.private) out[key] = f.read(source);
  return out as RowOf<D>;
}

/** A scalar's value as the wire carries it. */
export const encodeValue = (f: ScalarField<unknown, never>, value: unknown): unknown => (f.scale === 1 ? value : Math.round((value as number) * f.scale));

/** The wire key of a flattened field's part (`sealed` + `amount` → `sealedAmount`). */
export const flatKey = (field: string, part: string): string => field + part[0]!.toUpperCase() + part.slice(1);

/**
 * A row from the synchronised state's plain copy (`toJSON()`): scaled integers back to their
 * decimals, flattened children reassembled. Private fields a viewer was not sent stay absent.
 */
export function decodeRow<D extends RowDescriptor<Fields>>(d: D, wire: Record<string, unknown>): RowOf<D> {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(d.fields)) {
    const value = wire[key];
    if (f.kind === 'flat') {
      if (value === undefined) continue;
      out[key] = value ? decodeRow(f.row, Object.fromEntries(Object.keys(f.row.fields).map((part) => [part, wire[flatKey(key, part)]]))) : null;
    } else if (f.kind === 'child') {
      out[key] = value == null ? (f.optional ? null : decodeRow(f.row, {})) : decodeRow(f.row, value as Record<string, unknown>);
    } else if (value === undefined) {
      if (!f.private) out[key] = f.kind === 'list' ? [] : f.kind === 'dict' ? {} : undefined;
    } else if (f.kind === 'scalar') {
      out[key] = f.scale === 1 ? value : (value as number) / f.scale;
    } else {
      out[key] = f.kind === 'list' ? [...(value as string[])] : { ...(value as Record<string, string>) };
    }
  }
  return out as RowOf<D>;
}
