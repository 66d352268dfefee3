/**
 * `npm run simulate -- --scenario quick-demo --seed 7 [--games N]`: plays bot games from the command
 * line. One game prints every round and the final scores; N games print per-strategy means. The
 * same arguments always print the same text.
 */
import { parseArgs } from 'node:util';
import { BUILTIN_SCENARIO_IDS, builtinScenario, formatGame, formatMany, simulateGame, simulateMany } from '@aspf/shared';

const USAGE = `usage: npm run simulate -- [--scenario ${BUILTIN_SCENARIO_IDS.join('|')}] [--seed N] [--games N]`;

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string', default: 'quick-demo' },
        seed: { type: 'string', default: '1' },
        games: { type: 'string', default: '1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const scenario = builtinScenario(values.scenario);
  const seed = Number(values.seed);
  const games = Number(values.games);
  if (!scenario) {
    process.stderr.write(`unknown scenario "${values.scenario}"\n${USAGE}\n`);
    return 2;
  }
  if (!Number.isSafeInteger(seed) || seed < 0 || !Number.isSafeInteger(games) || games < 1) {
    process.stderr.write(`--seed must be a whole number ≥ 0 and --games ≥ 1\n${USAGE}\n`);
    return 2;
  }
  const text = games === 1
    ? formatGame(simulateGame(scenario, seed))
    : formatMany(scenario.title.en, games, simulateMany(scenario, seed, games));
  process.stdout.write(`${text}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
