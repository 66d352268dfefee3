import { describe, expect, it } from 'vitest';
import { BUILTIN_PRESETS, pivotalMembers, tally, type Ballot, type Choice } from '@aspf/shared';

// R4 worked vectors: participants and cumulative pledges (total 100).
const weights = { DEU: 30, FRA: 25, POL: 15, CAN: 14, NLD: 10, EST: 2, LVA: 2, LTU: 2 };
const electorate = Object.keys(weights);
const qmv = BUILTIN_PRESETS['aspf-qmv'];

function ballot(yes: string[], no: string[], abstain: string[] = []): Ballot {
  const votes: Record<string, Choice> = {};
  for (const id of yes) votes[id] = 'yes';
  for (const id of no) votes[id] = 'no';
  for (const id of abstain) votes[id] = 'abstain';
  return { electorate, weights, votes };
}

describe('R4 the general voting rule: worked vectors', () => {
  it('vector 1: 6/8 = 75 %, weight 65 % → passes', () => {
    const t = tally(qmv, ballot(['DEU', 'POL', 'CAN', 'EST', 'LVA', 'LTU'], ['FRA', 'NLD']));
    expect(t.countShare).toBeCloseTo(0.75);
    expect(t.weightShare).toBeCloseTo(0.65);
    expect(t.blockingMinorityMissing).toBe(false);
    expect(t.passed).toBe(true);
  });

  it('vector 2: CAN abstains → weight 51 %, only 3 non-yes < 4 → passes with no blocking minority', () => {
    const t = tally(qmv, ballot(['DEU', 'POL', 'EST', 'LVA', 'LTU'], ['FRA', 'NLD'], ['CAN']));
    expect(t.weightShare).toBeCloseTo(0.51);
    expect(t.countShare).toBeCloseTo(5 / 8);
    expect(t.blockingMinorityMissing).toBe(true);
    expect(t.passed).toBe(true);
  });

  it('vector 3: 4/8 = 50 % < 55 % → fails on the count', () => {
    const t = tally(qmv, ballot(['DEU', 'POL', 'LVA', 'LTU'], ['FRA', 'NLD', 'CAN', 'EST']));
    expect(t.countShare).toBeCloseTo(0.5);
    expect(t.countMet).toBe(false);
    expect(t.passed).toBe(false);
  });

  it('vector 4: 75 %, weight 45 %, non-yes 2 < 4 → passes', () => {
    const t = tally(qmv, ballot(['POL', 'CAN', 'NLD', 'EST', 'LVA', 'LTU'], ['DEU', 'FRA']));
    expect(t.weightShare).toBeCloseTo(0.45);
    expect(t.blockingMinorityMissing).toBe(true);
    expect(t.passed).toBe(true);
  });

  it('a blocking minority of four non-yes members with enough weight does block', () => {
    // With 8 participants a 55 % count leaves at most 3 non-yes, so add two: 6/10 yes, 45/110 weight.
    const ten = { electorate: [...electorate, 'BEL', 'DNK'], weights: { ...weights, BEL: 5, DNK: 5 } };
    const yes = ['POL', 'CAN', 'NLD', 'EST', 'LVA', 'LTU'];
    const votes: Record<string, Choice> = Object.fromEntries(yes.map((id) => [id, 'yes' as const]));
    const t = tally(qmv, { ...ten, votes: { ...votes, DEU: 'no', FRA: 'no', BEL: 'no', DNK: 'abstain' } });
    expect(t.countShare).toBeCloseTo(0.6);
    expect(t.countMet).toBe(true);
    expect(t.blockingMinorityMissing).toBe(false);
    expect(t.weightMet).toBe(false);
    expect(t.passed).toBe(false);
  });

  const nato32 = Array.from({ length: 31 }, (_, i) => `M${String(i).padStart(2, '0')}`).concat('USA');
  const consensus = (usa: Choice | undefined): Ballot => {
    const votes: Record<string, Choice> = {};
    for (const id of nato32.slice(0, 31)) votes[id] = 'yes';
    if (usa) votes.USA = usa;
    return { electorate: nato32, weights: Object.fromEntries(nato32.map((id) => [id, 1])), votes };
  };
  const natoConsensus = BUILTIN_PRESETS['nato-consensus'];

  it('nato-consensus, 32 members: 31 yes + USA no → fails (veto)', () => {
    const t = tally(natoConsensus, consensus('no'));
    expect(t.vetoedBy).toEqual(['USA']);
    expect(t.passed).toBe(false);
  });

  it('nato-consensus: 31 yes + USA abstains → passes; silence is consent too', () => {
    expect(tally(natoConsensus, consensus('abstain')).passed).toBe(true);
    expect(tally(natoConsensus, consensus(undefined)).passed).toBe(true);
  });

  it('simple-majority needs more than half; unanimity needs every member', () => {
    const four = { electorate: ['A', 'B', 'C', 'D'], weights: { A: 1, B: 1, C: 1, D: 1 } };
    expect(tally(BUILTIN_PRESETS['simple-majority'], { ...four, votes: { A: 'yes', B: 'yes' } }).passed).toBe(false);
    expect(tally(BUILTIN_PRESETS['simple-majority'], { ...four, votes: { A: 'yes', B: 'yes', C: 'yes' } }).passed).toBe(true);
    expect(tally(BUILTIN_PRESETS.unanimity, { ...four, votes: { A: 'yes', B: 'yes', C: 'yes', D: 'abstain' } }).passed).toBe(false);
    expect(tally(BUILTIN_PRESETS.unanimity, { ...four, votes: { A: 'yes', B: 'yes', C: 'yes', D: 'yes' } }).passed).toBe(true);
  });

  it('eu-double-majority weighs by population', () => {
    const pop = { electorate: ['BIG', 'A', 'B', 'C', 'D'], weights: { BIG: 80, A: 5, B: 5, C: 5, D: 5 } };
    // 4/5 members but 20 % of the population, and only one non-yes member: no blocking minority.
    const t = tally(BUILTIN_PRESETS['eu-double-majority'], { ...pop, votes: { A: 'yes', B: 'yes', C: 'yes', D: 'yes', BIG: 'no' } });
    expect(t.weightShare).toBeCloseTo(0.2);
    expect(t.passed).toBe(true);
  });

  it('pivotal members are those whose switch flips the outcome', () => {
    // Vector 3 fails at 4/8: any one non-yes member joining reaches 5/8 and passes (weight is met or
    // no blocking minority is left); a yes voter leaving changes nothing.
    const b3 = ballot(['DEU', 'POL', 'LVA', 'LTU'], ['FRA', 'NLD', 'CAN', 'EST']);
    expect(pivotalMembers(qmv, b3).sort()).toEqual(['CAN', 'EST', 'FRA', 'NLD']);
    // Vector 1 passes with six yes: no single member can break it.
    expect(pivotalMembers(qmv, ballot(['DEU', 'POL', 'CAN', 'EST', 'LVA', 'LTU'], ['FRA', 'NLD']))).toEqual([]);
    // Consensus: every member is pivotal while all say yes (one no vetoes).
    const three = { electorate: ['A', 'B', 'C'], weights: { A: 1, B: 1, C: 1 }, votes: { A: 'yes', B: 'yes', C: 'yes' } as Record<string, Choice> };
    expect(pivotalMembers(BUILTIN_PRESETS['nato-consensus'], three)).toEqual(['A', 'B', 'C']);
  });
});
