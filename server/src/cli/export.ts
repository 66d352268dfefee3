/**
 * `npm run export -- --scenario quick-demo --seed 7 --out session.json [--report FILE.html]
 * [--csv DIR] [--locale en|fr] [--chatter N] [--messages]`: plays a bot game and writes it as a
 * session export (the same JSON the facilitator downloads), so `npm run replay -- session.json`
 * can be tried without a server. Optionally the after-action report and the CSV tables too.
 */
import { writeFileSync } from 'node:fs';
import { BUILTIN_SCENARIO_IDS, builtinScenario, simulateGame } from '@aspf/shared';
import { GAME, HELP, readArgs, usageError } from './args.ts';
// The debrief is reached by path until shared/src/index.ts re-exports it.
import { exportSession, serialiseSession } from '../../../shared/src/debrief/index.ts';
import { here, writeDebriefFiles } from './files.ts';

const USAGE = `usage: npm run export -- [--scenario ${BUILTIN_SCENARIO_IDS.join('|')}] [--seed N] [--out session.json] [--report FILE.html] [--csv DIR] [--locale en|fr] [--chatter N] [--messages]`;

function main(argv: string[]): number {
  const args = readArgs(USAGE, {
    args: argv,
    options: {
      ...HELP,
      ...GAME,
      out: { type: 'string', default: 'session.json' },
      report: { type: 'string' },
      csv: { type: 'string' },
      locale: { type: 'string', default: 'en' },
      chatter: { type: 'string', default: '0' },
      messages: { type: 'boolean', default: false },
    },
  });
  if ('exit' in args) return args.exit;
  const { values } = args;
  const scenario = builtinScenario(values.scenario);
  const seed = Number(values.seed);
  const chatter = Number(values.chatter);
  if (!scenario) return usageError(`unknown scenario "${values.scenario}"`, USAGE);
  if (!Number.isSafeInteger(seed) || seed < 0 || !Number.isSafeInteger(chatter) || chatter < 0 || chatter > 20 || (values.locale !== 'en' && values.locale !== 'fr')) {
    return usageError('--seed must be a whole number ≥ 0, --chatter 0–20, --locale en or fr', USAGE);
  }
  const locale = values.locale;
  const { state, log } = simulateGame(scenario, seed, {}, undefined, { chatter });
  const now = Date.now();
  const out = here(values.out);
  writeFileSync(out, serialiseSession(exportSession(log, state, { exportedAt: now })));
  process.stdout.write(`session: ${out} (${log.entries.length} actions, ${scenario.title.en}, seed ${seed})\n`);
  writeDebriefFiles(log, values, { includeMessageContent: values.messages, locale, generatedAt: now });
  return 0;
}

process.exitCode = main(process.argv.slice(2));
