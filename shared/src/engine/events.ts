import type { Meter } from '../scenario/schema.ts';
import type {
  ChatMessage, EventInPlay, MemberId, Phase, ProposalId, RoundReport, Seat, Tally,
} from './types.ts';

/**
 * What happened, past tense. `visibleTo` absent: everyone; a list: only those members
 * (and the facilitator, who sees everything); an empty list: the facilitator alone.
 */
export type GameEvent = (
  | { type: 'gameStarted' }
  | { type: 'phaseChanged'; round: number; phase: Phase; endsAt: number | null }
  | { type: 'eventPlayed'; event: EventInPlay }
  | { type: 'allocationsPaid'; total: number }
  | { type: 'pledged'; member: MemberId; amount: number; conditional: boolean }
  | { type: 'pledgesSettled'; honoured: MemberId[]; fallen: MemberId[]; total: number }
  | { type: 'proposed'; proposal: ProposalId; lead: MemberId }
  | { type: 'amended'; proposal: ProposalId }
  | { type: 'withdrawn'; proposal: ProposalId }
  | { type: 'cosponsored'; proposal: ProposalId; member: MemberId; join: boolean }
  | { type: 'voted'; proposal: ProposalId; member: MemberId }
  | { type: 'messageSent'; message: ChatMessage }
  | { type: 'proposalPassed'; proposal: ProposalId; tally: Tally; overridden: boolean }
  | { type: 'proposalRejected'; proposal: ProposalId; tally: Tally; overridden: boolean }
  | { type: 'projectFunded'; proposal: ProposalId; cost: number }
  | { type: 'projectUnfunded'; proposal: ProposalId }
  | { type: 'projectDelivered'; proposal: ProposalId }
  | { type: 'crisis'; track: string }
  | { type: 'arrears'; member: MemberId; amount: number }
  | { type: 'ratification'; member: MemberId; ratified: boolean; risk: number; roll: number }
  | { type: 'roundResolved'; report: RoundReport }
  | { type: 'gameEnded'; reason: 'rounds' | 'fracture' | 'facilitator' }
  | { type: 'paused' }
  | { type: 'resumed'; endsAt: number | null }
  | { type: 'extended'; endsAt: number | null }
  | { type: 'timersChanged' }
  | { type: 'injected'; title: string }
  | { type: 'seatChanged'; member: MemberId; seat: Seat }
  | { type: 'playerSeated'; player: string; member: MemberId; from: MemberId | null }
  | { type: 'playerUnseated'; player: string; from: MemberId | null }
  | { type: 'overridden'; target: string; reason: string }
  | { type: 'meterChanged'; meter: Meter; value: number }
) & { visibleTo?: MemberId[] };

export type GameEventType = GameEvent['type'];
