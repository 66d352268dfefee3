import { z } from 'zod';
import { EffectSchema, MeterSchema, TextSchema, TimersSchema } from '../scenario/schema.ts';

/**
 * Every action the engine accepts, as one strict zod schema each: unknown keys are
 * rejected, amounts are finite integers within bounds, strings are capped, enums are closed.
 * Money is in integer $m. The actor never travels in the payload (R1.1).
 */

export const MAX_AMOUNT = 10_000_000; // $m: ten trillion dollars, far above any member's budget
export const MAX_CHAT = 500;

const memberId = z.string().regex(/^[A-Z]{3}$/, 'expected a member id such as "DEU"');
const proposalId = z.string().regex(/^p[0-9]{1,4}$/, 'expected a proposal id such as "p3"');
const amount = z.number().int('amount must be a whole number of $m').min(0, 'amount cannot be negative').max(MAX_AMOUNT, 'amount is larger than any budget in the game');
const playerId = z.string().regex(/^[A-Za-z0-9_-]{1,24}$/, 'expected a player id');
const reason = z.string().trim().min(3).max(300);

export const PledgeConditionSchema = z.discriminatedUnion('kind', [
  /** R3.3 "I give 5 if the round's total reaches 40" */
  z.strictObject({ kind: z.literal('total-at-least'), total: amount.min(1) }),
  /** R3.3 "I give 3 if DEU gives at least 8" */
  z.strictObject({ kind: z.literal('member-at-least'), member: memberId, amount: amount.min(1) }),
  /** R3.3 "I match FRA's pledge up to 4": the pledge's amount is the cap */
  z.strictObject({ kind: z.literal('match'), member: memberId }),
]);
export type PledgeCondition = z.infer<typeof PledgeConditionSchema>;

const customProject = z.strictObject({
  name: z.string().trim().min(3).max(80),
  description: z.string().trim().max(400).default(''),
  cost: amount.min(100),
  track: z.string().regex(/^[a-z0-9-]{1,48}$/),
});

export const ActionSchemas = {
  // delegation members
  pledge: z.strictObject({ type: z.literal('pledge'), amount, condition: PledgeConditionSchema.optional() }),
  propose: z.strictObject({
    type: z.literal('propose'),
    project: z.union([z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/), customProject]),
    channel: z.enum(['fund', 'common']),
  }),
  amend: z.strictObject({
    type: z.literal('amend'),
    proposal: proposalId,
    cost: amount.min(1).optional(),
    /** The co-sponsors to keep: the lead may drop co-sponsors, never add them. */
    coSponsors: z.array(memberId).max(40).optional(),
  }),
  withdraw: z.strictObject({ type: z.literal('withdraw'), proposal: proposalId }),
  cosponsor: z.strictObject({ type: z.literal('cosponsor'), proposal: proposalId, join: z.boolean().default(true) }),
  vote: z.strictObject({ type: z.literal('vote'), proposal: proposalId, choice: z.enum(['yes', 'no', 'abstain']) }),
  chat: z.strictObject({
    type: z.literal('chat'),
    /** Empty or absent: the public table channel; otherwise the members of a private channel. */
    to: z.array(memberId).max(40).default([]),
    text: z.string().trim().min(1).max(MAX_CHAT),
  }),

  // facilitator
  start: z.strictObject({ type: z.literal('start') }),
  advance: z.strictObject({ type: z.literal('advance') }),
  pause: z.strictObject({ type: z.literal('pause') }),
  resume: z.strictObject({ type: z.literal('resume') }),
  extend: z.strictObject({ type: z.literal('extend'), seconds: z.number().int().min(5).max(3600) }),
  setTimers: z.strictObject({ type: z.literal('setTimers'), timers: TimersSchema.partial() }),
  inject: z.strictObject({
    type: z.literal('inject'),
    event: z.union([
      z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/),
      z.strictObject({ title: TextSchema, text: TextSchema, effects: z.array(EffectSchema).max(8) }),
    ]),
  }),
  assignSeat: z.strictObject({
    type: z.literal('assignSeat'),
    member: memberId,
    controller: z.enum(['human', 'bot']),
    profile: z.enum(['steady', 'free-rider', 'hawk', 'atlanticist', 'autonomist', 'conditional']).optional(),
  }),
  freeSeat: z.strictObject({ type: z.literal('freeSeat'), member: memberId }),
  /** R1.7 a player (the room's opaque id) sits at a member state: a claim, a move, an admission. */
  seat: z.strictObject({ type: z.literal('seat'), player: playerId, member: memberId }),
  /** R1.7 a player is removed from the session. */
  unseat: z.strictObject({ type: z.literal('unseat'), player: playerId }),
  override: z.strictObject({
    type: z.literal('override'),
    target: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('proposal'), proposal: proposalId, outcome: z.enum(['approved', 'rejected']) }),
      z.strictObject({ kind: z.literal('meter'), meter: MeterSchema, value: z.number().min(0).max(10) }),
      z.strictObject({
        kind: z.literal('track'),
        track: z.string().regex(/^[a-z0-9-]{1,48}$/),
        threat: z.number().min(0).max(10).optional(),
        capability: z.number().min(0).max(10).optional(),
      }),
      z.strictObject({ kind: z.literal('support'), member: memberId, value: z.number().int().min(0).max(100) }),
    ]),
    reason,
  }),
  announce: z.strictObject({ type: z.literal('announce'), text: z.string().trim().min(1).max(MAX_CHAT) }),
  end: z.strictObject({ type: z.literal('end'), reason: reason.optional() }),

  // the room's clock (R3.8 time enters the engine only through actions)
  phaseTimeout: z.strictObject({ type: z.literal('phaseTimeout') }),
} as const;

export const ActionSchema = z.discriminatedUnion('type', [
  ActionSchemas.pledge, ActionSchemas.propose, ActionSchemas.amend, ActionSchemas.withdraw,
  ActionSchemas.cosponsor, ActionSchemas.vote, ActionSchemas.chat, ActionSchemas.start,
  ActionSchemas.advance, ActionSchemas.pause, ActionSchemas.resume, ActionSchemas.extend,
  ActionSchemas.setTimers, ActionSchemas.inject, ActionSchemas.assignSeat, ActionSchemas.freeSeat,
  ActionSchemas.seat, ActionSchemas.unseat,
  ActionSchemas.override, ActionSchemas.announce, ActionSchemas.end, ActionSchemas.phaseTimeout,
]);
export type Action = z.infer<typeof ActionSchema>;
/** An action as a sender writes it (fields with defaults may be left out). */
export type ActionInput = z.input<typeof ActionSchema>;
export type ActionType = Action['type'];
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;
export const ACTION_TYPES = Object.keys(ActionSchemas) as ActionType[];

export const MEMBER_ACTIONS = ['pledge', 'propose', 'amend', 'withdraw', 'cosponsor', 'vote', 'chat'] as const;
export const FACILITATOR_ACTIONS = [
  'start', 'advance', 'pause', 'resume', 'extend', 'setTimers', 'inject', 'assignSeat', 'freeSeat',
  'override', 'announce', 'end',
] as const;
/**
 * R1.7 the seating actions: the facilitator's (a move, an admission, a removal) or the session's
 * own (a joining human's claim), never a client message of their own (the room's `move`, `kick`,
 * `admit` and `requestSeat` requests and the join itself become these).
 */
export const SEATING_ACTIONS = ['seat', 'unseat'] as const;
export type BotProfile = NonNullable<ActionOf<'assignSeat'>['profile']>;
export const BOT_PROFILES: readonly BotProfile[] = ['steady', 'free-rider', 'hawk', 'atlanticist', 'autonomist', 'conditional'];
