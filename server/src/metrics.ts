import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuUsage, memoryUsage } from 'node:process';
import type { Reply } from '@aspf/shared/protocol';
import type { SessionStore } from './store/session-store.ts';

/**
 * What an operator scrapes at GET /metrics (Prometheus text format 0.0.4): sessions and clients on
 * this process, accepted actions (a counter, and a per-second rate over the last 10 s), refused
 * requests by rejection code, and how long a durable log append takes (a histogram). Counters are
 * per process: Prometheus adds them up across processes.
 */

/** Upper bounds of the append-latency histogram, in seconds. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const RATE_WINDOW_MS = 10_000;

export interface Gauges {
  sessions: number;
  clients: number;
}

export class Metrics {
  actions = 0;
  appendFailures = 0;
  /** Rooms closed because another process acquired their session (server/src/scale/fencing.ts). */
  fenced = 0;
  readonly rejections = new Map<string, number>();
  readonly appendBuckets = BUCKETS.map(() => 0);
  appendCount = 0;
  appendSum = 0;
  /** Times of recent accepted actions, for `aspf_actions_per_second`. */
  private recent: number[] = [];
  private readonly labels: Record<string, string>;
  private readonly now: () => number;
  /** Event-loop delay since the last scrape (started by `watchEventLoop`). */
  private loop: ReturnType<typeof monitorEventLoopDelay> | null = null;

  constructor(labels: Record<string, string> = {}, now: () => number = Date.now) {
    this.labels = labels;
    this.now = now;
  }

  /** Samples how late the event loop runs (every 20 ms): the first sign of an overloaded process. */
  watchEventLoop(): () => void {
    this.loop = monitorEventLoopDelay({ resolution: 20 });
    this.loop.enable();
    return () => this.loop?.disable();
  }

  /** A request's answer: a refusal is counted under its code. */
  reply(reply: Reply): void {
    if (!reply.ok) this.rejections.set(reply.code, (this.rejections.get(reply.code) ?? 0) + 1);
  }

  /** A durable append of an accepted action (humans, bots and timers alike). */
  appended(seconds: number): void {
    this.actions++;
    this.appendCount++;
    this.appendSum += seconds;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) this.appendBuckets[i]!++;
    const now = this.now();
    this.recent.push(now);
    if (this.recent.length > 4096 || this.recent[0]! < now - RATE_WINDOW_MS) this.recent = this.recent.filter((t) => t >= now - RATE_WINDOW_MS);
  }

  actionsPerSecond(): number {
    const since = this.now() - RATE_WINDOW_MS;
    return this.recent.filter((t) => t >= since).length / (RATE_WINDOW_MS / 1000);
  }

  /** The Prometheus exposition text. */
  render(gauges: Gauges): string {
    const base = Object.entries(this.labels).map(([k, v]) => `${k}="${escape(v)}"`);
    const l = (extra: string[] = []) => {
      const all = [...base, ...extra];
      return all.length ? `{${all.join(',')}}` : '';
    };
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric('aspf_sessions', 'gauge', 'Sessions (rooms) running on this process.', [[l(), gauges.sessions]]);
    metric('aspf_clients', 'gauge', 'Connected clients on this process.', [[l(), gauges.clients]]);
    metric('aspf_actions_total', 'counter', 'Accepted actions written to the session log.', [[l(), this.actions]]);
    metric('aspf_actions_per_second', 'gauge', 'Accepted actions per second over the last 10 s.', [[l(), this.actionsPerSecond()]]);
    metric('aspf_rejections_total', 'counter', 'Refused requests, by rejection code.',
      [...this.rejections].sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => [l([`code="${escape(code)}"`]), n]));
    metric('aspf_rooms_fenced_total', 'counter', 'Rooms closed because another process now writes their session.', [[l(), this.fenced]]);
    metric('aspf_log_append_failures_total', 'counter', 'Log appends that failed (the action was refused with server/error).', [[l(), this.appendFailures]]);
    const buckets: [string, number][] = BUCKETS.map((b, i) => [l([`le="${b}"`]), this.appendBuckets[i]!]);
    buckets.push([l(['le="+Inf"']), this.appendCount]);
    metric('aspf_log_append_seconds', 'histogram', 'Time from append to durable (group commit included).', []);
    for (const [labels, value] of buckets) lines.push(`aspf_log_append_seconds_bucket${labels} ${value}`);
    lines.push(`aspf_log_append_seconds_sum${l()} ${this.appendSum}`, `aspf_log_append_seconds_count${l()} ${this.appendCount}`);
    if (this.loop) {
      const p99 = this.loop.count ? this.loop.percentile(99) / 1e9 : 0;
      const max = this.loop.count ? this.loop.max / 1e9 : 0;
      this.loop.reset();
      metric('aspf_event_loop_delay_p99_seconds', 'gauge', 'p99 event-loop delay since the last scrape.', [[l(), p99]]);
      metric('aspf_event_loop_delay_max_seconds', 'gauge', 'Largest event-loop delay since the last scrape.', [[l(), max]]);
    }
    const cpu = cpuUsage();
    metric('process_cpu_seconds_total', 'counter', 'User and system CPU time of this process.', [[l(), (cpu.user + cpu.system) / 1e6]]);
    metric('process_resident_memory_bytes', 'gauge', 'Resident memory of this process.', [[l(), memoryUsage.rss()]]);
    return `${lines.join('\n')}\n`;
  }
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** The store with its appends timed and counted; everything else is the store's own. */
export function instrumentStore(store: SessionStore, metrics: Metrics): SessionStore {
  return {
    createSession: (s) => store.createSession(s),
    getSession: (code) => store.getSession(code),
    unfinishedSessions: () => store.unfinishedSessions(),
    countSessions: () => store.countSessions(),
    endSession: (code, at) => store.endSession(code, at),
    acquire: (code) => store.acquire(code),
    lost: (codes) => store.lost(codes),
    append: async (code, entry) => {
      const t0 = performance.now();
      try {
        await store.append(code, entry);
      } catch (error) {
        metrics.appendFailures++;
        throw error;
      }
      metrics.appended((performance.now() - t0) / 1000);
    },
    entries: (code) => store.entries(code),
    addSeat: (seat) => store.addSeat(seat),
    seatByToken: (hash) => store.seatByToken(hash),
    seats: (code) => store.seats(code),
    revokeSeat: (code, player) => store.revokeSeat(code, player),
    moveSeat: (code, player, member) => store.moveSeat(code, player, member),
    close: () => store.close(),
  };
}

/**
 * /metrics is for a scraper that reaches the process directly, from inside: a request that came
 * through a proxy (it carries X-Forwarded-For or Forwarded, which docs/DEPLOY.md's nginx always
 * sets) gets 404, whatever path the proxy mapped (`/nN/metrics` included).
 */
export function throughProxy(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined || headers['x-real-ip'] !== undefined;
}
