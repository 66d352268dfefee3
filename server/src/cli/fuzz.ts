/**
 * `npm run fuzz -- --actions 1000000`: the seeded engine fuzz at scale. Plays many seeded games
 * (shared/src/sim/fuzz.ts) that mix the bots' legal moves with illegal and malformed actions,
 * checking the invariants after every step (money conserved, no negative balance, levels in range,
 * rejections change nothing, accepted actions were offered by legalActions, no view leaks a secret)
 * and replay = live play at the end of each game. Games rotate over the built-in scenarios; game i
 * uses seed `--seed + i`. Prints throughput and every failing seed as a line to pin in
 * tests/fuzz/pinned-seeds.json; exits 1 if any game failed.
 */
import { BUILTIN_SCENARIO_IDS, builtinScenario, fuzzGame, type FuzzFailure } from '@aspf/shared';
import { HELP, readArgs, usageError } from './args.ts';

const USAGE = 'usage: npm run fuzz -- [--actions N (100000)] [--seed N (1)] [--steps N per game (1500)] [--scenario ID|all]';

export interface FuzzRun {
  games: number;
  actions: number;
  accepted: number;
  rejected: number;
  ended: number;
  failures: (FuzzFailure & { scenario: string; steps: number })[];
  seconds: number;
}

export function runFuzz(options: { actions: number; seed: number; steps: number; scenarios: string[]; progress?: (run: FuzzRun) => void }): FuzzRun {
  const started = performance.now();
  const run: FuzzRun = { games: 0, actions: 0, accepted: 0, rejected: 0, ended: 0, failures: [], seconds: 0 };
  let lastProgress = started;
  while (run.actions < options.actions) {
    const id = options.scenarios[run.games % options.scenarios.length]!;
    const seed = options.seed + run.games;
    const steps = Math.min(options.steps, Math.max(1, options.actions - run.actions));
    const report = fuzzGame(builtinScenario(id)!, seed, { steps, viewEvery: id === 'brussels-2026' ? 25 : 5 });
    run.games += 1;
    run.actions += report.accepted + report.rejected;
    run.accepted += report.accepted;
    run.rejected += report.rejected;
    if (report.finalPhase === 'ended') run.ended += 1;
    for (const f of report.failures) run.failures.push({ ...f, scenario: id, steps });
    // A game whose every step was skipped (cannot happen today) must not loop forever.
    if (report.accepted + report.rejected === 0) run.actions += 1;
    const now = performance.now();
    if (options.progress && now - lastProgress > 5000) {
      lastProgress = now;
      options.progress({ ...run, seconds: (now - started) / 1000 });
    }
  }
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

function main(argv: string[]): number {
  const args = readArgs(USAGE, {
    args: argv,
    options: {
      ...HELP,
      actions: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      steps: { type: 'string', default: '1500' },
      scenario: { type: 'string', default: 'all' },
    },
  });
  if ('exit' in args) return args.exit;
  const { values } = args;
  const actions = Number(values.actions);
  const seed = Number(values.seed);
  const steps = Number(values.steps);
  const scenarios = values.scenario === 'all' ? [...BUILTIN_SCENARIO_IDS] : [values.scenario];
  if (![actions, seed, steps].every((n) => Number.isSafeInteger(n) && n >= 0) || actions < 1 || steps < 1) {
    return usageError('--actions, --steps must be whole numbers ≥ 1, --seed ≥ 0', USAGE);
  }
  if (scenarios.some((id) => !builtinScenario(id))) return usageError(`unknown scenario "${values.scenario}"`, USAGE);
  const out = process.stdout;
  out.write(`engine fuzz: ${actions} actions, seeds from ${seed}, ${steps} steps a game, scenarios ${scenarios.join(', ')}\n`);
  const run = runFuzz({
    actions, seed, steps, scenarios,
    progress: (r) => out.write(`  … ${r.actions} actions in ${r.games} games, ${Math.round(r.actions / r.seconds)} actions/s, ${r.failures.length} failures\n`),
  });
  out.write(`${run.games} games (${run.ended} played to the end), ${run.actions} actions: ${run.accepted} accepted, ${run.rejected} rejected\n`);
  out.write(`${run.seconds.toFixed(1)} s, ${Math.round(run.actions / run.seconds)} actions/s\n`);
  if (run.failures.length === 0) {
    out.write('invariants held after every step; every game replayed to its live state\n');
    return 0;
  }
  out.write(`${run.failures.length} FAILURE(S); pin each seed in tests/fuzz/pinned-seeds.json:\n`);
  for (const f of run.failures) {
    out.write(`  ${JSON.stringify({ scenario: f.scenario, seed: f.seed, steps: f.steps })}  step ${f.step}: ${f.problem.split('\n')[0]}  action ${JSON.stringify(f.action)}\n`);
  }
  return 1;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
