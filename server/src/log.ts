import { format as formatArgs } from 'node:util';

/**
 * A minimal leveled logger: the server has little to say, and tests want silence. In "json" format
 * (LOG_FORMAT=json, the default with NODE_ENV=production) each line is one JSON object —
 * `{ time, level, msg, ...fields, error?, stack? }` — for log collectors; "text" is for people.
 * Everything the process prints goes through it: Colyseus' own lines (`colyseusLogger`), crashes
 * and Node's warnings (`routeProcessOutput`), so a JSON log has no plain-text line (docs/DEPLOY.md §5).
 */
export type LogFields = Record<string, string | number | boolean | null>;
export type LogLevel = 'silent' | 'error' | 'info' | 'debug';

export interface Logger {
  /** Lines only LOG_LEVEL=debug shows (Colyseus' health-check chatter). */
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, error?: unknown, fields?: LogFields): void;
  error(message: string, error?: unknown, fields?: LogFields): void;
}

export interface LoggerOptions {
  format?: 'json' | 'text';
  /** Extra fields on every line (e.g. the process's public address). */
  base?: LogFields;
  /** Where lines go (tests capture them). */
  out?: (line: string) => void;
  err?: (line: string) => void;
  now?: () => Date;
}

type LineLevel = 'error' | 'warn' | 'info' | 'debug';
/** The least LOG_LEVEL that shows a line of each level (warnings show with info). */
const SHOWN_FROM: Record<LineLevel, number> = { error: 1, warn: 2, info: 2, debug: 3 };
const SESSION_LINE = /^session ([A-Z0-9]{4,12}):/;
const RANK: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };

export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const format = options.format ?? 'text';
  const base = options.base ?? {};
  const out = options.out ?? ((line: string) => process.stdout.write(line));
  const err = options.err ?? ((line: string) => process.stderr.write(line));
  const stamp = () => (options.now ? options.now() : new Date()).toISOString();
  const text = (fields: LogFields | undefined) => {
    const all = { ...base, ...fields };
    const keys = Object.keys(all);
    return keys.length ? ` ${keys.map((k) => `${k}=${JSON.stringify(all[k])}`).join(' ')}` : '';
  };
  const write = (lineLevel: LineLevel, message: string, error: unknown, given: LogFields | undefined) => {
    if (SHOWN_FROM[lineLevel] > RANK[level]) return;
    // A line about a session ("session ABCDEFG: …") always carries it as a field, for filtering.
    const about = given?.session === undefined ? SESSION_LINE.exec(message) : null;
    const fields = about ? { ...given, session: about[1]! } : given;
    const sink = lineLevel === 'error' || lineLevel === 'warn' ? err : out;
    if (format === 'json') {
      const detail = error instanceof Error ? { error: error.message, stack: error.stack ?? null } : error === undefined ? {} : { error: String(error) };
      sink(`${JSON.stringify({ time: stamp(), level: lineLevel, msg: message, ...base, ...fields, ...detail })}\n`);
      return;
    }
    const detail = error instanceof Error ? ` ${error.stack ?? error.message}` : error === undefined ? '' : ` ${String(error)}`;
    sink(`${stamp()} ${lineLevel === 'info' ? '' : `${lineLevel.toUpperCase()} `}${message}${fields ? text(fields) : ''}${detail}\n`);
  };
  return {
    debug: (message, fields) => write('debug', message, undefined, fields),
    info: (message, fields) => write('info', message, undefined, fields),
    warn: (message, error, fields) => write('warn', message, error, fields),
    error: (message, error, fields) => write('error', message, error, fields),
  };
}

type ColyseusLevel = 'debug' | 'info' | 'warn' | 'error';
const REPEAT_MS = 10_000;

/**
 * A logger for Colyseus (defineServer's `logger`; by default it writes to the console in plain
 * text): its lines — health checks of other processes, warnings, the errors it catches — become
 * this server's lines with `source: "colyseus"`. Colyseus logs health checks at debug level, shown
 * only with LOG_LEVEL=debug; a text it repeats (a Redis outage, once per retry) is written at most
 * once every 10 s. A stack printed as text becomes the line's `stack`.
 */
export function colyseusLogger(log: Logger, now: () => number = Date.now): Record<ColyseusLevel | 'trace', (...args: unknown[]) => void> {
  const last = new Map<string, number>();
  const emit = (level: ColyseusLevel, args: unknown[]) => {
    const error = args.find((a) => a instanceof Error);
    let msg = formatArgs(...args.filter((a) => a !== error)).trim();
    let stack: string | null = null;
    const newline = msg.indexOf('\n');
    if (newline >= 0) {
      stack = msg;
      msg = msg.slice(0, newline);
    }
    msg = msg.replace(/^[^\p{L}\p{N}"'(]+/u, '') || (error instanceof Error ? error.message : '(empty)');
    const t = now();
    const key = `${level} ${msg}`;
    if (t - (last.get(key) ?? -Infinity) < REPEAT_MS) return;
    if (last.size > 200) for (const [k, at] of last) if (t - at >= REPEAT_MS) last.delete(k);
    last.set(key, t);
    const fields: LogFields = { source: 'colyseus', ...(stack ? { stack } : {}) };
    if (level === 'debug' || level === 'info') log[level](msg, fields);
    else log[level](msg, error, fields);
  };
  return {
    trace: (...args) => emit('debug', args),
    debug: (...args) => emit('debug', args),
    info: (...args) => emit('info', args),
    warn: (...args) => emit('warn', args),
    error: (...args) => emit('error', args),
  };
}

/** Node's process warnings as log lines (`source: "node"`) instead of its plain-text stderr lines. */
export function routeWarnings(log: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => log.warn(`${warning.name}: ${warning.message}`, undefined, { source: 'node' }));
}
