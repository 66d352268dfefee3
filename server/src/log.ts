/**
 * A minimal leveled logger: the server has little to say, and tests want silence. In "json" format
 * (LOG_FORMAT=json, the default with NODE_ENV=production) each line is one JSON object —
 * `{ time, level, msg, ...fields, error? }` — for log collectors; "text" is for people.
 */
export type LogFields = Record<string, string | number | boolean | null>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  error(message: string, error?: unknown, fields?: LogFields): void;
}

export interface LoggerOptions {
  format?: 'json' | 'text';
  /** Extra fields on every line (e.g. the process's public address). */
  base?: LogFields;
  /** Where lines go (tests capture them). */
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export function createLogger(level: 'silent' | 'error' | 'info', options: LoggerOptions = {}): Logger {
  const format = options.format ?? 'text';
  const base = options.base ?? {};
  const out = options.out ?? ((line: string) => process.stdout.write(line));
  const err = options.err ?? ((line: string) => process.stderr.write(line));
  const stamp = () => new Date().toISOString();
  const text = (fields: LogFields | undefined) => {
    const all = { ...base, ...fields };
    const keys = Object.keys(all);
    return keys.length ? ` ${keys.map((k) => `${k}=${JSON.stringify(all[k])}`).join(' ')}` : '';
  };
  return {
    info: (message, fields) => {
      if (level !== 'info') return;
      if (format === 'json') out(`${JSON.stringify({ time: stamp(), level: 'info', msg: message, ...base, ...fields })}\n`);
      else out(`${stamp()} ${message}${fields ? text(fields) : ''}\n`);
    },
    error: (message, error, fields) => {
      if (level === 'silent') return;
      if (format === 'json') {
        const detail = error instanceof Error ? { error: error.message, stack: error.stack ?? null } : error === undefined ? {} : { error: String(error) };
        err(`${JSON.stringify({ time: stamp(), level: 'error', msg: message, ...base, ...fields, ...detail })}\n`);
        return;
      }
      const detail = error instanceof Error ? ` ${error.stack ?? error.message}` : error === undefined ? '' : ` ${String(error)}`;
      err(`${stamp()} ERROR ${message}${fields ? text(fields) : ''}${detail}\n`);
    },
  };
}
