import { apply, builtinScenario, createGame, simulateGame, type ActionInput, type Actor, type GameLog, type GameState } from '@aspf/shared';
import { fixtureScenario } from '../fixtures/scenario.ts';

/**
 * Golden sessions for the debrief tests: a scripted game on the fixture scenario (every number can
 * be checked by hand; hostile and accented strings wherever a user can type) and bot games of the
 * built-in scenarios.
 */
export const HOSTILE = '<img src=x onerror=alert(1)>';
export const HOSTILE_CHAT = '<script>alert("pwned")</script> & </td></tr>';
export const FORMULA = '=HYPERLINK("http://evil.example","click")';
export const CUSTOM_PROJECT = 'Rhine "hub", Köln–Düsseldorf';
export const CUSTOM_EVENT_TITLE = `Sécurité énergétique ${HOSTILE}`;
export const OVERRIDE_REASON = 'Examen juridique en cours (règle n° 7)';
export const DISPLAY_NAMES = { DEU: ['Anna Müller', HOSTILE], FRA: ['Élodie Durand'], USA: ['=cmd|calc!A1'], POL: ['Łukasz Wiśniewski'] };

const F: Actor = { kind: 'facilitator' };
const S: Actor = { kind: 'system' };
const m = (member: string): Actor => ({ kind: 'member', member });

/** The golden replay's script (tests/replay/golden.test.ts) with chat, a written inject and hostile text. */
export const SCRIPT: [Actor, ActionInput][] = [
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
  [m('DEU'), { type: 'propose', project: { name: CUSTOM_PROJECT, cost: 2500, track: 'east' }, channel: 'fund' }],
  [S, { type: 'phaseTimeout' }],
  [m('DEU'), { type: 'amend', proposal: 'p3', cost: 1500 }],
  [m('DEU'), { type: 'chat', to: ['FRA'], text: 'Support our hub and we back your shield.' }],
  [m('DEU'), { type: 'chat', to: ['FRA'], text: 'Élysée d’accord ? Ça marche.\nSecond line, "quoted", with, commas' }],
  [m('FRA'), { type: 'chat', to: ['DEU'], text: HOSTILE_CHAT }],
  [m('POL'), { type: 'chat', to: ['EST', 'DEU'], text: FORMULA }],
  [m('EST'), { type: 'chat', to: [], text: 'Public: the east needs air defence.' }],
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
  [m('DEU'), { type: 'vote', proposal: 'p3', choice: 'no' }],
  [m('DEU'), { type: 'vote', proposal: 'p3', choice: 'yes' }],
  [m('FRA'), { type: 'vote', proposal: 'p3', choice: 'yes' }],
  [m('POL'), { type: 'vote', proposal: 'p3', choice: 'abstain' }],
  [F, { type: 'inject', event: { title: { en: CUSTOM_EVENT_TITLE, fr: CUSTOM_EVENT_TITLE }, text: { en: 'Pipelines under watch.', fr: 'Gazoducs sous surveillance.' }, effects: [{ kind: 'meter', meter: 'cohesion', delta: 0.5 }] } }],
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
  [F, { type: 'override', target: { kind: 'proposal', proposal: 'p5', outcome: 'rejected' }, reason: OVERRIDE_REASON }],
  [S, { type: 'phaseTimeout' }],
  [F, { type: 'end', reason: 'Time is up' }],
];

export interface Session {
  log: GameLog;
  state: GameState;
}

/** Plays a script through `apply`, as the room would, and keeps the log. */
export function playScript(script: [Actor, ActionInput][] = SCRIPT, seed = 2026): Session {
  const scenario = fixtureScenario();
  let state = createGame(scenario, seed);
  const log: GameLog = { scenario, seed, setup: {}, entries: [] };
  let now = Date.UTC(2026, 2, 1, 10);
  for (const [i, [actor, action]] of script.entries()) {
    now = actor.kind === 'system' ? Math.max(now + 1000, state.clock.endsAt ?? now) : now + 1000;
    const result = apply(state, actor, action, now);
    if (!result.ok) throw new Error(`script step ${i + 1} (${action.type}) rejected: ${result.error.code} ${result.error.message}`);
    state = result.value.state;
    log.entries.push({ seq: i + 1, actor, action: result.value.action, at: now });
  }
  return { log, state };
}

export const scripted = (): Session => playScript();

export function botGame(scenario: string, seed: number, chatter = 0): Session {
  const { log, state } = simulateGame(builtinScenario(scenario)!, seed, {}, undefined, { chatter });
  return { log, state };
}
