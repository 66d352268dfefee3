import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ACTION_TYPES, SEATING_ACTIONS, apply, builtinScenario, createGame, type Actor, type ActionType, type GameState } from '@aspf/shared';
import { ClientMessageSchemas, JOIN_ERRORS, PROTOCOL_VERSION, RoomPayloadSchemas, type ClientMessage, type RoomMessage } from '@aspf/shared/protocol';
import { Player, createSession, refusedJoin, startTestServer, type TestServer } from '../room/harness.ts';

/**
 * The authorization matrix (docs/SECURITY.md "Authorization matrix"): every role × every action ×
 * every phase → allowed or the exact rejection code, computed with the engine's own `apply` on
 * one game driven through each phase. The same matrix is then checked over the wire for the roles
 * a connection can hold, and the roles that never get a seat (wrong key, no key) are refused at
 * the door. The table in docs/SECURITY.md is generated from this test: `UPDATE_SECURITY_DOC=1
 * npx vitest run tests/security/authorization.test.ts` rewrites it; otherwise the test fails when
 * the doc is out of date.
 */

const DOC = resolve(import.meta.dirname, '../../docs/SECURITY.md');
const BEGIN = '<!-- BEGIN GENERATED: authorization matrix (tests/security/authorization.test.ts) -->';
const END = '<!-- END GENERATED: authorization matrix -->';

const scenario = builtinScenario('quick-demo')!;
const T0 = Date.UTC(2026, 0, 5, 9);
const LEAD = 'DEU';
const OTHER = 'FRA';
const SEAT = 'POL';

const ROLES: { id: string; label: string; actor: Actor }[] = [
  { id: 'facilitator', label: 'Facilitator', actor: { kind: 'facilitator' } },
  { id: 'own', label: `Member, its own player (${LEAD}, lead of p1)`, actor: { kind: 'member', member: LEAD } },
  { id: 'other', label: `Another member's player (${OTHER}, on ${LEAD}'s proposal)`, actor: { kind: 'member', member: OTHER } },
  { id: 'observer', label: 'Observer', actor: { kind: 'observer' } },
  { id: 'system', label: 'System (the room clock; no client can act as it)', actor: { kind: 'system' } },
];

/** One well-formed payload per action: what is being authorized, not what is being validated. */
const PAYLOADS: Record<ActionType, Record<string, unknown>> = {
  pledge: { amount: 100 },
  propose: { project: 'counter-drone-belt', channel: 'fund' },
  amend: { proposal: 'p1', cost: Math.round(scenario.projects.find((p) => p.id === 'baltic-cyber-shield')!.cost * 0.9) },
  withdraw: { proposal: 'p1' },
  cosponsor: { proposal: 'p1' },
  vote: { proposal: 'p1', choice: 'yes' },
  chat: { text: 'hello' },
  start: {},
  advance: {},
  pause: {},
  resume: {},
  extend: { seconds: 30 },
  setTimers: { timers: { voting: 60 } },
  inject: { event: scenario.events[0]!.id },
  assignSeat: { member: SEAT, controller: 'bot', profile: 'steady' },
  freeSeat: { member: SEAT },
  seat: { player: 'player-1', member: SEAT },
  unseat: { player: 'player-1' },
  override: { target: { kind: 'meter', meter: 'cohesion', value: 5 }, reason: 'a test ruling' },
  announce: { text: 'attention' },
  end: {},
  phaseTimeout: {},
};

type PhaseCase = { id: string; state: GameState; now: number };

/** The game in each phase of round 1 (p1 is DEU's proposal from the proposals phase on), paused, and ended. */
function phases(): PhaseCase[] {
  let now = T0;
  let state = createGame(scenario, 11, {});
  const step = (actor: Actor, action: Record<string, unknown>) => {
    now += 1000;
    const r = apply(state, actor, action, now);
    if (!r.ok) throw new Error(`setup ${JSON.stringify(action)}: ${r.error.code}`);
    state = r.value.state;
  };
  const f: Actor = { kind: 'facilitator' };
  const out: PhaseCase[] = [];
  const keep = (id: string) => out.push({ id, state, now: now + 1000 });
  keep('lobby');
  step(f, { type: 'start' });
  keep('briefing');
  step(f, { type: 'advance' });
  keep('pledging');
  step(f, { type: 'advance' });
  step({ kind: 'member', member: LEAD }, { type: 'propose', project: 'baltic-cyber-shield', channel: 'fund' });
  keep('proposals');
  step(f, { type: 'advance' });
  keep('negotiation');
  step(f, { type: 'advance' });
  keep('voting');
  step(f, { type: 'pause' });
  keep('voting, paused');
  step(f, { type: 'end' });
  keep('ended');
  return out;
}

const CASES = phases();
const cell = (c: PhaseCase, actor: Actor, type: ActionType): string => {
  const r = apply(c.state, actor, { type, ...PAYLOADS[type] }, c.now);
  return r.ok ? 'allowed' : r.error.code;
};
const MATRIX: Record<string, Record<string, Record<string, string>>> = Object.fromEntries(ROLES.map((role) => [
  role.id,
  Object.fromEntries(ACTION_TYPES.map((type) => [type, Object.fromEntries(CASES.map((c) => [c.id, cell(c, role.actor, type)]))])),
]));

function markdown(): string {
  const lines = [BEGIN, '', `Generated from the engine on the Quick demo (${CASES.length} phases × ${ACTION_TYPES.length} actions × ${ROLES.length} roles). ✓ = allowed; otherwise the exact rejection code.`, ''];
  for (const role of ROLES) {
    lines.push(`#### ${role.label}`, '', `| action | ${CASES.map((c) => c.id).join(' | ')} |`, `|---|${CASES.map(() => '---').join('|')}|`);
    for (const type of ACTION_TYPES) lines.push(`| \`${type}\` | ${CASES.map((c) => (MATRIX[role.id]![type]![c.id] === 'allowed' ? '✓' : `\`${MATRIX[role.id]![type]![c.id]}\``)).join(' | ')} |`);
    lines.push('');
  }
  lines.push('#### Clients without a seat', '', '| who | outcome |', '|---|---|');
  for (const [who, code] of WIRE_ONLY) lines.push(`| ${who} | \`${code}\` (${JOIN_ERRORS[code as keyof typeof JOIN_ERRORS] ?? code}); never reaches an action |`);
  lines.push('', END);
  return lines.join('\n');
}

const WIRE_ONLY: [string, string][] = [
  ['facilitator join with a wrong key', 'join/bad_key'],
  ['facilitator join with no key', 'join/invalid'],
  ['rejoin with an unknown or revoked seat token', 'join/unknown_token'],
  ['a join to a code no room has', '522 room not found'],
];

describe('authorization matrix (engine)', () => {
  it('members act only as themselves, facilitators only as facilitators, observers never', () => {
    for (const type of ACTION_TYPES) {
      for (const c of CASES) {
        expect(MATRIX.observer![type]![c.id], `observer ${type} in ${c.id}`).not.toBe('allowed');
        // The system actor is the room itself: phase timers, and a joining human's seat claim (R1.6, R1.7).
        if (!['phaseTimeout', 'assignSeat', 'freeSeat', 'seat', 'unseat'].includes(type)) expect(MATRIX.system![type]![c.id], `system ${type} in ${c.id}`).not.toBe('allowed');
      }
    }
    for (const c of CASES) {
      // Lead-only actions on DEU's proposal are the lead's: another member gets proposal/not_lead.
      for (const type of ['amend', 'withdraw'] as const) {
        if (MATRIX.own![type]![c.id] === 'allowed') expect(MATRIX.other![type]![c.id]).toBe('proposal/not_lead');
      }
      for (const type of ['start', 'advance', 'pause', 'resume', 'extend', 'setTimers', 'inject', 'assignSeat', 'freeSeat', 'seat', 'unseat', 'override', 'announce', 'end'] as const) {
        expect(MATRIX.own![type]![c.id]).toBe('actor/not_facilitator');
      }
      for (const type of ['pledge', 'propose', 'amend', 'withdraw', 'cosponsor', 'vote', 'chat'] as const) {
        expect(MATRIX.facilitator![type]![c.id]).toBe('actor/not_member');
      }
    }
    expect(MATRIX.own!.pledge!.pledging).toBe('allowed');
    expect(MATRIX.own!.vote!.voting).toBe('allowed');
    expect(MATRIX.own!.vote!['voting, paused']).toBe('phase/paused');
    expect(MATRIX.facilitator!.start!.lobby).toBe('allowed');
  });

  it('docs/SECURITY.md holds the generated matrix', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, 'docs/SECURITY.md lacks the generated markers').toBeGreaterThanOrEqual(0);
    const fresh = markdown();
    if (process.env.UPDATE_SECURITY_DOC === '1') {
      writeFileSync(DOC, doc.slice(0, start) + fresh + doc.slice(end + END.length));
      return;
    }
    expect(doc.slice(start, end + END.length), 'run UPDATE_SECURITY_DOC=1 npx vitest run tests/security/authorization.test.ts').toBe(fresh);
  });
});

describe('authorization matrix (wire)', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ maxMessagesPerSecond: 1000 });
  });
  afterAll(async () => {
    await ts.stop();
  });

  it('a room answers each role as the engine matrix says in every phase, and keyless clients get no seat', async () => {
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 11 });
    const wrongKey = await refusedJoin(ts.url, s.code, { protocol: PROTOCOL_VERSION, role: 'facilitator', name: 'X', key: 'A'.repeat(22) });
    expect(wrongKey.code).toBe(JOIN_ERRORS['join/bad_key']);
    const noKey = await refusedJoin(ts.url, s.code, { protocol: PROTOCOL_VERSION, role: 'facilitator', name: 'X' });
    expect(noKey.code).toBe(JOIN_ERRORS['join/invalid']);
    const fakeToken = await refusedJoin(ts.url, s.code, { protocol: PROTOCOL_VERSION, token: 'B'.repeat(22) });
    expect(fakeToken.code).toBe(JOIN_ERRORS['join/unknown_token']);

    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'F', key: s.facilitatorKey });
    const own = await Player.join(ts.url, s.code, { role: 'member', name: 'Lead', member: LEAD });
    const other = await Player.join(ts.url, s.code, { role: 'member', name: 'Other', member: OTHER });
    const obs = await Player.join(ts.url, s.code, { role: 'observer', name: 'O' });
    const wire: Record<string, Player> = { facilitator: f, own, other, observer: obs };
    const messages = Object.keys(ClientMessageSchemas).filter((m) => !(m in RoomPayloadSchemas)) as Exclude<ClientMessage, RoomMessage>[];
    // The seating actions (R1.7) are what the room's own `move`, `kick`, `admit` and joins become.
    expect(new Set(messages)).toEqual(new Set(ACTION_TYPES.filter((t) => t !== 'phaseTimeout' && !(SEATING_ACTIONS as readonly string[]).includes(t))));
    // Over the wire, a member cannot even name another member as the actor: identity is the seat.
    expect(await other.act('pledge', { amount: 100, member: LEAD })).toMatchObject({ ok: false, code: 'action/invalid' });
    expect(await own.act('kick', { player: other.welcome!.seat.player })).toMatchObject({ ok: false, code: 'actor/not_facilitator' });
    expect(await obs.act('kick', { player: other.welcome!.seat.player })).toMatchObject({ ok: false, code: 'actor/not_facilitator' });
    expect(await own.act('move', { player: own.welcome!.seat.player, member: OTHER })).toMatchObject({ ok: false, code: 'actor/not_facilitator' });
    expect(await obs.act('move', { player: obs.welcome!.seat.player, member: OTHER })).toMatchObject({ ok: false, code: 'actor/not_facilitator' });
    // The room's own requests: who may not send one learns only that, whatever the payload (checked before its shape).
    const roomCells: [Player, RoomMessage, string][] = [
      [own, 'admit', 'actor/not_facilitator'], [obs, 'admit', 'actor/not_facilitator'],
      [own, 'removeObservers', 'actor/not_facilitator'], [obs, 'removeObservers', 'actor/not_facilitator'],
      [own, 'requestSeat', 'seat/not_observer'], [f, 'requestSeat', 'seat/not_observer'],
    ];
    for (const [p, type, code] of roomCells) {
      for (const payload of [{}, 'garbage', { player: obs.welcome!.seat.player, accept: true, member: OTHER }]) {
        expect(await p.act(type, payload), `${p.welcome!.seat.role} ${type} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, code });
      }
    }

    // Refusals never change the state, so every refused cell can be checked on one live room.
    const check = async (phase: string) => {
      for (const [role, p] of Object.entries(wire)) {
        for (const type of messages) {
          const expected = MATRIX[role]![type]![phase]!;
          if (expected === 'allowed' || type === 'assignSeat' || type === 'freeSeat') continue; // seat moves: the room adds seat/occupied first
          const reply = await p.act(type, PAYLOADS[type]);
          expect(reply, `${role} ${type} in ${phase}`).toMatchObject({ ok: false, code: expected });
        }
      }
    };
    // The same steps as the engine's game above, so every phase is checked against its column.
    await check('lobby');
    await f.must('start');
    await check('briefing');
    await f.must('advance');
    await check('pledging');
    await f.must('advance');
    await own.must('propose', { project: 'baltic-cyber-shield', channel: 'fund' });
    await check('proposals');
    await f.must('advance');
    await check('negotiation');
    await f.must('advance');
    await check('voting');
    await f.must('pause');
    await check('voting, paused');
    await f.must('end');
    await check('ended');
    // And allowed cells are allowed: chat and announcements still work after the end.
    await own.must('chat', { text: 'good game' });
    await f.must('announce', { text: 'thank you' });
    for (const p of Object.values(wire)) await p.leave();
  });
});
