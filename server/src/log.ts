/** A minimal leveled logger: the server has little to say, and tests want silence. */
export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export function createLogger(level: 'silent' | 'error' | 'info'): Logger {
  const stamp = () => new Date().toISOString();
  return {
    info: (message) => {
      if (level === 'info') process.stdout.write(`${stamp()} ${message}\n`);
    },
    error: (message, error) => {
      if (level === 'silent') return;
      const detail = error instanceof Error ? ` ${error.stack ?? error.message}` : error === undefined ? '' : ` ${String(error)}`;
      process.stderr.write(`${stamp()} ERROR ${message}${detail}\n`);
    },
  };
}
