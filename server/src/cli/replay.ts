/**
 * `npm run replay -- session.json [--report report.html] [--csv DIR] [--locale en|fr] [--messages]
 * [--anonymise]`: re-imports a session exported as JSON, replays its log with this engine and checks
 * that it rebuilds the exported final state exactly ("OK: N actions, final state identical", exit 0).
 * Otherwise it names the first differing path, or the log entry the engine refused, and exits 1.
 * With --report / --csv it also writes the after-action report and the CSV tables from the replay.
 */
import { readFileSync } from 'node:fs';
// The debrief is reached by path until shared/src/index.ts re-exports it.
import { logOf, parseSession, verifySession } from '../../../shared/src/debrief/index.ts';
import { HELP, readArgs, usageError } from './args.ts';
import { here, writeDebriefFiles } from './files.ts';

const USAGE = 'usage: npm run replay -- <session.json> [--report FILE.html] [--csv DIR] [--locale en|fr] [--messages] [--anonymise]';
const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

function main(argv: string[]): number {
  const args = readArgs(USAGE, {
    args: argv,
    allowPositionals: true,
    options: {
      ...HELP,
      report: { type: 'string' },
      csv: { type: 'string' },
      locale: { type: 'string', default: 'en' },
      messages: { type: 'boolean', default: false },
      anonymise: { type: 'boolean', default: false },
    },
  });
  if ('exit' in args) return args.exit;
  const { values, positionals } = args;
  if (positionals.length !== 1) return usageError('name one session file', USAGE);
  if (values.locale !== 'en' && values.locale !== 'fr') return usageError('--locale must be en or fr', USAGE);
  const file = here(positionals[0]!);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const session = parseSession(json);
  if (!session.ok) {
    process.stderr.write(`${file} is not a valid ASPF session export:\n${session.error.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n`);
    return 1;
  }
  const result = verifySession(session.value);
  if (!result.ok) {
    process.stderr.write(`FAILED: ${result.message}\n`);
    if (result.difference) {
      process.stderr.write(`  exported: ${show(result.difference.expected)}\n  replayed: ${show(result.difference.actual)}\n`);
    }
    return 1;
  }
  process.stdout.write(`OK: ${result.actions} actions, final state identical\n`);

  const displayNames = session.value.displayNames ? { displayNames: session.value.displayNames } : {};
  writeDebriefFiles(logOf(session.value), values, { includeMessageContent: values.messages, anonymise: values.anonymise, ...displayNames, locale: values.locale, generatedAt: Date.now() });
  return 0;
}

process.exitCode = main(process.argv.slice(2));
