/**
 * `npm run simulate -- --scenario quick-demo --seed 7 [--games N]`: plays bot games from the command
 * line. One game prints every round and the final scores; N games print per-strategy means. The
 * same arguments always print the same text.
 */
import { GAME, HELP, readArgs, usageError } from './args.ts';
import { BUILTIN_SCENARIO_IDS, builtinScenario, formatGame, formatMany, simulateGame, simulateMany } from '@aspf/shared';

const USAGE = `usage: npm run simulate -- [--scenario ${BUILTIN_SCENARIO_IDS.join('|')}] [--seed N] [--games N]`;

function main(argv: string[]): number {
  const args = readArgs(USAGE, {
    args: argv,
    options: {
      ...HELP,
      ...GAME,
      games: { type: 'string', default: '1' },
    },
  });
  if ('exit' in args) return args.exit;
  const { values } = args;
  const scenario = builtinScenario(values.scenario);
  const seed = Number(values.seed);
  const games = Number(values.games);
  if (!scenario) return usageError(`unknown scenario "${values.scenario}"`, USAGE);
  if (!Number.isSafeInteger(seed) || seed < 0 || !Number.isSafeInteger(games) || games < 1) {
    return usageError('--seed must be a whole number ≥ 0 and --games ≥ 1', USAGE);
  }
  const text = games === 1
    ? formatGame(simulateGame(scenario, seed))
    : formatMany(scenario.title.en, games, simulateMany(scenario, seed, games));
  process.stdout.write(`${text}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
