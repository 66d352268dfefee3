import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GameLog } from '@aspf/shared';
// The debrief is reached by path until shared/src/index.ts re-exports it.
import { afterActionReport, buildDebrief, csvTables, type DebriefOptions } from '../../../shared/src/debrief/index.ts';

/** A path the user typed, from where they typed it (npm runs scripts from the package root). */
export const here = (path: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), path);

/** Writes a game's after-action report and CSV tables where the command line asked (`--report`, `--csv`). */
export function writeDebriefFiles(log: GameLog, where: { report?: string | undefined; csv?: string | undefined }, options: DebriefOptions & { locale: 'en' | 'fr'; generatedAt: number }): void {
  if (where.report) {
    const file = here(where.report);
    writeFileSync(file, afterActionReport(log, options));
    process.stdout.write(`report: ${file}\n`);
  }
  if (where.csv) {
    const dir = here(where.csv);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(csvTables(buildDebrief(log, options), options.locale))) writeFileSync(join(dir, `${name}.csv`), text);
    process.stdout.write(`csv: ${dir}\n`);
  }
}
