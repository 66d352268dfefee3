import { describe, expect, it } from 'vitest';
import { apply, builtinScenario, createGame, legalActions, simulateGame, view, type Actor, type Viewer } from '@aspf/shared';
import { inLegalScope, legalScope, seesPrivateChange, seesPrivateOf } from '@aspf/shared/protocol';

/**
 * The pure secrecy and resend rules of shared/src/protocol/secrecy.ts, which the room
 * (server/src/room/broadcast.ts) obeys: checked here against the engine itself over whole bot games.
 */
const scenario = builtinScenario('quick-demo')!;

describe('legalScope: which seats an action can change the legal actions of', () => {
  it('over three bot games, no seat outside the scope ever sees its legal actions change', () => {
    let narrowed = 0;
    for (const seed of [1, 2, 3]) {
      const { log } = simulateGame(scenario, seed, { sealedPledges: seed === 2 });
      let state = createGame(log.scenario, log.seed, log.setup);
      for (const entry of log.entries) {
        const actors: Actor[] = state.memberOrder.map((member) => ({ kind: 'member', member }));
        const before = actors.map((a) => JSON.stringify(legalActions(state, a, entry.at)));
        const r = apply(state, entry.actor, entry.action, entry.at);
        expect(r.ok, `seed ${seed} entry ${entry.seq}`).toBe(true);
        if (!r.ok) return;
        const scope = legalScope(r.value.events);
        if (scope !== 'all') narrowed += 1;
        actors.forEach((a, i) => {
          if (inLegalScope(scope, a as Viewer)) return;
          expect(JSON.stringify(legalActions(r.value.state, a, entry.at)), `seed ${seed} #${entry.seq} ${entry.action.type} changed ${JSON.stringify(a)}`).toBe(before[i]);
        });
        state = r.value.state;
      }
    }
    expect(narrowed).toBeGreaterThan(20); // votes, chat and pledges were in the games
  });

  it('votes and chat reach nobody, a pledge its pledger, everything else everyone', () => {
    expect(legalScope([{ type: 'voted', proposal: 'p1', member: 'DEU' }])).toBe('none');
    expect(legalScope([{ type: 'pledged', member: 'DEU', amount: 1, conditional: false, visibleTo: ['DEU'] }])).toEqual({ member: 'DEU' });
    expect(legalScope([{ type: 'paused' }])).toBe('all');
    expect(inLegalScope({ member: 'DEU' }, { kind: 'member', member: 'FRA' })).toBe(false);
    expect(inLegalScope({ member: 'DEU' }, { kind: 'facilitator' })).toBe(false);
    expect(inLegalScope('all', { kind: 'observer' })).toBe(true);
  });
});

describe('who may read a member’s private row, and who is told of a private change', () => {
  it('seesPrivateOf is the rule view() applies to objectives, revealed at the end', () => {
    const viewers: Viewer[] = [{ kind: 'facilitator' }, { kind: 'observer' }, { kind: 'member', member: 'DEU' }];
    const lobby = createGame(scenario, 5);
    const ended = apply(lobby, { kind: 'facilitator' }, { type: 'end' }, 0);
    if (!ended.ok) throw new Error(ended.error.code);
    for (const state of [lobby, ended.value.state]) {
      for (const viewer of viewers) {
        const v = view(state, viewer);
        for (const id of state.memberOrder) expect(v.members[id]!.objective !== null).toBe(seesPrivateOf(viewer, id, state.phase));
      }
    }
    expect(seesPrivateOf({ kind: 'observer' }, 'DEU', 'voting')).toBe(false);
    expect(seesPrivateOf({ kind: 'observer' }, 'DEU', 'ended')).toBe(true);
  });

  it('seesPrivateChange: the facilitator always, a member only for what is addressed to it', () => {
    const sealed = [{ type: 'pledged' as const, member: 'DEU', amount: 5, conditional: false, visibleTo: ['DEU'] }];
    expect(seesPrivateChange(sealed, { kind: 'facilitator' })).toBe(true);
    expect(seesPrivateChange(sealed, { kind: 'member', member: 'DEU' })).toBe(true);
    expect(seesPrivateChange(sealed, { kind: 'member', member: 'FRA' })).toBe(false);
    expect(seesPrivateChange(sealed, { kind: 'observer' })).toBe(false);
    expect(seesPrivateChange([{ type: 'injected', title: 'x', visibleTo: [] }], { kind: 'member', member: 'DEU' })).toBe(false);
  });
});
