/**
 * `npm run replay -- session.json [--report report.html] [--csv DIR] [--locale en|fr] [--messages]
 * [--anonymise]`: re-imports a session exported as JSON, replays its log with this engine and checks
 * that it rebuilds the exported final state exactly ("OK: N actions, final state identical", exit 0).
 * Otherwise it names the first differing path, or the log entry the engine refused, and exits 1.
 * With --report / --csv it also writes the after-action report and the CSV tables from the replay.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HELP, readArgs, usageError } from './args.ts';
// The debrief is reached by path until shared/src/index.ts re-exports it.
import { afterActionReport, buildDebrief, csvTables, logOf, parseSession, verifySession } from '../../../shared/src/debrief/index.ts';

const USAGE = 'usage: npm run replay -- <session.json> [--report FILE.html] [--csv DIR] [--locale en|fr] [--messages] [--anonymise]';
// npm runs scripts from the package root; paths the user typed are relative to where they typed them.
const here = (path: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), path);
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

  const locale = values.locale;
  const options = { includeMessageContent: values.messages, anonymise: values.anonymise, ...(session.value.displayNames ? { displayNames: session.value.displayNames } : {}) };
  const log = logOf(session.value);
  if (values.report) {
    const out = here(values.report);
    writeFileSync(out, afterActionReport(log, { ...options, locale, generatedAt: Date.now() }));
    process.stdout.write(`report: ${out}\n`);
  }
  if (values.csv) {
    const dir = here(values.csv);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(csvTables(buildDebrief(log, options), locale))) writeFileSync(join(dir, `${name}.csv`), text);
    process.stdout.write(`csv: ${dir}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
