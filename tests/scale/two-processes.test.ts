import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '@aspf/shared/protocol';
import { Player, createSession, http, sleep } from '../room/harness.ts';
import { bootProcess, stopProcess, type ServerProcess } from './cluster.ts';
import { freshDatabase, freshRedisUrl, postgresUp, redisUp } from './services.ts';

/**
 * Scale-out with the real services: two server processes (node server/src/main.ts) on one Redis
 * and one PostgreSQL. A session created through one process may run on the other; clients join
 * through either; GET /api/sessions/:code answers live seats from both. Then the process running
 * the session is killed with SIGKILL in the middle of a vote: the survivor reopens the session
 * from the shared log, and the clients come back with their seat tokens with every acknowledged
 * action in place, and play on.
 */

const processes: ServerProcess[] = [];
let database: { url: string; drop(): Promise<void> } | null = null;
let up = false;

beforeAll(async () => {
  up = (await postgresUp()) && (await redisUp());
  if (!up) return;
  database = await freshDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: freshRedisUrl(), RECOVERY_INTERVAL_MS: '500', BOT_DELAY_MS: '20-50' };
  processes.push(await bootProcess(env), await bootProcess(env));
}, 60_000);

afterAll(async () => {
  for (const p of processes) await stopProcess(p, 'SIGKILL');
  await database?.drop();
});

/** Which of the two processes opened the room of `code` (its log says so). */
function owner(code: string): ServerProcess {
  const found = processes.filter((p) => p.logs().some((l) => typeof l.msg === 'string' && l.msg.startsWith(`session ${code}: opened`)));
  if (found.length !== 1) throw new Error(`${found.length} processes opened ${code}`);
  return found[0]!;
}

describe('two processes, one Redis, one PostgreSQL', () => {
  it('shares sessions, survives kill -9 of the owner, and loses nothing acknowledged', async (ctx) => {
    if (!up) return ctx.skip();
    const [a, b] = processes as [ServerProcess, ServerProcess];
    for (const p of processes) expect(p.logs()[0]!.msg).toMatch(/sessions in PostgreSQL, rooms shared through Redis/);

    // Sessions created through A land on both processes (the least-loaded one opens each room).
    const created = [];
    for (let i = 0; i < 6; i++) {
      created.push(await createSession(a.url, { scenario: 'quick-demo', seed: 30 + i }));
      await sleep(1100); // Colyseus publishes each process's room count at most once a second
    }
    const owners = created.map((s) => owner(s.code));
    expect(new Set(owners).size).toBe(2);
    const onB = created[owners.indexOf(b)]!;
    expect(await b.metric('aspf_sessions')).toBe(owners.filter((o) => o === b).length);
    expect(await a.metric('aspf_sessions')).toBe(owners.filter((o) => o === a).length);

    // Clients of a session that runs on B join through A and through B alike.
    const s = onB;
    const f = await Player.join(a.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const ids = ['USA', 'DEU', 'FRA', 'POL', 'CAN'];
    const players = await Promise.all(ids.map((id, i) => Player.join(i % 2 ? a.url : b.url, s.code, { role: 'member', name: `Team ${id}`, member: id }, id)));
    const by = Object.fromEntries(players.map((p) => [p.member, p]));
    const secrets = Object.fromEntries(players.map((p) => [p.member, p.state.members[p.member].objective as string]));
    expect(await b.metric('aspf_clients')).toBe(6); // every socket goes to the owner's PUBLIC_ADDRESS
    expect(await a.metric('aspf_clients')).toBe(0);

    // The HTTP API answers on either process, with the live seats of the remote room.
    for (const p of [a, b]) {
      const info = await http<SessionInfo>(p.url, `/api/sessions/${s.code}`);
      expect(info.status).toBe(200);
      expect(info.body.seats.find((x) => x.member === 'DEU')).toMatchObject({ controller: 'human', players: ['Team DEU'], online: 1 });
    }

    await f.must('start');
    await f.must('advance'); // pledging
    for (const id of ['DEU', 'FRA', 'POL', 'CAN']) await by[id]!.must('pledge', { amount: 2000 });
    await f.must('advance'); // proposals
    await by.DEU!.must('propose', { project: 'baltic-cyber-shield', channel: 'fund' });
    await by.POL!.must('propose', { project: 'counter-drone-belt', channel: 'fund' });
    await f.must('advance'); // negotiation
    await by.FRA!.must('chat', { to: ['DEU'], text: 'a private word before the vote' });
    await f.must('advance'); // voting
    expect(await by.USA!.act('pledge', { amount: 10 })).toMatchObject({ ok: false, code: 'phase/closed' });
    await by.DEU!.must('vote', { proposal: 'p1', choice: 'yes' });
    await by.FRA!.must('vote', { proposal: 'p1', choice: 'no' });
    const lastAck = await by.POL!.must('vote', { proposal: 'p2', choice: 'yes' });

    // /metrics on the owner: actions, the refusal by its code, log write latency.
    const text = await b.metrics();
    expect(text).toMatch(/^# TYPE aspf_actions_total counter$/m);
    expect(await b.metric('aspf_actions_total')).toBeGreaterThanOrEqual(lastAck);
    expect(text).toMatch(/^aspf_rejections_total\{process="127\.0\.0\.1:\d+",code="phase\/closed"\} 1$/m);
    expect(text).toMatch(/^aspf_log_append_seconds_count\{process="127\.0\.0\.1:\d+"\} [1-9]\d*$/m);
    expect(text).toMatch(/^aspf_log_append_seconds_bucket\{process="127\.0\.0\.1:\d+",le="\+Inf"\} [1-9]\d*$/m);

    // Kill the owner mid-vote: no goodbye, no flush.
    await stopProcess(b, 'SIGKILL');
    for (const p of [f, ...players]) p.room.reconnection.enabled = false;

    // The survivor reopens the session from the shared log; the clients rejoin with their tokens,
    // through the survivor (a client would retry while the room is not back yet: 522).
    const rejoin = async (p: Player, label: string) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await Player.join(a.url, s.code, { token: p.token }, label);
        } catch (error) {
          if (attempt > 100) throw error;
          await sleep(200);
        }
      }
    };
    const f2 = await rejoin(f, 'facilitator again');
    const back = await Promise.all(players.map((p) => rejoin(p, `${p.member} again`)));
    const again = Object.fromEntries(back.map((p) => [p.member, p]));
    expect(a.logs().some((l) => l.level === 'info' && typeof l.msg === 'string' && l.msg.startsWith(`session ${s.code}: restored from the log`) && l.session === s.code)).toBe(true);
    expect(await a.metric('aspf_clients')).toBe(6);

    expect(back.map((p) => p.member)).toEqual(ids);
    for (const p of back) {
      expect(p.state.members[p.member].objective).toBe(secrets[p.member]);
      for (const other of ids) if (other !== p.member) expect(p.state.members[other].objective).toBeUndefined();
    }
    const table = f2.state;
    expect(table.seq).toBe(lastAck);
    expect(table.phase).toBe('voting');
    expect(table.proposals.p1.votes).toEqual({ DEU: 'yes', FRA: 'no' });
    expect(table.proposals.p2.votes).toEqual({ POL: 'yes' });
    for (const id of ['DEU', 'FRA', 'POL', 'CAN']) expect(table.members[id].pledged).toBe(2000);
    expect(again.DEU!.chat.map((c) => c.text)).toContain('a private word before the vote');
    expect(again.POL!.chat).toHaveLength(0);

    // And the game goes on, on the survivor.
    await again.CAN!.must('vote', { proposal: 'p1', choice: 'yes' });
    const seq = await f2.must('advance');
    await again.DEU!.sees(seq);
    expect(again.DEU!.state).toMatchObject({ phase: 'briefing', round: 2 });

    // The other sessions B ran are back too, each on the survivor.
    for (const [i, o] of owners.entries()) {
      if (o !== b) continue;
      const info = await http<SessionInfo>(a.url, `/api/sessions/${created[i]!.code}`);
      expect(info.status).toBe(200);
    }
    const deadline = Date.now() + 15_000;
    while ((await a.metric('aspf_sessions')) < created.length && Date.now() < deadline) await sleep(200);
    expect(await a.metric('aspf_sessions')).toBe(created.length);

    for (const p of [f2, ...back]) await p.leave();
  }, 120_000);
});
