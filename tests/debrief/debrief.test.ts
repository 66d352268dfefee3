import { describe, expect, it } from 'vitest';
import { BUILTIN_PRESETS, replay } from '@aspf/shared';
import { buildDebrief, counterfactualTallies, debriefGuide, retally, type Debrief } from '../../shared/src/debrief/index.ts';
import { botGame, DISPLAY_NAMES, HOSTILE_CHAT, scripted } from './sessions.ts';

const golden = scripted();
const d: Debrief = buildDebrief(golden.log, { displayNames: DISPLAY_NAMES });
const p = (id: string) => d.proposals.find((x) => x.id === id)!;

describe('the debrief is derived from the log by replay', () => {
  it('rebuilds the same final state the session reached', () => {
    expect(replay(golden.log)).toEqual(golden.state);
    expect(d.progress).toMatchObject({ round: 3, phase: 'ended', actions: golden.log.entries.length });
    expect(d.rounds).toHaveLength(2); // the facilitator ended the game at round 3's briefing
    expect(d.rounds.map((r) => r.report)).toEqual(golden.state.history);
  });

  it('re-tallying each proposal under its own rule at the captured electorate reproduces the engine\'s tally exactly', () => {
    for (const x of d.proposals) expect(retally(golden.log.scenario, x.snapshot, x.tally.rule, x.votes), x.id).toEqual(x.tally);
  });

  it('running pledge totals add up to each member\'s cumulative pledges', () => {
    const last = d.rounds.at(-1)!.cumulativePledged;
    for (const id of golden.state.memberOrder) expect(last[id]).toBe(golden.state.members[id]!.cumulativePledged);
    expect(last).toEqual({ USA: 1500, DEU: 950, FRA: 200, POL: 0, EST: 100 });
  });

  it('records conditional pledges as they settled, including one later raised in negotiation', () => {
    expect(d.conditionalPledges.map((c) => `${c.round}:${c.member}:${c.condition.kind}:${c.settled}:${c.status}`)).toEqual([
      '1:DEU:total-at-least:600:honoured', '1:FRA:match:200:honoured', '1:POL:member-at-least:0:fallen',
    ]);
  });
});

describe('counterfactuals: the same votes under other rules', () => {
  it('p1 passed the fund\'s qualified majority, but France\'s "no" would have killed it under consensus', () => {
    expect(p('p1').tally.passed).toBe(true);
    expect(p('p1').counterfactual['nato-consensus']).toMatchObject({ passed: false, vetoedBy: ['FRA'] });
    expect(p('p1').counterfactual['simple-majority']).toMatchObject({ passed: true, yes: 3, electorate: 5 });
    expect(d.counterfactual.killedByVeto).toEqual([{ proposal: 'p1', vetoers: ['FRA'] }]);
  });

  it('p2 (common budget) was vetoed by the USA; no other rule would have passed it with no yes vote', () => {
    expect(p('p2').tally.vetoedBy).toEqual(['USA']);
    expect(p('p2').counterfactual['aspf-qmv']).toMatchObject({ passed: false, electorate: 4, yes: 0 });
    expect(d.counterfactual.passedByQmv).toEqual([]);
  });

  it('p3: 2 yes of 4 participants fails the count (55 %); consensus would have let it through (no "no")', () => {
    expect(p('p3').tally).toMatchObject({ countShare: 0.5, countMet: false, passed: false });
    expect(p('p3').counterfactual['nato-consensus'].passed).toBe(true);
    expect(p('p3').counterfactual['simple-majority']).toMatchObject({ passed: false, yes: 2, electorate: 5 });
    expect(p('p3').voteActions).toBe(4); // DEU changed its vote from no to yes
  });

  it('p4: the USA joined the fund by pledging, so it voted in the fund\'s electorate', () => {
    expect(p('p4').snapshot.participants).toContain('USA');
    expect(p('p4').tally.electorate).toEqual(['USA', 'DEU', 'FRA', 'POL', 'EST']);
  });

  it('p5: the override rejected it; the tally (no votes, no veto) is kept for the record', () => {
    expect(p('p5')).toMatchObject({ outcome: 'rejected', override: { outcome: 'rejected' } });
    expect(p('p5').tally.passed).toBe(true);
    expect(d.counterfactual.killedByVeto.some((k) => k.proposal === 'p5')).toBe(false);
  });

  it('members outside the recorded electorate count as silent: consent under a veto rule, not-yes elsewhere', () => {
    const snapshot = { round: 1, participants: ['DEU', 'FRA'], pledgedWeight: { DEU: 60, FRA: 40 } };
    const t = counterfactualTallies(golden.log.scenario, snapshot, { DEU: 'yes', FRA: 'yes' });
    expect(t['aspf-qmv']).toMatchObject({ passed: true, electorate: 2 });
    expect(t['nato-consensus']).toMatchObject({ passed: true, electorate: 5, yes: 2 });
    expect(t['simple-majority']).toMatchObject({ passed: false, electorate: 5, yes: 2 });
    expect(retally(golden.log.scenario, snapshot, BUILTIN_PRESETS.unanimity, { DEU: 'yes', FRA: 'yes' }).passed).toBe(false);
  });
});

describe('burden sharing', () => {
  it('Pearson\'s r and the least-squares line match a hand computation to 1e-9', () => {
    // GDP ($bn) and cumulative pledges ($m) of the scripted game: share of GDP in % = pledged / (GDP × 1000) × 100.
    const gdp = [1000, 500, 400, 200, 50];
    const share = [1500 / 10_000, 950 / 5000, 200 / 4000, 0, 100 / 500];
    expect(d.burden.points.map((x) => x.sharePct)).toEqual(share.map((s) => expect.closeTo(s, 12)));
    const n = 5;
    const sx = gdp.reduce((a, b) => a + b, 0);
    const sy = share.reduce((a, b) => a + b, 0);
    const sxy = gdp.reduce((a, x, i) => a + x * share[i]!, 0);
    const sxx = gdp.reduce((a, x) => a + x * x, 0);
    const syy = share.reduce((a, y) => a + y * y, 0);
    const r = (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
    const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    expect(Math.abs(d.burden.r! - r)).toBeLessThan(1e-9);
    expect(Math.abs(d.burden.r! - 0.16521340437)).toBeLessThan(1e-9);
    expect(Math.abs(d.burden.fit!.slope - slope)).toBeLessThan(1e-12);
    expect(Math.abs(d.burden.fit!.intercept - (sy - slope * sx) / n)).toBeLessThan(1e-9);
    // Ranks: GDP 5,4,3,2,1 against shares 3,4,2,1,5 → ρ = 1 − 6·Σd²/(n(n²−1)) = 1 − 6·22/120 = −0.1.
    expect(d.burden.spearman).toBeCloseTo(-0.1, 12);
  });
});

describe('voting power, messages, scores', () => {
  it('fund power at the final weights: with five participants any three win, so power is equal whatever the weights', () => {
    const ix = d.power.indices!;
    expect(ix.method).toBe('enumeration');
    expect(ix.players).toEqual(['USA', 'DEU', 'FRA', 'POL', 'EST']);
    ix.banzhaf.forEach((b) => expect(b).toBeCloseTo(0.2, 12));
    expect(Math.max(...ix.weightShare) / Math.min(...ix.weightShare)).toBeGreaterThan(5);
  });

  it('counts who messaged whom, without content by default', () => {
    expect(d.messages).toMatchObject({ total: 6, public: 1, private: 4, announcements: 1, content: null });
    expect(d.messages.pairs).toEqual([
      { from: 'DEU', to: 'FRA', count: 2 }, { from: 'FRA', to: 'DEU', count: 1 },
      { from: 'POL', to: 'DEU', count: 1 }, { from: 'POL', to: 'EST', count: 1 },
    ]);
    expect(JSON.stringify(d)).not.toContain('Support our hub');
    expect(JSON.stringify(d)).not.toContain('alert("pwned")');
    const chats = d.actions.filter((a) => a.type === 'chat');
    expect(chats.map((a) => a.detail)).toContainEqual({ to: ['DEU'], chars: HOSTILE_CHAT.length });
  });

  it('includes the texts only when the facilitator opts in', () => {
    const open = buildDebrief(golden.log, { includeMessageContent: true });
    expect(open.messages.content!.map((c) => c.text)).toContain(HOSTILE_CHAT);
    expect(open.actions.find((a) => a.type === 'announce')!.detail).toEqual({ text: 'Round 2: the Eastern Flank needs you.' });
  });

  it('display names only when given and not anonymised', () => {
    expect(d.members.find((m) => m.id === 'FRA')!.displayNames).toEqual(['Élodie Durand']);
    expect(d.privacy.displayNames).toBe(true);
    const anonymous = buildDebrief(golden.log, { displayNames: DISPLAY_NAMES, anonymise: true });
    expect(anonymous.members.some((m) => m.displayNames)).toBe(false);
    expect(JSON.stringify(anonymous)).not.toContain('Élodie');
    expect(buildDebrief(golden.log).privacy.displayNames).toBe(false);
  });

  it('reveals objectives once the game has ended, and not before', () => {
    expect(d.scores.map((s) => `${s.member}:${s.objective!.id}:${s.objective!.met}`)).toEqual(['USA:hawk:false', 'DEU:bridge:false', 'FRA:bridge:false', 'POL:shield:true', 'EST:shield:true']);
    const midGame = { ...golden.log, entries: golden.log.entries.slice(0, 30) };
    const partial = buildDebrief(midGame);
    expect(partial.progress.ended).toBeNull();
    expect(partial.scores.every((s) => s.objective === null)).toBe(true);
    expect(partial.proposals).toEqual([]);
  });

  it('the debrief guide asks 8–10 questions about this session', () => {
    const q = debriefGuide(d, 'en');
    expect(q.length).toBeGreaterThanOrEqual(8);
    expect(q.length).toBeLessThanOrEqual(10);
    expect(q.map((x) => x.topic)).toEqual(expect.arrayContaining(['burden', 'veto-used', 'veto', 'conditional', 'override', 'reality']));
    expect(q.find((x) => x.topic === 'veto-used')!.text).toContain('p2 Cyber shield was vetoed by USA');
    expect(q.find((x) => x.topic === 'veto')!.text).toContain('p1 Air defence');
    expect(q.at(-1)!.topic).toBe('reality');
    const fr = debriefGuide(d, 'fr');
    expect(fr.find((x) => x.topic === 'veto-used')!.text).toContain('veto de USA (fr)');
  });
});

describe('bot games of the built-in scenarios', () => {
  it('quick-demo seed 7: exact power by enumeration, every proposal re-tallied', () => {
    const g = botGame('quick-demo', 7, 1);
    const q = buildDebrief(g.log);
    expect(q.power.indices!.method).toBe('enumeration');
    expect(q.proposals.length).toBe(g.state.proposals.filter((x) => x.tally).length);
    for (const x of q.proposals) expect(retally(g.log.scenario, x.snapshot, x.tally.rule, x.votes)).toEqual(x.tally);
    expect(debriefGuide(q, 'en').length).toBeGreaterThanOrEqual(8);
  });

  it('brussels-2026 (32 members): Monte-Carlo power with the sample count stated, in well under a few seconds', () => {
    const g = botGame('brussels-2026', 3);
    const t0 = performance.now();
    const b = buildDebrief(g.log, { power: { samples: 50_000 } });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(b.power.indices).toMatchObject({ method: 'monte-carlo', samples: 50_000 });
    expect(b.power.indices!.shapleyShubik.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    for (const x of b.proposals) expect(retally(g.log.scenario, x.snapshot, x.tally.rule, x.votes)).toEqual(x.tally);
  });
});
