import { describe, expect, it } from 'vitest';
import { apply, builtinScenario, createGame, tally as engineTally, ballotFor } from '@aspf/shared';
import { en } from '../../client/src/i18n/en.ts';
import { fr } from '../../client/src/i18n/fr.ts';
import { setLocale, t } from '../../client/src/i18n/index.ts';
import { bn, clock, parseBn } from '../../client/src/ui/format.ts';
import { links, parseRoute } from '../../client/src/ui/route.ts';
import { potRadius, tableLayout } from '../../client/src/scenes/layout.ts';
import { liveTally } from '../../client/src/store/tally.ts';
import type { TableSnapshot } from '../../client/src/store/store.ts';
import { snapshotFromState } from '../../client/src/store/from-state.ts';
import { simulateGame } from '@aspf/shared';

describe('client strings', () => {
  it('French has every English key, non-empty, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key].trim(), key).not.toBe('');
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('switching language switches every string', () => {
    setLocale('fr');
    expect(t('vote.yes')).toBe('Voter pour');
    expect(t('phase.round', { round: 2, rounds: 6, year: 2027 })).toBe('Manche 2 sur 6 — 2027');
    setLocale('en');
    expect(t('vote.yes')).toBe('Vote yes');
  });

  it('the named controls exist with those names', () => {
    const names = Object.values(en);
    for (const n of ['Create session', 'Room code', 'Your name', 'Delegation', 'Join', 'Start game', 'Next phase', 'Pause', 'Pledge amount ($bn)', 'Pledge', 'Propose project', 'Vote yes', 'Vote no', 'Abstain', 'Message', 'Send']) {
      expect(names.some((v) => v === n || v.startsWith(n)), n).toBe(true);
    }
  });
});

describe('client formatting and routes', () => {
  it('money is $m inside and $bn on screen; typed $bn parse back to whole $m', () => {
    setLocale('en');
    expect(bn(12_345)).toBe('$12.35bn');
    setLocale('fr');
    expect(bn(12_345)).toBe('12,35\u00a0Md$');
    setLocale('en');
    expect(parseBn('2.5')).toBe(2500);
    expect(parseBn('2,5')).toBe(2500);
    expect(parseBn('abc')).toBeNaN();
    expect(clock(61_000)).toBe('1:01');
    expect(clock(-5)).toBe('0:00');
  });

  it('routes: join, play, projector, facilitator with the key only in the fragment', () => {
    expect(parseRoute('/', '')).toEqual({ screen: 'home' });
    expect(parseRoute('/join/k7qh4xd', '')).toEqual({ screen: 'join', code: 'K7QH4XD' });
    expect(parseRoute('/facilitate/K7QH4XD', '#key=abc_DEF-123')).toEqual({ screen: 'facilitate', code: 'K7QH4XD', key: 'abc_DEF-123' });
    expect(parseRoute('/projector/K7QH4XD', '')).toEqual({ screen: 'projector', code: 'K7QH4XD' });
    expect(parseRoute('/guide', '')).toEqual({ screen: 'guide' });
    expect(parseRoute('/guide/x', '')).toEqual({ screen: 'home' });
    expect(parseRoute('/join/<script>', '')).toEqual({ screen: 'join', code: 'SCRIPT' });
    expect(links('https://x.org', 'K7QH4XD', 'k').facilitate).toBe('https://x.org/facilitate/K7QH4XD#key=k');
  });
});

describe('table layout', () => {
  it.each([[1366, 560, 32], [390, 330, 5], [1920, 700, 10]])('%i×%i with %i seats keeps every seat and its card on the canvas', (w, hgt, n) => {
    const L = tableLayout(w, hgt, n);
    expect(L.seats).toHaveLength(n);
    expect(L.cards).toHaveLength(n);
    for (const [i, p] of L.seats.entries()) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(w);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThan(L.tracks.y);
      const c = L.cards[i]!;
      expect(c.x).toBeGreaterThanOrEqual(0);
      expect(c.x + c.w).toBeLessThanOrEqual(w);
      expect(c.y).toBeGreaterThanOrEqual(0);
      expect(c.y + c.h).toBeLessThan(L.tracks.y);
    }
  });

  it('the pot grows with the money, within its bounds', () => {
    expect(potRadius(0, 100, 20, 80)).toBe(20);
    expect(potRadius(100, 100, 20, 80)).toBe(80);
    expect(potRadius(25, 100, 20, 80)).toBe(50);
    expect(potRadius(500, 100, 20, 80)).toBe(80);
  });
});

describe('live tally on the client', () => {
  it('agrees with the engine\'s tally at resolution', () => {
    const scenario = builtinScenario('quick-demo')!;
    let s = createGame(scenario, 5);
    const step = (actor: Parameters<typeof apply>[1], action: object) => {
      const r = apply(s, actor, action, 1e12 + s.seq * 1000);
      if (!r.ok) throw new Error(r.error.code);
      s = r.value.state;
    };
    step({ kind: 'facilitator' }, { type: 'start' });
    step({ kind: 'facilitator' }, { type: 'advance' });
    step({ kind: 'member', member: 'DEU' }, { type: 'pledge', amount: 3000 });
    step({ kind: 'facilitator' }, { type: 'advance' });
    step({ kind: 'member', member: 'POL' }, { type: 'propose', project: scenario.projects[0]!.id, channel: 'fund' });
    step({ kind: 'facilitator' }, { type: 'advance' });
    step({ kind: 'facilitator' }, { type: 'advance' });
    step({ kind: 'member', member: 'DEU' }, { type: 'vote', proposal: 'p1', choice: 'yes' });
    step({ kind: 'member', member: 'POL' }, { type: 'vote', proposal: 'p1', choice: 'yes' });
    step({ kind: 'member', member: 'FRA' }, { type: 'vote', proposal: 'p1', choice: 'no' });
    const p = s.proposals[0]!;
    const snapshot = {
      members: Object.fromEntries(s.memberOrder.map((id) => [id, { participant: s.members[id]!.participant, weight: s.members[id]!.pledgedWeight }])),
    } as unknown as TableSnapshot;
    const live = liveTally(snapshot, scenario, s.options.rules.fund, { votes: p.votes } as never);
    const engine = engineTally(s.options.rules.fund, ballotFor(s, s.options.rules.fund, p.votes));
    expect(live.tally).toEqual(engine);
  });
});

describe('replay snapshots', () => {
  it('show the table as a viewer saw it at that step, never more', () => {
    const { state } = simulateGame(builtinScenario('quick-demo')!, 9);
    const fac = snapshotFromState(state);
    expect(fac.phase).toBe('ended');
    expect(Object.keys(fac.members)).toHaveLength(5);
    expect(fac.pool).toBe(state.pool);
    expect(Object.keys(fac.proposals)).toEqual(state.proposals.map((p) => p.id));
    const mid = structuredClone(state);
    mid.phase = 'voting';
    mid.ended = null;
    const deu = snapshotFromState(mid, { kind: 'member', member: 'DEU' });
    expect(deu.members.DEU!.objective).toBe(state.members.DEU!.objective);
    expect(deu.members.FRA!.objective).toBeUndefined();
    expect(snapshotFromState(mid, { kind: 'observer' }).members.DEU!.objective).toBeUndefined();
  });
});

describe('synchronised levels', () => {
  it('travel as integer tenths and hundredths and come back to the engine\'s decimals, the sealed pledge as one row', async () => {
    const { decodeTable } = await import('../../client/src/store/store.ts');
    const table = decodeTable({
      code: 'C', tracks: { east: { threat: 84, capability: 47, crisis: true } }, cohesion: 63, usEngagement: 45, autonomy: 51, allianceIndex: 36,
      members: {
        DEU: {
          score: { security: 110, influence: 250, objectives: 0, returns: 57, prudence: 118, total: 535 }, objective: 'o1',
          sealed: true, sealedAmount: 300, sealedStatus: 'pending', sealedSettled: -1, sealedCondition: 'match', sealedTarget: 'FRA', sealedThreshold: 0,
        },
        FRA: { score: {}, sealed: false, sealedAmount: 0, sealedStatus: '', sealedSettled: 0, sealedCondition: '', sealedTarget: '', sealedThreshold: 0 },
        POL: { score: {} },
      },
    });
    expect(table.tracks.east).toMatchObject({ threat: 8.4, capability: 4.7 });
    expect([table.cohesion, table.usEngagement, table.autonomy, table.allianceIndex]).toEqual([6.3, 4.5, 5.1, 36]);
    expect(table.members.DEU!.score.total).toBe(5.35);
    expect(table.members.DEU!.sealed).toEqual({ amount: 300, status: 'pending', settled: -1, condition: 'match', target: 'FRA', threshold: 0 });
    expect(table.members.DEU!.pledge).toBeNull();
    expect(table.members.FRA!.sealed).toBeNull();
    // Private fields a viewer was not sent stay absent.
    expect('sealed' in table.members.POL!).toBe(false);
    expect('objective' in table.members.POL!).toBe(false);
  });
});
