import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/src/config.ts';
import { colyseusLogger, createLogger } from '../../server/src/log.ts';
import { Metrics, instrumentStore } from '../../server/src/metrics.ts';
import { memoryClaims, redisClaims } from '../../server/src/scale/claims.ts';
import { freshRedisUrl, redisUp } from './services.ts';
import type { SessionStore } from '../../server/src/store/session-store.ts';

/** The operator's side: Prometheus text, JSON log lines, the scale-out settings, claims. */

describe('metrics', () => {
  it('renders sessions, clients, actions, rejections by code and the append histogram as Prometheus text', () => {
    let now = 1_000_000;
    const m = new Metrics({ process: 'a:1' }, () => now);
    m.reply({ ok: true, seq: 3 });
    m.reply({ ok: false, code: 'phase/closed', message: 'x' });
    m.reply({ ok: false, code: 'phase/closed', message: 'x' });
    m.reply({ ok: false, code: 'vote/not_eligible', message: 'x' });
    m.appended(0.0004);
    m.appended(0.003);
    now += 5_000;
    m.appended(0.2);
    const text = m.render({ sessions: 2, clients: 33 });
    const sample = (line: string) => expect(text.split('\n')).toContain(line);
    sample('# TYPE aspf_sessions gauge');
    sample('aspf_sessions{process="a:1"} 2');
    sample('aspf_clients{process="a:1"} 33');
    sample('# TYPE aspf_actions_total counter');
    sample('aspf_actions_total{process="a:1"} 3');
    sample('aspf_actions_per_second{process="a:1"} 0.3');
    sample('aspf_rejections_total{process="a:1",code="phase/closed"} 2');
    sample('aspf_rejections_total{process="a:1",code="vote/not_eligible"} 1');
    sample('# TYPE aspf_log_append_seconds histogram');
    sample('aspf_log_append_seconds_bucket{process="a:1",le="0.0005"} 1');
    sample('aspf_log_append_seconds_bucket{process="a:1",le="0.005"} 2');
    sample('aspf_log_append_seconds_bucket{process="a:1",le="0.25"} 3');
    sample('aspf_log_append_seconds_bucket{process="a:1",le="+Inf"} 3');
    sample('aspf_log_append_seconds_count{process="a:1"} 3');
    expect(text).toMatch(/^process_resident_memory_bytes\{process="a:1"\} \d+$/m);
    // Every sample line is "name{labels} number": what a Prometheus scraper accepts.
    for (const line of text.trim().split('\n')) if (!line.startsWith('#')) expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?\d+(\.\d+)?(e[-+]\d+)?$/);
    now += 11_000;
    expect(m.actionsPerSecond()).toBe(0);
  });

  it('reports the event-loop delay since the last scrape once it watches the loop', async () => {
    const m = new Metrics();
    expect(m.render({ sessions: 0, clients: 0 })).not.toContain('aspf_event_loop_delay');
    const stop = m.watchEventLoop();
    await new Promise((done) => setTimeout(done, 60)); // the sampling timer is running
    const t = Date.now();
    while (Date.now() - t < 200) { /* block the loop */ }
    await new Promise((done) => setTimeout(done, 60));
    const line = m.render({ sessions: 0, clients: 0 }).split('\n').find((l) => l.startsWith('aspf_event_loop_delay_max_seconds '))!;
    expect(Number(line.split(' ')[1])).toBeGreaterThan(0.1); // it saw the 200 ms block (a slower machine only makes it larger)
    stop();
  });

  it('times and counts appends, and counts a failed append as a failure, not an action', async () => {
    const m = new Metrics();
    let fail = false;
    const store = { append: async () => { if (fail) throw new Error('disk full'); } } as unknown as SessionStore;
    const timed = instrumentStore(store, m);
    await timed.append('C', { seq: 1, actor: { kind: 'system' }, action: { type: 'phaseTimeout' }, at: 1 });
    fail = true;
    await expect(timed.append('C', { seq: 2, actor: { kind: 'system' }, action: { type: 'phaseTimeout' }, at: 1 })).rejects.toThrow('disk full');
    expect([m.actions, m.appendCount, m.appendFailures]).toEqual([1, 1, 1]);
  });
});

describe('logs', () => {
  it('writes one JSON object a line in json format, with the error and the base fields', () => {
    const out: string[] = [];
    const err: string[] = [];
    const log = createLogger('info', { format: 'json', base: { process: 'a:1' }, out: (l) => out.push(l), err: (l) => err.push(l) });
    log.info('session ABC: opened', { session: 'ABC', entries: 3 });
    log.error('append failed', new Error('disk full'), { session: 'ABC' });
    log.error('session ABCDEFG: request pledge failed', new Error('fenced'));
    expect(out).toHaveLength(1);
    expect(out[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(out[0]!)).toMatchObject({ level: 'info', msg: 'session ABC: opened', process: 'a:1', session: 'ABC', entries: 3 });
    expect(Date.parse(JSON.parse(out[0]!).time)).not.toBeNaN();
    expect(JSON.parse(err[0]!)).toMatchObject({ level: 'error', msg: 'append failed', error: 'disk full', session: 'ABC' });
    expect(JSON.parse(err[0]!).stack).toContain('disk full');
    expect(JSON.parse(err[1]!)).toMatchObject({ msg: 'session ABCDEFG: request pledge failed', session: 'ABCDEFG', error: 'fenced' });
  });

  it('stays quiet at its level and readable in text format', () => {
    const out: string[] = [];
    createLogger('error', { format: 'json', out: (l) => out.push(l) }).info('hidden');
    createLogger('info', { out: (l) => out.push(l) }).info('plain', { n: 1 });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ plain n=1\n$/);
  });
});

describe("Colyseus' lines", () => {
  it('become the server\'s JSON lines: health checks at debug, a printed stack split off, a repeated warning once per 10 s', () => {
    const lines: Record<string, unknown>[] = [];
    let now = 0;
    const collect = (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>);
    const colyseus = colyseusLogger(createLogger('info', { format: 'json', base: { process: 'a:1' }, out: collect, err: collect }), () => now);
    colyseus.debug("> Performing health-check against processId: 'p1'...");
    colyseus.warn('RedisPresence: pub connection error:', 'connect ECONNREFUSED');
    now += 5_000;
    colyseus.warn('RedisPresence: pub connection error:', 'connect ECONNREFUSED');
    now += 5_000;
    colyseus.warn('RedisPresence: pub connection error:', 'connect ECONNREFUSED');
    colyseus.error(new Error('room failed').stack);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'RedisPresence: pub connection error: connect ECONNREFUSED', source: 'colyseus', process: 'a:1' });
    expect(lines[2]).toMatchObject({ level: 'error', msg: 'Error: room failed', source: 'colyseus' });
    expect(lines[2]!.stack).toMatch(/^Error: room failed\n\s+at /);

    const debug: Record<string, unknown>[] = [];
    colyseusLogger(createLogger('debug', { format: 'json', out: (l) => debug.push(JSON.parse(l) as Record<string, unknown>) })).debug("❌ Process 'p1' failed to respond. Cleaning it up.");
    expect(debug).toEqual([expect.objectContaining({ level: 'debug', msg: "Process 'p1' failed to respond. Cleaning it up.", source: 'colyseus' })]);
  });
});

describe('configuration', () => {
  it('reads the scale-out settings and refuses malformed ones', () => {
    const c = configFromEnv({ DATABASE_URL: 'postgres://u@db:5432/aspf', REDIS_URL: 'redis://r:6379/2', PUBLIC_ADDRESS: 'ws://node1.example.org:2567/', RECOVERY_INTERVAL_MS: '2000', NODE_ENV: 'production' }, '/srv');
    expect(c).toMatchObject({ databaseUrl: 'postgres://u@db:5432/aspf', redisUrl: 'redis://r:6379/2', publicAddress: 'node1.example.org:2567', recoveryIntervalMs: 2000, logFormat: 'json' });
    expect(configFromEnv({}, '/srv')).toMatchObject({ databaseUrl: null, redisUrl: null, publicAddress: null, logFormat: 'text', recoveryIntervalMs: 5000 });
    expect(() => configFromEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => configFromEnv({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => configFromEnv({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});

describe('claims', () => {
  it('gives a code to one holder at a time, until released or expired', async () => {
    let now = 0;
    const claims = memoryClaims(() => now);
    expect(await claims.take('ABC', 1000)).toBe(true);
    expect(await claims.take('ABC', 1000)).toBe(false);
    expect(await claims.take('DEF', 1000)).toBe(true);
    await claims.release('ABC');
    expect(await claims.take('ABC', 1000)).toBe(true);
    now = 1001;
    expect(await claims.take('ABC', 1000)).toBe(true);
  });
});

describe('claims in Redis', () => {
  it('let exactly one of several processes hold a code, and only the holder release it', async (ctx) => {
    if (!(await redisUp())) return ctx.skip();
    const url = freshRedisUrl();
    const [p1, p2, p3] = ['p1', 'p2', 'p3'].map((owner) => redisClaims(url, owner)) as [ReturnType<typeof redisClaims>, ReturnType<typeof redisClaims>, ReturnType<typeof redisClaims>];
    const code = `T${Date.now().toString(36).toUpperCase()}`;
    const taken = await Promise.all([p1, p2, p3].map((c) => c.take(code, 5000)));
    expect(taken.filter(Boolean)).toHaveLength(1);
    const holder = [p1, p2, p3][taken.indexOf(true)]!;
    const other = [p1, p2, p3].find((c) => c !== holder)!;
    await other.release(code); // not its claim: nothing happens
    expect(await other.take(code, 5000)).toBe(false);
    await holder.release(code);
    expect(await other.take(code, 50)).toBe(true);
    await new Promise((done) => setTimeout(done, 120));
    expect(await holder.take(code, 5000)).toBe(true); // the other's claim expired
    await holder.release(code);
    for (const c of [p1, p2, p3]) await c.close();
  });
});
