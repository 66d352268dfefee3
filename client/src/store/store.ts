import type { ChatMessage, LegalAction, RoundReport, Rule, Scenario } from '@aspf/shared';
import {
  CONTROL, HEAD, MEMBER, PLAYER, PROPOSAL, TRACK, decodeRow, type ControlRow, type MemberRow, type PlayerRow, type PledgeRow, type ProposalRow,
  type SeatInfo, type TableHead, type TrackRow,
} from '@aspf/shared/protocol';

/**
 * The room's synchronised state as the client holds it: the rows of shared/src/protocol/table.ts,
 * decoded once from the schema's plain copy (`decodeTable`). A member's private fields (`objective`,
 * `sealed`) are there only for its own delegation and the facilitator.
 */
export interface TableSnapshot extends TableHead {
  code: string;
  members: Record<string, MemberSnapshot>;
  proposals: Record<string, ProposalSnapshot>;
  tracks: Record<string, TrackRow>;
  players: Record<string, PlayerRow>;
  /** The facilitator's only. */
  control?: ControlRow;
}

export type PledgeSnapshot = PledgeRow;
export type MemberSnapshot = MemberRow;
export type ProposalSnapshot = ProposalRow;

type Wire = Record<string, unknown>;
const rows = <R>(map: unknown, decode: (w: Wire) => R): Record<string, R> =>
  Object.fromEntries(Object.entries((map ?? {}) as Record<string, Wire>).map(([id, w]) => [id, decode(w)]));

/** The table from the schema's `toJSON()`: levels back to tenths, the sealed pledge reassembled. */
export function decodeTable(wire: Wire): TableSnapshot {
  return {
    ...decodeRow(HEAD, wire),
    code: wire.code as string,
    members: rows(wire.members, (w) => decodeRow(MEMBER, w)),
    proposals: rows(wire.proposals, (w) => decodeRow(PROPOSAL, w)),
    tracks: rows(wire.tracks, (w) => decodeRow(TRACK, w)),
    players: rows(wire.players, (w) => decodeRow(PLAYER, w)),
    ...(wire.control ? { control: decodeRow(CONTROL, wire.control as Wire) } : {}),
  };
}

/** The seat as the welcome describes it; `request` (issue #11) is absent on servers without teams. */
export type Seat = SeatInfo & { request?: string | null };

export type Connection = 'idle' | 'connecting' | 'online' | 'offline' | 'failed';

export interface ClientState {
  scenario: Scenario | null;
  rules: { fund: Rule; common: Rule } | null;
  table: TableSnapshot | null;
  seat: Seat | null;
  /** This delegation's team code (its players' only), or every delegation's for the facilitator. */
  teamCode: string | null;
  teamCodes: Record<string, string>;
  /** What this page asked for when joining: a member seat (and which), to say where it was placed. */
  asked: { role: 'member' | 'observer' | 'facilitator'; member: string | null } | null;
  /** The last thing the facilitator's console confirmed ("Timers set."), by control. */
  confirmed: { control: string; message: string } | null;
  chat: ChatMessage[];
  reports: RoundReport[];
  legal: LegalAction[];
  connection: Connection;
  /** The last rejection, shown next to the control that caused it. */
  rejection: { control: string; code: string; message: string } | null;
  /** Server clock minus local clock, for countdowns. */
  clockOffset: number;
  /** The member state this seat sat at before the facilitator moved it, if it was moved. */
  movedFrom: string | null;
}

type Listener = (state: ClientState) => void;

/** The one client-side source of truth: the HTML overlay and the Phaser scenes both subscribe. */
export class Store {
  state: ClientState = {
    scenario: null, rules: null, table: null, seat: null, chat: [], reports: [], legal: [],
    connection: 'idle', rejection: null, clockOffset: 0, movedFrom: null,
    teamCode: null, teamCodes: {}, asked: null, confirmed: null,
  };
  private listeners = new Set<Listener>();

  set(patch: Partial<ClientState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }
}

export const store = new Store();
