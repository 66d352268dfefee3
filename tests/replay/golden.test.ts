import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apply, createGame, replay, type ActionInput, type Actor, type GameLog, type GameSetup, type GameState } from '@aspf/shared';
import { fixtureScenario } from '../fixtures/scenario.ts';

/**
 * A golden replay (scalachess-style): one scripted game, one line per state, compared with
 * tests/replay/golden.txt. Any change to the rules shows up as a readable diff of that file.
 * After an intended rule change: UPDATE_GOLDEN=1 npx vitest run tests/replay, and review the diff.
 */
const GOLDEN = new URL('./golden.txt', import.meta.url);
const GOLDEN_V2 = new URL('./golden-v2.txt', import.meta.url);
const F: Actor = { kind: 'facilitator' };
const S: Actor = { kind: 'system' };
const m = (member: string): Actor => ({ kind: 'member', member });

const SCRIPT: [Actor, ActionInput][] = [
  [F, { type: 'assignSeat', member: 'USA', controller: 'human' }],
  [F, { type: 'inject', event: 'boom' }],
  [F, { type: 'start' }],
  [S, { type: 'phaseTimeout' }],
  [m('DEU'), { type: 'pledge', amount: 600, condition: { kind: 'total-at-least', total: 900 } }],
  [m('FRA'), { type: 'pledge', amount: 200, condition: { kind: 'match', member: 'DEU' } }],
  [m('POL'), { type: 'pledge', amount: 300, condition: { kind: 'member-at-least', member: 'USA', amount: 1 } }],
  [m('EST'), { type: 'pledge', amount: 100 }],
  [S, { type: 'phaseTimeout' }],
  [m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' }],
  [m('EST'), { type: 'cosponsor', proposal: 'p1' }],
  [m('FRA'), { type: 'propose', project: 'cyber-shield', channel: 'common' }],
  [m('DEU'), { type: 'propose', project: { name: 'Rhine logistics hub', cost: 2500, track: 'east' }, channel: 'fund' }],
  [S, { type: 'phaseTimeout' }],
  [m('DEU'), { type: 'amend', proposal: 'p3', cost: 1500 }],
  [m('DEU'), { type: 'chat', to: ['FRA'], text: 'Support our hub and we back your shield.' }],
  [m('DEU'), { type: 'pledge', amount: 700 }],
  [F, { type: 'pause' }],
  [F, { type: 'extend', seconds: 30 }],
  [F, { type: 'resume' }],
  [S, { type: 'phaseTimeout' }],
  [m('DEU'), { type: 'vote', proposal: 'p1', choice: 'yes' }],
  [m('FRA'), { type: 'vote', proposal: 'p1', choice: 'no' }],
  [m('POL'), { type: 'vote', proposal: 'p1', choice: 'yes' }],
  [m('EST'), { type: 'vote', proposal: 'p1', choice: 'yes' }],
  [m('USA'), { type: 'vote', proposal: 'p2', choice: 'no' }],
  [m('DEU'), { type: 'vote', proposal: 'p3', choice: 'yes' }],
  [m('FRA'), { type: 'vote', proposal: 'p3', choice: 'yes' }],
  [m('POL'), { type: 'vote', proposal: 'p3', choice: 'abstain' }],
  [S, { type: 'phaseTimeout' }],
  [F, { type: 'announce', text: 'Round 2: the Eastern Flank needs you.' }],
  [S, { type: 'phaseTimeout' }],
  [m('USA'), { type: 'pledge', amount: 1500 }],
  [m('DEU'), { type: 'pledge', amount: 250 }],
  [S, { type: 'phaseTimeout' }],
  [m('USA'), { type: 'propose', project: 'satellites', channel: 'fund' }],
  [m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'common' }],
  [F, { type: 'advance' }],
  [F, { type: 'advance' }],
  [m('USA'), { type: 'vote', proposal: 'p4', choice: 'yes' }],
  [m('DEU'), { type: 'vote', proposal: 'p4', choice: 'yes' }],
  [m('FRA'), { type: 'vote', proposal: 'p4', choice: 'yes' }],
  [F, { type: 'override', target: { kind: 'proposal', proposal: 'p5', outcome: 'rejected' }, reason: 'Legal review pending' }],
  [S, { type: 'phaseTimeout' }],
  [F, { type: 'end', reason: 'Time is up' }],
];

const r = (x: number) => Math.round(x * 100) / 100;
function line(seq: number, s: GameState): string {
  const bal = s.memberOrder.map((id) => `${id}:${s.members[id]!.balance}/${s.members[id]!.support}`).join(' ');
  const tracks = Object.entries(s.tracks).map(([id, t]) => `${id}:${t.threat}/${t.capability}${t.crisis ? '!' : ''}`).join(' ');
  const props = s.proposals.map((p) => `${p.id}:${p.status}:${p.cost}:${Object.values(p.votes).map((v) => v[0]).join('')}`).join(' ');
  const scores = s.memberOrder.map((id) => r(s.members[id]!.score.total)).join('/');
  return `${String(seq).padStart(2)} r${s.round} ${s.phase.padEnd(11)} pool=${s.pool} | ${bal} | ${tracks} | m=${s.meters.cohesion}/${s.meters.usEngagement}/${s.meters.autonomy} | ${props} | score=${scores} AI=${s.allianceIndex}`;
}

function play(setup: GameSetup, scenario = fixtureScenario()) {
  let state = createGame(scenario, 2026, setup);
  const log: GameLog = { scenario, seed: 2026, setup, entries: [] };
  const lines = [line(0, state)];
  let now = Date.UTC(2026, 2, 1, 10);
  for (const [i, [actor, action]] of SCRIPT.entries()) {
    now = actor.kind === 'system' ? Math.max(now + 1000, state.clock.endsAt ?? now) : now + 1000;
    const result = apply(state, actor, action, now);
    if (!result.ok) throw new Error(`script step ${i + 1} (${action.type}) rejected: ${result.error.code}`);
    state = result.value.state;
    log.entries.push({ seq: i + 1, actor, action: result.value.action, at: now });
    lines.push(line(i + 1, state));
  }
  return { state, log, lines, text: `${lines.join('\n')}\n` };
}

describe('golden replay of a scripted game (rules v1: a log written before rules versions)', () => {
  const scenario = fixtureScenario();
  const { state, log, lines, text } = play({}, scenario);

  it('matches tests/replay/golden.txt line for line', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text);
    expect(existsSync(GOLDEN), 'golden.txt missing: run with UPDATE_GOLDEN=1 and review it').toBe(true);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('replay(log) rebuilds the final state exactly, and every step on the way', () => {
    expect(replay(log)).toEqual(state);
    expect(state.options.rulesVersion).toBeUndefined(); // R9.1 no version: version 1, and no mark of it
    const replayed = [line(0, createGame(scenario, 2026))];
    replay(log, (s, entry) => replayed.push(line(entry.seq, s)));
    expect(replayed).toEqual(lines);
  });

  it('the script reached the end and exercised the interesting rules', () => {
    expect(state.phase).toBe('ended');
    expect(state.history[0]!.pledges.map((p) => `${p.member}:${p.status}`)).toEqual(['DEU:honoured', 'FRA:honoured', 'POL:fallen', 'EST:honoured']);
    expect(state.proposals.map((p) => p.status)).toEqual(['delivered', 'rejected', 'rejected', 'approved', 'rejected']);
  });
});

describe('golden replay of the same script under rules v2 (R9), with ratification', () => {
  const scenario = fixtureScenario({ ratification: true });
  const { state, log, text } = play({ rulesVersion: 2 }, scenario);

  it('matches tests/replay/golden-v2.txt line for line', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN_V2, text);
    expect(existsSync(GOLDEN_V2), 'golden-v2.txt missing: run with UPDATE_GOLDEN=1 and review it').toBe(true);
    expect(text).toBe(readFileSync(GOLDEN_V2, 'utf8'));
  });

  it('replay(log) rebuilds the final v2 state exactly and the two versions differ', () => {
    expect(replay(log)).toEqual(state);
    expect(state.options.rulesVersion).toBe(2);
    expect(text).not.toBe(play({}, scenario).text);
    expect(state.history.some((r) => r.ratification !== undefined)).toBe(true);
  });
});
