import { Rng, seedFrom } from '../engine/rng.ts';
import type { MemberId } from '../engine/types.ts';
import type { Rule } from '../scenario/schema.ts';

/**
 * Voting power (docs/DEBRIEF.md "Voting power"). A voting rule is read as a simple game: a
 * coalition S wins when its members vote yes and everyone else votes no and the rule passes. Every
 * rule of R4 (docs/RULES.md) decides on two numbers only, how many vote yes and the weight they hold, so a
 * game here is the players' weights and a predicate `wins(count, weight)`.
 *
 * Banzhaf: player i swings in S (i ∈ S) when S wins and S∖{i} loses; the normalised index is i's
 * swings over everyone's. Shapley–Shubik: the share of the n! orderings in which i is pivotal, i.e.
 * Σ over swings of (|S|−1)!(n−|S|)!/n!.
 *
 * Exact enumeration of the 2ⁿ coalitions up to 20 players; above that, exact dynamic programming
 * over (coalition size, weight) when the weights are whole numbers and the table stays small;
 * otherwise a seeded Monte-Carlo estimate whose sample count and standard error are reported.
 */
export interface SimpleGame {
  players: readonly string[];
  weights: readonly number[];
  wins: (count: number, weight: number) => boolean;
}

export type PowerMethod = 'enumeration' | 'dynamic-programming' | 'monte-carlo';

export interface PowerIndices {
  players: string[];
  weights: number[];
  /** Each player's share of the total weight. */
  weightShare: number[];
  /** Normalised Banzhaf index (sums to 1 when anyone swings). */
  banzhaf: number[];
  /** Absolute Banzhaf: the probability of being a swing among 2ⁿ⁻¹ coalitions of the others. */
  banzhafAbsolute: number[];
  shapleyShubik: number[];
  method: PowerMethod;
  /** Monte Carlo only: samples drawn for each index, and the largest standard error of an estimate. */
  samples?: number;
  standardError?: number;
}

export interface PowerOptions {
  method?: PowerMethod | 'auto';
  /** Monte Carlo samples (orderings for Shapley–Shubik, coalitions for Banzhaf). */
  samples?: number;
  seed?: number | string;
  /** Most players for exact enumeration under 'auto'. */
  maxEnumeration?: number;
  /** Largest (n+1)·(W+1) table for the dynamic programme under 'auto'. */
  maxTableCells?: number;
}

export const DEFAULT_POWER_SAMPLES = 200_000;
const EPS = 1e-9;

/** A weighted voting game [quota; w₁ … wₙ]: a coalition wins with at least `quota` weight. */
export function weightedGame(players: readonly string[], weights: readonly number[], quota: number): SimpleGame {
  return { players, weights, wins: (_count, weight) => weight >= quota - EPS };
}

/**
 * R4 a rule as a simple game over an electorate: the same criteria and tolerance as `tally`
 * (engine/voting.ts), with everyone outside the coalition voting no. Under a veto rule that makes
 * every member a vetoer, so only the whole electorate wins.
 */
export function ruleGame(rule: Rule, electorate: readonly MemberId[], weights: Readonly<Record<MemberId, number>>): SimpleGame {
  const w = electorate.map((id) => weights[id] ?? 0);
  const n = electorate.length;
  const total = w.reduce((s, x) => s + x, 0);
  return {
    players: electorate,
    weights: w,
    wins(count, weight) {
      if (n === 0) return false;
      const countShare = count / n;
      const countMet = rule.passCountShare === null ? true
        : rule.strictCount ? countShare > rule.passCountShare + EPS : countShare >= rule.passCountShare - EPS;
      const weightShare = total === 0 ? 0 : weight / total;
      const weightReached = rule.passWeightShare === null || weightShare >= rule.passWeightShare - EPS;
      const weightMet = weightReached || (rule.blockingMinimum !== null && n - count < rule.blockingMinimum);
      const vetoed = rule.veto && count < n;
      return countMet && weightMet && !vetoed;
    },
  };
}

export function powerIndices(game: SimpleGame, options: PowerOptions = {}): PowerIndices {
  const n = game.players.length;
  const method = options.method && options.method !== 'auto' ? options.method : chooseMethod(game, options);
  const core = method === 'enumeration' ? enumerate(game)
    : method === 'dynamic-programming' ? dynamicProgramme(game)
    : monteCarlo(game, options.samples ?? DEFAULT_POWER_SAMPLES, options.seed ?? 'power');
  const total = game.weights.reduce((s, x) => s + x, 0);
  const swingSum = core.banzhafAbsolute.reduce((s, x) => s + x, 0);
  return {
    players: [...game.players],
    weights: [...game.weights],
    weightShare: game.weights.map((w) => (total > 0 ? w / total : n > 0 ? 1 / n : 0)),
    banzhaf: core.banzhafAbsolute.map((b) => (swingSum > 0 ? b / swingSum : 0)),
    banzhafAbsolute: core.banzhafAbsolute,
    shapleyShubik: core.shapleyShubik,
    method,
    ...(core.samples !== undefined ? { samples: core.samples, standardError: core.standardError } : {}),
  };
}

function chooseMethod(game: SimpleGame, options: PowerOptions): PowerMethod {
  const n = game.players.length;
  if (n <= (options.maxEnumeration ?? 20)) return 'enumeration';
  const integral = game.weights.every((w) => Number.isInteger(w) && w >= 0);
  const total = game.weights.reduce((s, x) => s + x, 0);
  if (integral && (n + 1) * (total + 1) <= (options.maxTableCells ?? 4_000_000)) return 'dynamic-programming';
  return 'monte-carlo';
}

interface Core {
  banzhafAbsolute: number[];
  shapleyShubik: number[];
  samples?: number;
  standardError?: number;
}

/** (k)!(n−k−1)!/n! for a coalition of k others that i joins as the pivot: 1 / (n·C(n−1, k)). */
function pivotWeights(n: number): number[] {
  const out: number[] = [];
  let binom = 1; // C(n−1, k)
  for (let k = 0; k < n; k++) {
    out.push(1 / (n * binom));
    binom = (binom * (n - 1 - k)) / (k + 1);
  }
  return out;
}

function enumerate(game: SimpleGame): Core {
  const n = game.players.length;
  if (n > 24) throw new RangeError(`enumeration of ${n} players is too large`);
  const size = 2 ** n;
  const count = new Uint8Array(size);
  const weight = new Float64Array(size);
  const win = new Uint8Array(size);
  win[0] = game.wins(0, 0) ? 1 : 0;
  for (let mask = 1; mask < size; mask++) {
    const low = mask & -mask;
    const j = 31 - Math.clz32(low);
    const rest = mask ^ low;
    count[mask] = count[rest]! + 1;
    weight[mask] = weight[rest]! + game.weights[j]!;
    win[mask] = game.wins(count[mask]!, weight[mask]!) ? 1 : 0;
  }
  const pivot = pivotWeights(n);
  const swings = new Array<number>(n).fill(0);
  const ss = new Array<number>(n).fill(0);
  for (let mask = 0; mask < size; mask++) {
    if (win[mask]) continue; // i can only swing a losing coalition of the others into a winning one
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if (mask & bit || !win[mask | bit]) continue;
      swings[i]! += 1;
      ss[i]! += pivot[count[mask]!]!;
    }
  }
  const others = 2 ** (n - 1);
  return { banzhafAbsolute: swings.map((s) => s / others), shapleyShubik: ss };
}

/**
 * Exact counts by dynamic programming: C[k][w] = number of coalitions of size k and weight w (whole
 * weights). For player i the coalitions of the others follow by removing i's term,
 * D[k][w] = C[k][w] − D[k−1][w−wᵢ]. Counts stay below 2⁵³, so doubles are exact.
 */
function dynamicProgramme(game: SimpleGame): Core {
  const n = game.players.length;
  const w = game.weights.map((x) => {
    if (!Number.isInteger(x) || x < 0) throw new RangeError('dynamic programming needs whole, non-negative weights');
    return x;
  });
  const W = w.reduce((s, x) => s + x, 0);
  const stride = W + 1;
  const C = new Float64Array((n + 1) * stride);
  C[0] = 1;
  for (let j = 0; j < n; j++) {
    const wj = w[j]!;
    for (let k = j; k >= 0; k--) {
      const from = k * stride;
      const to = (k + 1) * stride + wj;
      for (let x = W - wj; x >= 0; x--) {
        const c = C[from + x]!;
        if (c !== 0) C[to + x]! += c;
      }
    }
  }
  // Whether a coalition of size k and weight x wins, for every cell.
  const win = new Uint8Array((n + 1) * stride);
  for (let k = 0; k <= n; k++) for (let x = 0; x <= W; x++) win[k * stride + x] = game.wins(k, x) ? 1 : 0;

  const pivot = pivotWeights(n);
  const others = 2 ** (n - 1);
  const banzhafAbsolute: number[] = [];
  const shapleyShubik: number[] = [];
  const D = new Float64Array(n * stride);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    let swings = 0;
    let ss = 0;
    for (let k = 0; k < n; k++) {
      for (let x = 0; x <= W; x++) {
        const prev = k > 0 && x >= wi ? D[(k - 1) * stride + x - wi]! : 0;
        const d = C[k * stride + x]! - prev;
        D[k * stride + x] = d;
        if (d === 0 || win[k * stride + x] || x + wi > W || !win[(k + 1) * stride + x + wi]) continue;
        swings += d;
        ss += d * pivot[k]!;
      }
    }
    banzhafAbsolute.push(swings / others);
    shapleyShubik.push(ss);
  }
  return { banzhafAbsolute, shapleyShubik };
}

/**
 * Seeded Monte Carlo: `samples` random orderings (the first player whose arrival makes the coalition
 * win is pivotal: an unbiased Shapley–Shubik estimate) and `samples` random coalitions (each player
 * is in with probability ½; whether i swings there estimates its absolute Banzhaf index).
 */
function monteCarlo(game: SimpleGame, samples: number, seed: number | string): Core {
  const n = game.players.length;
  const w = game.weights;
  const rng = new Rng(seedFrom(`power:${seed}`));
  const pivots = new Array<number>(n).fill(0);
  const order = new Int32Array(n);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    let count = 0;
    let weight = 0;
    for (let p = 0; p < n; p++) {
      const i = order[p]!;
      count += 1;
      weight += w[i]!;
      if (game.wins(count, weight)) {
        pivots[i]! += 1;
        break;
      }
    }
  }
  const swings = new Array<number>(n).fill(0);
  const member = new Uint8Array(n);
  for (let s = 0; s < samples; s++) {
    let count = 0;
    let weight = 0;
    for (let i = 0; i < n; i++) {
      member[i] = rng.next() < 0.5 ? 1 : 0;
      if (member[i]) { count += 1; weight += w[i]!; }
    }
    const whole = game.wins(count, weight);
    for (let i = 0; i < n; i++) {
      const swing = member[i]
        ? whole && !game.wins(count - 1, weight - w[i]!)
        : !whole && game.wins(count + 1, weight + w[i]!);
      if (swing) swings[i]! += 1;
    }
  }
  const shapleyShubik = pivots.map((p) => p / samples);
  const banzhafAbsolute = swings.map((x) => x / samples);
  const se = (p: number) => Math.sqrt((p * (1 - p)) / samples);
  const standardError = Math.max(0, ...shapleyShubik.map(se), ...banzhafAbsolute.map(se));
  return { banzhafAbsolute, shapleyShubik, samples, standardError };
}
