import type { ChatMessage, LegalAction, RoundReport, Rule, Scenario } from '@aspf/shared';
import type { MemberRow, PledgeRow, ProposalRow, SeatInfo, TableHead, TrackRow } from '@aspf/shared/protocol';

/**
 * A plain copy of the room's synchronised state (TableState.toJSON()), with the rows of
 * shared/src/protocol/table.ts; a member's private fields are there only for its own delegation
 * and the facilitator.
 */
export interface TableSnapshot extends TableHead {
  code: string;
  members: Record<string, MemberSnapshot>;
  proposals: Record<string, ProposalSnapshot>;
  tracks: Record<string, TrackRow>;
  /** `request`: the member state an observer asked to join ('' or absent: none; issue #11). */
  players: Record<string, { name: string; role: string; member: string; status: string; request?: string }>;
  /** The facilitator's only. */
  control?: { pendingInject: string };
}

export type PledgeSnapshot = PledgeRow;
export interface MemberSnapshot extends MemberRow {
  online: number;
  pledge?: PledgeSnapshot;
  objective?: string;
  /** Own pledge while pledges are sealed (0: none); the delegation's and the facilitator's only. */
  sealedAmount?: number;
  sealedCondition?: string;
  sealedTarget?: string;
  sealedThreshold?: number;
}
export interface ProposalSnapshot extends Omit<ProposalRow, 'channel' | 'votes'> {
  channel: 'fund' | 'common';
  votes: Record<string, 'yes' | 'no' | 'abstain'>;
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
