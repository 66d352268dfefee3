import { describe, expect, it } from 'vitest';
import { BUILTIN_PRESETS, Rng, tally, type Choice, type Rule } from '@aspf/shared';
import { powerIndices, ruleGame, weightedGame, type PowerMethod } from '../../shared/src/debrief/index.ts';

const EXACT: PowerMethod[] = ['enumeration', 'dynamic-programming'];

describe('voting power: published vectors', () => {
  // The Council of the EEC, 1958–1972: France, Germany, Italy 4 votes, Belgium and the Netherlands 2,
  // Luxembourg 1; a qualified majority was 12 of 17. Luxembourg is the textbook null player.
  // Source: D. S. Felsenthal & M. Machover, The Measurement of Voting Power (Edward Elgar, 1998),
  // the EEC Council example (Banzhaf 5/21, 5/21, 5/21, 3/21, 3/21, 0; Shapley–Shubik 14/60, 14/60,
  // 14/60, 9/60, 9/60, 0); see also Games 9(2):29 (2018), "Luxembourg as a null player".
  const eec = weightedGame(['FRA', 'DEU', 'ITA', 'BEL', 'NLD', 'LUX'], [4, 4, 4, 2, 2, 1], 12);
  const eecBanzhaf = [5, 5, 5, 3, 3, 0].map((x) => x / 21);
  const eecShapley = [14, 14, 14, 9, 9, 0].map((x) => x / 60);

  it.each(EXACT)('EEC Council 1958, exactly (%s)', (method) => {
    const r = powerIndices(eec, { method });
    r.banzhaf.forEach((b, i) => expect(b).toBeCloseTo(eecBanzhaf[i]!, 12));
    r.shapleyShubik.forEach((s, i) => expect(s).toBeCloseTo(eecShapley[i]!, 12));
    expect(r.method).toBe(method);
  });

  it('EEC Council 1958 by seeded Monte Carlo: within four standard errors, and repeatable', () => {
    const r = powerIndices(eec, { method: 'monte-carlo', samples: 100_000, seed: 1958 });
    expect(r.samples).toBe(100_000);
    const se = r.standardError!;
    expect(se).toBeGreaterThan(0);
    expect(se).toBeLessThan(0.002);
    r.shapleyShubik.forEach((s, i) => expect(Math.abs(s - eecShapley[i]!)).toBeLessThan(4 * se));
    // Normalised Banzhaf is a ratio of estimates: allow the same band on the absolute index (swings / 2⁵).
    const absolute = [10, 10, 10, 6, 6, 0].map((x) => x / 32);
    r.banzhafAbsolute.forEach((b, i) => expect(Math.abs(b - absolute[i]!)).toBeLessThan(4 * se));
    expect(r.banzhaf[5]).toBe(0);
    expect(powerIndices(eec, { method: 'monte-carlo', samples: 100_000, seed: 1958 })).toEqual(r);
  });

  // The UN Security Council since 1965: 5 permanent members with a veto and 10 elected members;
  // a resolution needs 9 votes including all 5 permanent ones — the weighted game [39; 7×5, 1×10].
  // Shapley–Shubik: permanent 421/2145 ≈ 0.1963, elected 4/2145 ≈ 0.001865. Source: the index of
  // L. S. Shapley & M. Shubik, APSR 48(3) 787–792 (1954); the 15-member figures are the worked
  // Security Council example of the encyclopaedia article "Shapley–Shubik power index" (an elected
  // member is pivotal in 84 × 8! × 6! of the 15! orderings: 4/2145).
  // Banzhaf, counted by hand: an elected member swings when all five permanent members and exactly
  // three of the other nine elected vote yes, C(9,3) = 84 coalitions; a permanent member swings
  // when the other four and at least four of the ten elected do, Σₖ₌₄¹⁰ C(10,k) = 848. Normalised:
  // 848/5080 ≈ 0.1669 and 84/5080 ≈ 0.01654.
  const unsc = weightedGame(['US', 'UK', 'FR', 'RU', 'CN', ...Array.from({ length: 10 }, (_, i) => `E${i + 1}`)], [7, 7, 7, 7, 7, ...Array<number>(10).fill(1)], 39);

  it.each(EXACT)('UN Security Council, exactly (%s)', (method) => {
    const r = powerIndices(unsc, { method });
    for (let i = 0; i < 5; i++) {
      expect(r.shapleyShubik[i]).toBeCloseTo(421 / 2145, 12);
      expect(r.shapleyShubik[i]).toBeCloseTo(0.1963, 4);
      expect(r.banzhaf[i]).toBeCloseTo(848 / 5080, 12);
    }
    for (let i = 5; i < 15; i++) {
      expect(r.shapleyShubik[i]).toBeCloseTo(4 / 2145, 12);
      expect(r.shapleyShubik[i]! * 1e6).toBeCloseTo(1865, 0);
      expect(r.banzhaf[i]).toBeCloseTo(84 / 5080, 12);
    }
    expect(r.banzhafAbsolute[0]! * 2 ** 14).toBeCloseTo(848, 9);
    expect(r.banzhafAbsolute[5]! * 2 ** 14).toBeCloseTo(84, 9);
  });

  // Nassau County Board of Supervisors, 1958: weights 9, 9, 7, 3, 1, 1 with a majority of 16 of 30
  // (the 1964 board was [58; 31, 31, 28, 21, 2, 2]).
  // Banzhaf showed that the last three members, with 5 of the 30 votes, could never change an
  // outcome. Source: J. F. Banzhaf III, "Weighted voting doesn't work: a mathematical analysis",
  // Rutgers Law Review 19 (1965) 317–343.
  it('Nassau County Board 1958: three members with votes and no power', () => {
    const r = powerIndices(weightedGame(['H1', 'H2', 'NH', 'OB', 'GC', 'LB'], [9, 9, 7, 3, 1, 1], 16));
    expect(r.method).toBe('enumeration');
    expect(r.banzhaf.map((b) => Math.round(b * 3e6) / 1e6)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(r.shapleyShubik.slice(0, 3).every((s) => Math.abs(s - 1 / 3) < 1e-12)).toBe(true);
  });
});

describe('voting power: rules as simple games', () => {
  // R4 worked vectors' electorate.
  const weights = { DEU: 30, FRA: 25, POL: 15, CAN: 14, NLD: 10, EST: 2, LVA: 2, LTU: 2 };
  const electorate = Object.keys(weights);

  it.each(Object.keys(BUILTIN_PRESETS))('%s: ruleGame decides every coalition exactly as tally does', (preset) => {
    const rule = BUILTIN_PRESETS[preset as keyof typeof BUILTIN_PRESETS] as Rule;
    const game = ruleGame(rule, electorate, weights);
    for (let mask = 0; mask < 2 ** electorate.length; mask++) {
      const votes: Record<string, Choice> = {};
      let count = 0;
      let weight = 0;
      electorate.forEach((id, i) => {
        const yes = (mask >> i) & 1;
        votes[id] = yes ? 'yes' : 'no';
        if (yes) { count += 1; weight += weights[id as keyof typeof weights]; }
      });
      expect(game.wins(count, weight), `${preset} mask ${mask}`).toBe(tally(rule, { electorate, weights, votes }).passed);
    }
  });

  it('the aspf-qmv game on R4 weights: enumeration and dynamic programming agree to 1e-12', () => {
    const game = ruleGame(BUILTIN_PRESETS['aspf-qmv'], electorate, weights);
    const a = powerIndices(game, { method: 'enumeration' });
    const b = powerIndices(game, { method: 'dynamic-programming' });
    a.banzhaf.forEach((x, i) => expect(x).toBeCloseTo(b.banzhaf[i]!, 12));
    a.shapleyShubik.forEach((x, i) => expect(x).toBeCloseTo(b.shapleyShubik[i]!, 12));
    expect(a.shapleyShubik.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    // The blocking minimum of 4 makes the small Baltic states decisive far beyond their 2 % weight.
    expect(a.banzhaf[electorate.indexOf('EST')]!).toBeGreaterThan(5 * a.weightShare[electorate.indexOf('EST')]!);
  });

  it('a veto rule makes every member a vetoer: equal power', () => {
    const r = powerIndices(ruleGame(BUILTIN_PRESETS['nato-consensus'], electorate, weights));
    r.banzhaf.forEach((b) => expect(b).toBeCloseTo(1 / 8, 12));
    r.shapleyShubik.forEach((s) => expect(s).toBeCloseTo(1 / 8, 12));
  });

  it('random whole-weight games of 12 players: dynamic programming equals enumeration', () => {
    const rng = new Rng(42);
    for (let g = 0; g < 20; g++) {
      const players = Array.from({ length: 12 }, (_, i) => `P${i}`);
      const w = players.map(() => rng.int(30));
      const rule: Rule = { electorate: 'all-members', passCountShare: rng.next() < 0.5 ? 0.55 : null, strictCount: false, passWeightShare: 0.5 + rng.next() * 0.4, weightBasis: 'equal', blockingMinimum: rng.next() < 0.5 ? 4 : null, veto: false };
      const game = ruleGame(rule, players, Object.fromEntries(players.map((p, i) => [p, w[i]!])));
      const a = powerIndices(game, { method: 'enumeration' });
      const b = powerIndices(game, { method: 'dynamic-programming' });
      a.banzhafAbsolute.forEach((x, i) => expect(x).toBeCloseTo(b.banzhafAbsolute[i]!, 12));
      a.shapleyShubik.forEach((x, i) => expect(x).toBeCloseTo(b.shapleyShubik[i]!, 12));
    }
  });

  it('32 members: "auto" uses exact dynamic programming for whole weights and seeded Monte Carlo otherwise, and they agree', () => {
    const players = Array.from({ length: 32 }, (_, i) => `M${String(i).padStart(2, '0')}`);
    const whole = Object.fromEntries(players.map((p, i) => [p, 1 + ((i * 7) % 13)]));
    const qmv = BUILTIN_PRESETS['aspf-qmv'];
    const exact = powerIndices(ruleGame(qmv, players, whole));
    expect(exact.method).toBe('dynamic-programming');
    expect(exact.shapleyShubik.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    const fractional = Object.fromEntries(players.map((p, i) => [p, whole[p]! + 1e-7 * i]));
    const estimate = powerIndices(ruleGame(qmv, players, fractional), { samples: 100_000, seed: 'test' });
    expect(estimate.method).toBe('monte-carlo');
    expect(estimate.samples).toBe(100_000);
    estimate.shapleyShubik.forEach((x, i) => expect(Math.abs(x - exact.shapleyShubik[i]!)).toBeLessThan(4 * estimate.standardError! + 1e-4));
    estimate.banzhafAbsolute.forEach((x, i) => expect(Math.abs(x - exact.banzhafAbsolute[i]!)).toBeLessThan(4 * estimate.standardError! + 1e-4));
  });
});
