import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The command-line conventions every `npm run <tool>` shares: `--help`/`-h` prints the usage and
 * exits 0; an unknown option, a missing value or a bad value prints the problem and the usage on
 * stderr and exits 2.
 */

/** The `--help` option; spread it into each tool's options. */
export const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** `--scenario` and `--seed`, for the tools that play a built-in scenario. */
export const GAME = { scenario: { type: 'string', default: 'quick-demo' }, seed: { type: 'string', default: '1' } } as const;

/** The parsed arguments, or the exit code when there is nothing to run (help, or a usage error). */
export function readArgs<const T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> | { exit: number } {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    return { exit: usageError((error as Error).message, usage) };
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    return { exit: 0 };
  }
  return parsed;
}

/** Prints a usage error and returns the exit code for it. */
export function usageError(problem: string, usage: string): number {
  process.stderr.write(`${problem}\n${usage}\n`);
  return 2;
}
