import { ActionSchema, FACILITATOR_ACTIONS, MEMBER_ACTIONS, SEATING_ACTIONS, type Action, type ActionOf, type ActionType } from './actions.ts';
import { scaleEffects } from './effects.ts';
import type { GameEvent } from './events.ts';
import { contribute, endGame, endPhase, isRunning, PHASES } from './phases.ts';
import { bn, firstIssue } from '../format.ts';
import { produce } from './produce.ts';
import { customEffects } from './resolution.ts';
import { seatHandlers } from './seats.ts';
import { err, ok, reject, type Rejection, type Result } from './result.ts';
import { isOnTable, type Actor, type ChatMessage, type GameState, type MemberId, type Proposal } from './types.ts';
import { electorate } from './voting.ts';

export interface Applied {
  state: GameState;
  events: GameEvent[];
  /** The action as validated (defaults filled in): what the session log keeps and replay applies. */
  action: Action;
}

/**
 * `apply(state, actor, action, now)`: the next state and its events, or a typed rejection that
 * leaves the state unchanged (R8.2). The input state is never mutated. `action` is untrusted
 * and validated here with the same zod schema the room uses.
 */
export function apply(state: GameState, actor: Actor, action: unknown, now: number): Result<Applied> {
  const parsed = parseAction(action);
  if (!parsed.ok) return parsed;
  const rejection = check(state, actor, parsed.value, now);
  if (rejection) return err(rejection);
  // The scenario is the game's configuration: handlers read it and never write it.
  const { value: next, extra: events } = produce(state, (draft) => {
    const events: GameEvent[] = [];
    perform(draft, actor, parsed.value, now, events);
    return events;
  }, [state.scenario]);
  return ok({ state: next, events, action: parsed.value });
}

export function parseAction(input: unknown): Result<Action> {
  const result = ActionSchema.safeParse(input);
  if (result.success) return ok(result.data);
  const { message, field } = firstIssue(result.error.issues);
  return err(reject('action/invalid', message, field));
}

/** Validation only: reads the state, never writes it. `legalActions` asks the same question. */
export function check(state: GameState, actor: Actor, action: Action, now: number): Rejection | null {
  const role = roleCheck(state, actor, action.type);
  if (role) return role;
  const handler = HANDLERS[action.type] as Handler<typeof action.type>;
  return handler.check(state, actor as never, action as never, now);
}

/**
 * Mutates a state that `check` accepted: inside `apply` a copy-on-write draft (produce.ts: only what
 * the handler writes is copied, the rest keeps its identity), inside `replay` one working copy.
 */
export function perform(state: GameState, actor: Actor, action: Action, now: number, events: GameEvent[]): void {
  const handler = HANDLERS[action.type] as Handler<typeof action.type>;
  handler.perform(state, actor as never, action as never, now, events);
  state.seq += 1;
}

/** R1 who may send what, and R3 in which phase. */
function roleCheck(state: GameState, actor: Actor, type: ActionType): Rejection | null {
  if ((MEMBER_ACTIONS as readonly string[]).includes(type)) {
    if (actor.kind !== 'member') return reject('actor/not_member', 'Only a seated delegation can do this.');
    if (!state.members[actor.member]) return reject('member/unknown', `There is no member "${actor.member}" in this game.`);
    if (state.phase === 'ended' && type !== 'chat') return reject('game/ended', 'The game is over.');
    if (state.phase === 'lobby' && type !== 'chat') return reject('game/not_started', 'The game has not started yet.');
    if (!PHASES[state.phase].memberActions.includes(type)) {
      return reject('phase/closed', `You cannot ${type} during the ${state.phase} phase.`);
    }
    if (state.clock.paused && type !== 'chat') return reject('phase/paused', 'The facilitator has paused the game.');
    return null;
  }
  if ((FACILITATOR_ACTIONS as readonly string[]).includes(type)) {
    // R1.6 the room seats joining humans itself: the system actor may assign and free seats.
    const seating = actor.kind === 'system' && (type === 'assignSeat' || type === 'freeSeat');
    if (actor.kind !== 'facilitator' && !seating) return reject('actor/not_facilitator', 'Only the facilitator can do this.');
    if (state.phase === 'ended' && type !== 'announce') return reject('game/ended', 'The game is over.');
    return null;
  }
  if ((SEATING_ACTIONS as readonly string[]).includes(type)) {
    // R1.7 the facilitator moves and removes players; the session seats a joining human.
    if (actor.kind !== 'facilitator' && actor.kind !== 'system') return reject('actor/not_facilitator', 'Only the facilitator can do this.');
    return null;
  }
  if (actor.kind !== 'system') return reject('actor/not_system', 'Only the session clock can time out a phase.');
  if (state.phase === 'ended') return reject('game/ended', 'The game is over.');
  return null;
}

type MemberActor = Extract<Actor, { kind: 'member' }>;
interface Handler<T extends ActionType> {
  check(state: GameState, actor: Actor & (T extends (typeof MEMBER_ACTIONS)[number] ? MemberActor : Actor), action: ActionOf<T>, now: number): Rejection | null;
  perform(state: GameState, actor: Actor & (T extends (typeof MEMBER_ACTIONS)[number] ? MemberActor : Actor), action: ActionOf<T>, now: number, events: GameEvent[]): void;
}
type Handlers = { [T in ActionType]: Handler<T> };

const findProposal = (state: GameState, id: string): Proposal | undefined => state.proposals.find((p) => p.id === id);
const unknownMember = (state: GameState, ids: readonly MemberId[], field: string): Rejection | null => {
  const bad = ids.find((id) => !state.members[id]);
  return bad ? reject('member/unknown', `There is no member "${bad}" in this game.`, field) : null;
};

function openProposal(state: GameState, id: string): Rejection | Proposal {
  const p = findProposal(state, id);
  if (!p) return reject('proposal/unknown', `There is no proposal "${id}".`, 'proposal');
  if (p.status !== 'open') return reject('proposal/not_open', `Proposal ${id} is ${p.status}, no longer open.`, 'proposal');
  return p;
}
const isRejection = (x: Rejection | Proposal): x is Rejection => 'code' in x;

/** R3.7 a project from the catalog is on the table while open, approved or funded but undelivered. */
const onTable = (state: GameState, project: string): boolean =>
  state.proposals.some((p) => p.project === project && isOnTable(p.status));

const HANDLERS: Handlers = {
  pledge: {
    check(state, { member }, a) {
      const m = state.members[member]!;
      const k = state.scenario.constants;
      if (state.phase === 'negotiation') {
        // R3.9 after pledging closes, a member may only raise its settled pledge, unconditionally.
        if (a.condition) return reject('pledge/condition_closed', 'Conditional pledges close with the pledging phase.', 'condition');
        const settled = state.pledges[member]?.settled ?? 0;
        if (a.amount <= settled) return reject('pledge/only_upward', `You can only raise your pledge above ${bn(settled)} now.`, 'amount');
        if (a.amount - settled > m.balance) return reject('pledge/over_budget', `Raising to ${bn(a.amount)} needs ${bn(a.amount - settled)}; you have ${bn(m.balance)}.`, 'amount');
        return null;
      }
      if (a.amount > m.balance) return reject('pledge/over_budget', `You have ${bn(m.balance)} to pledge.`, 'amount');
      // R3.10 a member whose domestic support is low can pledge at most its minimum.
      const minimum = Math.floor(k.minimumPledgeShare * m.allocation);
      if (m.support < k.lowSupport && a.amount > minimum) {
        return reject('pledge/support_too_low', `Domestic support is below ${k.lowSupport}: you can pledge at most ${bn(minimum)}.`, 'amount');
      }
      const c = a.condition;
      if (c && (c.kind === 'member-at-least' || c.kind === 'match')) {
        if (c.member === member) return reject('pledge/self_condition', 'A condition must name another member.', 'condition.member');
        return unknownMember(state, [c.member], 'condition.member');
      }
      return null;
    },
    perform(state, { member }, a, _now, events) {
      if (state.phase === 'negotiation') {
        const pledge = state.pledges[member] ?? { amount: 0, settled: 0, status: 'honoured' as const };
        const diff = a.amount - (pledge.settled ?? 0);
        state.pledges[member] = { amount: a.amount, settled: a.amount, status: 'honoured' };
        contribute(state, member, diff);
      } else if (a.amount === 0) {
        delete state.pledges[member]; // R3.2 a pledge of nothing withdraws this round's pledge
      } else {
        state.pledges[member] = { amount: a.amount, status: 'pending', ...(a.condition ? { condition: a.condition } : {}) };
      }
      events.push({
        type: 'pledged', member, amount: a.amount, conditional: !!a.condition,
        ...(state.options.sealedPledges && state.phase === 'pledging' ? { visibleTo: [member] } : {}),
      });
    },
  },

  propose: {
    check(state, { member }, a) {
      const k = state.scenario.constants;
      const mine = state.proposals.filter((p) => p.lead === member && p.round === state.round).length;
      if (mine >= k.maxProposalsPerRound) return reject('propose/limit_reached', `You may table at most ${k.maxProposalsPerRound} proposals a round.`);
      if (typeof a.project === 'string') {
        if (!state.scenario.projects.some((p) => p.id === a.project)) return reject('propose/unknown_project', `There is no project "${a.project}" in the catalog.`, 'project');
        if (onTable(state, a.project)) return reject('propose/already_on_table', 'That project is already on the table.', 'project');
        return null;
      }
      if (!state.scenario.allowCustomProjects) return reject('propose/custom_not_allowed', 'This scenario allows catalog projects only.', 'project');
      if (!state.tracks[a.project.track]) return reject('propose/unknown_track', `There is no track "${a.project.track}".`, 'project.track');
      return null;
    },
    perform(state, { member }, a, _now, events) {
      const id = `p${state.proposals.length + 1}`;
      const spec = typeof a.project === 'string' ? state.scenario.projects.find((p) => p.id === a.project)! : null;
      const custom = typeof a.project === 'string' ? null : a.project;
      const effects = spec ? spec.effects : customEffects(custom!.track, custom!.cost);
      const memberRegions = state.scenario.members.find((m) => m.id === member)!.regions;
      const text = (s: string) => ({ en: s, fr: s });
      state.proposals.push({
        id, round: state.round, lead: member, project: spec?.id ?? null,
        name: spec ? spec.name : text(custom!.name),
        description: spec ? spec.description : text(custom!.description || custom!.name),
        channel: a.channel,
        baseCost: spec ? spec.cost : custom!.cost,
        cost: spec ? spec.cost : custom!.cost,
        delay: spec ? spec.delay : 1,
        regions: spec ? spec.regions : [...memberRegions],
        baseEffects: effects, effects,
        coSponsors: [], votes: {}, status: 'open',
      });
      events.push({ type: 'proposed', proposal: id, lead: member });
    },
  },

  amend: {
    check(state, { member }, a) {
      const p = openProposal(state, a.proposal);
      if (isRejection(p)) return p;
      if (p.lead !== member) return reject('proposal/not_lead', 'Only the lead nation can amend its proposal.', 'proposal');
      const k = state.scenario.constants;
      if (a.cost !== undefined && (a.cost < Math.ceil(p.baseCost * k.minCostShare) || a.cost > Math.floor(p.baseCost * k.maxCostShare))) {
        return reject('amend/cost_out_of_range', `The cost must stay between ${bn(p.baseCost * k.minCostShare)} and ${bn(p.baseCost * k.maxCostShare)}.`, 'cost');
      }
      const stranger = a.coSponsors?.find((id) => !p.coSponsors.includes(id));
      if (stranger) return reject('amend/not_a_cosponsor', `${stranger} is not a co-sponsor; members join by co-sponsoring themselves.`, 'coSponsors');
      const sameCost = a.cost === undefined || a.cost === p.cost;
      const sameSponsors = a.coSponsors === undefined || a.coSponsors.length === p.coSponsors.length;
      if (sameCost && sameSponsors) return reject('amend/nothing_to_change', 'The amendment changes nothing.');
      return null;
    },
    perform(state, _actor, a, _now, events) {
      const p = findProposal(state, a.proposal)!;
      if (a.cost !== undefined) {
        p.cost = a.cost;
        p.effects = scaleEffects(p.baseEffects, a.cost / p.baseCost);
      }
      if (a.coSponsors) p.coSponsors = p.coSponsors.filter((id) => a.coSponsors!.includes(id));
      events.push({ type: 'amended', proposal: p.id });
    },
  },

  withdraw: {
    check(state, { member }, a) {
      const p = openProposal(state, a.proposal);
      if (isRejection(p)) return p;
      return p.lead === member ? null : reject('proposal/not_lead', 'Only the lead nation can withdraw its proposal.', 'proposal');
    },
    perform(state, _actor, a, _now, events) {
      findProposal(state, a.proposal)!.status = 'withdrawn';
      events.push({ type: 'withdrawn', proposal: a.proposal });
    },
  },

  cosponsor: {
    check(state, { member }, a) {
      const p = openProposal(state, a.proposal);
      if (isRejection(p)) return p;
      if (p.lead === member) return reject('cosponsor/is_lead', 'You lead this proposal already.', 'proposal');
      if (a.join && p.coSponsors.includes(member)) return reject('cosponsor/already', 'You already co-sponsor this proposal.', 'proposal');
      if (!a.join && !p.coSponsors.includes(member)) return reject('cosponsor/not_cosponsor', 'You do not co-sponsor this proposal.', 'proposal');
      return null;
    },
    perform(state, { member }, a, _now, events) {
      const p = findProposal(state, a.proposal)!;
      p.coSponsors = a.join ? [...p.coSponsors, member] : p.coSponsors.filter((id) => id !== member);
      events.push({ type: 'cosponsored', proposal: p.id, member, join: a.join });
    },
  },

  vote: {
    check(state, { member }, a) {
      const p = openProposal(state, a.proposal);
      if (isRejection(p)) return p;
      // R4.1 only the electorate of the proposal's channel votes (fund: participants).
      if (!electorate(state, state.options.rules[p.channel]).includes(member)) {
        return reject('vote/not_eligible', p.channel === 'fund' ? 'Only fund participants vote on fund proposals: pledge to join the fund.' : 'You are not in this vote\'s electorate.', 'proposal');
      }
      return null;
    },
    perform(state, { member }, a, _now, events) {
      findProposal(state, a.proposal)!.votes[member] = a.choice;
      events.push({ type: 'voted', proposal: a.proposal, member });
    },
  },

  chat: {
    check(state, { member }, a) {
      const unknown = unknownMember(state, a.to, 'to');
      if (unknown) return unknown;
      if (a.to.length > 0 && a.to.every((id) => id === member)) return reject('chat/self_only', 'A private channel needs another member.', 'to');
      return null;
    },
    perform(state, { member }, a, now, events) {
      const to = a.to.length === 0 ? [] : state.memberOrder.filter((id) => id === member || a.to.includes(id));
      const message = { id: nextChatId(state.chat, to), round: state.round, phase: state.phase, at: now, from: member, to, text: a.text };
      state.chat.push(message);
      events.push({ type: 'messageSent', message, ...(to.length ? { visibleTo: to } : {}) });
    },
  },

  start: {
    check: (state) => (state.phase === 'lobby' ? null : reject('phase/closed', 'The game has already started.')),
    perform: (state, _a, _x, now, events) => endPhase(state, now, events),
  },

  advance: {
    check: (state) => (isRunning(state.phase) ? null : reject('game/not_started', 'Start the game first.')),
    perform: (state, _a, _x, now, events) => endPhase(state, now, events),
  },

  pause: {
    check(state) {
      if (!isRunning(state.phase)) return reject('game/not_started', 'Start the game first.');
      return state.clock.paused ? reject('phase/paused', 'The game is already paused.') : null;
    },
    perform(state, _a, _x, now, events) {
      state.clock = { endsAt: null, paused: true, remainingMs: Math.max(0, (state.clock.endsAt ?? now) - now) };
      events.push({ type: 'paused' });
    },
  },

  resume: {
    check: (state) => (state.clock.paused ? null : reject('phase/not_paused', 'The game is not paused.')),
    perform(state, _a, _x, now, events) {
      state.clock = { endsAt: now + (state.clock.remainingMs ?? 0), paused: false, remainingMs: null };
      events.push({ type: 'resumed', endsAt: state.clock.endsAt });
    },
  },

  extend: {
    check: (state) => (isRunning(state.phase) ? null : reject('game/not_started', 'Start the game first.')),
    perform(state, _a, a, _now, events) {
      if (state.clock.paused) state.clock.remainingMs = (state.clock.remainingMs ?? 0) + a.seconds * 1000;
      else state.clock.endsAt = (state.clock.endsAt ?? 0) + a.seconds * 1000;
      events.push({ type: 'extended', endsAt: state.clock.endsAt });
    },
  },

  setTimers: {
    check: () => null,
    perform(state, _a, a, _now, events) {
      state.options.timers = { ...state.options.timers, ...a.timers };
      events.push({ type: 'timersChanged' });
    },
  },

  inject: {
    check(state, _a, a) {
      if (state.pendingInject) return reject('inject/already_pending', 'An injected event is already waiting for the next briefing.');
      if (typeof a.event === 'string' && !state.scenario.events.some((e) => e.id === a.event)) {
        return reject('inject/unknown_event', `There is no event "${a.event}" in the deck.`, 'event');
      }
      if (typeof a.event !== 'string') {
        for (const [i, e] of a.event.effects.entries()) {
          if ((e.kind === 'threat' || e.kind === 'capability') && !state.tracks[e.track]) {
            return reject('override/unknown_track', `There is no track "${e.track}".`, `event.effects.${i}.track`);
          }
          if ((e.kind === 'support' || e.kind === 'allocation') && e.members) {
            const bad = unknownMember(state, e.members, `event.effects.${i}.members`);
            if (bad) return bad;
          }
        }
      }
      return null;
    },
    perform(state, _a, a, _now, events) {
      // R6.5 an injected event plays at the next briefing, before any trigger or draw.
      if (typeof a.event === 'string') {
        const card = state.scenario.events.find((e) => e.id === a.event)!;
        state.pendingInject = { id: card.id, title: card.title, text: card.text, effects: card.effects, source: 'injected' };
        state.deck = state.deck.filter((id) => id !== card.id);
      } else {
        state.pendingInject = { id: `custom-${state.seq + 1}`, ...a.event, source: 'injected' };
      }
      events.push({ type: 'injected', title: state.pendingInject.title.en, visibleTo: [] });
    },
  },

  assignSeat: {
    check(state, _a, a) {
      const bad = unknownMember(state, [a.member], 'member');
      if (bad) return bad;
      const seat = state.members[a.member]!.seat;
      const profile = a.controller === 'bot' ? (a.profile ?? 'steady') : undefined;
      return seat.controller === a.controller && seat.profile === profile
        ? reject('seat/already', `${a.member} is already seated that way.`, 'member') : null;
    },
    perform(state, _a, a, _now, events) {
      const seat = a.controller === 'bot' ? { controller: 'bot' as const, profile: a.profile ?? 'steady' } : { controller: 'human' as const };
      state.members[a.member]!.seat = seat;
      events.push({ type: 'seatChanged', member: a.member, seat });
    },
  },

  freeSeat: {
    check(state, _a, a) {
      const bad = unknownMember(state, [a.member], 'member');
      if (bad) return bad;
      return state.members[a.member]!.seat.controller === 'open' ? reject('seat/already', `${a.member}'s seat is already free.`, 'member') : null;
    },
    perform(state, _a, a, _now, events) {
      state.members[a.member]!.seat = { controller: 'open' };
      events.push({ type: 'seatChanged', member: a.member, seat: { controller: 'open' } });
    },
  },

  override: {
    check(state, _a, a) {
      const t = a.target;
      if (t.kind === 'proposal') {
        const p = openProposal(state, t.proposal);
        return isRejection(p) ? reject('override/not_open', p.message, 'target.proposal') : null;
      }
      if (t.kind === 'track' && !state.tracks[t.track]) return reject('override/unknown_track', `There is no track "${t.track}".`, 'target.track');
      if (t.kind === 'support') return unknownMember(state, [t.member], 'target.member');
      return null;
    },
    perform(state, _a, a, _now, events) {
      // R1.3 adjudication: every override is logged with the facilitator's reason.
      const t = a.target;
      let target: string;
      switch (t.kind) {
        case 'proposal':
          findProposal(state, t.proposal)!.override = { outcome: t.outcome, reason: a.reason };
          target = `${t.proposal} → ${t.outcome}`;
          break;
        case 'meter':
          state.meters[t.meter] = t.value;
          target = `${t.meter} = ${t.value}`;
          break;
        case 'track': {
          const track = state.tracks[t.track]!;
          if (t.threat !== undefined) track.threat = t.threat;
          if (t.capability !== undefined) track.capability = t.capability;
          target = `${t.track} threat ${track.threat} capability ${track.capability}`;
          break;
        }
        case 'support':
          state.members[t.member]!.support = t.value;
          target = `${t.member} support = ${t.value}`;
          break;
      }
      state.overrides.push({ round: state.round, phase: state.phase, target, reason: a.reason });
      events.push({ type: 'overridden', target, reason: a.reason });
    },
  },

  announce: {
    check: () => null,
    perform(state, _a, a, now, events) {
      const message = { id: nextChatId(state.chat, []), round: state.round, phase: state.phase, at: now, from: 'facilitator' as const, to: [], text: a.text };
      state.chat.push(message);
      events.push({ type: 'messageSent', message });
    },
  },

  end: {
    check: () => null,
    perform: (state, _a, a, now, events) => endGame(state, now, events, a.reason),
  },

  ...seatHandlers,

  phaseTimeout: {
    check(state, _a, _x, now) {
      if (!isRunning(state.phase)) return reject('game/not_started', 'No phase is running.');
      if (state.clock.paused) return reject('phase/paused', 'The game is paused.');
      if (state.clock.endsAt === null || now < state.clock.endsAt) return reject('phase/not_expired', 'The phase timer has not run out.');
      return null;
    },
    perform: (state, _a, _x, now, events) => endPhase(state, now, events),
  },
};

/**
 * R7.6 chat lines are numbered within their channel: the public table's lines 1, 2, 3…, each private
 * channel (the same set of members) its own 1, 2, 3…, so no reader learns how many lines passed
 * in channels it cannot read.
 */
function nextChatId(chat: readonly ChatMessage[], to: readonly MemberId[]): number {
  const key = to.join();
  let n = 0;
  for (const m of chat) if (m.to.join() === key) n += 1;
  return n + 1;
}
