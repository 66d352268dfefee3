/**
 * Engine benchmarks (issue "Foundation"; targets from issues 2 and 6): bot games per second on one
 * core, the cost of `apply`, and the replay of a 10,000-action log. Figures are compared as ratios
 * to targets, never asserted in tests (the machines are shared and noisy).
 */
import { performance } from 'node:perf_hooks';
import { apply, builtinScenario, replay, simulateGame, type GameLog } from '@aspf/shared';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function engineBench(games = 1000): Figure[] {
  const quick = builtinScenario('quick-demo')!;
  const figures: Figure[] = [];

  // 1,000 Quick-demo bot games (target: under a minute on one core).
  simulateGame(quick, 0); // warm up
  let actions = 0;
  const t0 = performance.now();
  for (let seed = 1; seed <= games; seed++) actions += simulateGame(quick, seed).log.entries.length;
  const seconds = (performance.now() - t0) / 1000;
  figures.push({ name: `${games} Quick-demo bot games`, value: round(seconds, 2), unit: 's', target: '< 60 s', met: seconds < 60 * (games / 1000) });
  figures.push({ name: 'bot games per second', value: round(games / seconds, 1), unit: 'games/s' });

  // The cost of apply alone: re-apply a recorded 32-member game's actions (no bot thinking).
  const brussels = builtinScenario('brussels-2026')!;
  const game = simulateGame(brussels, 11);
  const reps = 5;
  let applied = 0;
  const t1 = performance.now();
  for (let r = 0; r < reps; r++) {
    let state = replay({ ...game.log, entries: [] });
    for (const e of game.log.entries) {
      const result = apply(state, e.actor, e.action, e.at);
      if (!result.ok) throw new Error(`bench replay rejected ${e.seq}`);
      state = result.value.state;
      applied++;
    }
  }
  figures.push({ name: 'apply, Brussels 2026 (32 members), mean', value: round(((performance.now() - t1) * 1000) / applied, 1), unit: 'µs/action' });

  // Replay of a 10,000-action log (target ≤ 100 ms).
  const long = longLog(10_000);
  const times: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    replay(long);
    times.push(performance.now() - t);
  }
  const ms = median(times);
  figures.push({ name: `replay of a ${long.entries.length}-action log (median of 7)`, value: round(ms, 1), unit: 'ms', target: '≤ 100 ms', met: ms <= 100 });
  figures.push({ name: 'actions per game, Quick demo (mean)', value: round(actions / games, 1), unit: 'actions' });
  return figures;
}

/**
 * A long workshop session: 32 bot delegations over 20 rounds with two remarks each per phase (votes,
 * pledges, proposals, co-sponsoring, chat), cut to `size` entries.
 */
export function longLog(size: number): GameLog {
  const brussels = builtinScenario('brussels-2026')!;
  const { log } = simulateGame(brussels, 3, { rounds: 20 }, undefined, { chatter: 2 });
  if (log.entries.length < size) throw new Error(`log too short: ${log.entries.length}`);
  return { ...log, entries: log.entries.slice(0, size) };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
