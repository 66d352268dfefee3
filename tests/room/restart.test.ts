import { afterAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Player, createSession, http } from './harness.ts';
import { freePort } from '../support/ports.ts';
import { spawnServer } from '../support/server-process.ts';

/**
 * Nothing lost: the server process is killed with SIGKILL in the middle of a vote, started again
 * on the same data folder, and every acknowledged action is still there; the clients rejoin their
 * seats with the tokens they kept and the game goes on.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'aspf-restart-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function boot(port: number): Promise<ChildProcess> {
  const child = await spawnServer(port, dataDir, { BOT_DELAY_MS: '20-50' });
  children.push(child);
  return child;
}

describe('kill -9 and restart', () => {
  it('keeps every acknowledged action and lets the clients continue', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = await boot(port);

    const s = await createSession(url, { scenario: 'quick-demo', seed: 21 });
    const f = await Player.join(url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const ids = ['USA', 'DEU', 'FRA', 'POL', 'CAN'];
    const players = await Promise.all(ids.map((id) => Player.join(url, s.code, { role: 'member', name: `Team ${id}`, member: id }, id)));
    const by = Object.fromEntries(players.map((p) => [p.member, p]));
    const secrets = Object.fromEntries(players.map((p) => [p.member, p.state.members[p.member].objective as string]));

    await f.must('start');
    await f.must('advance'); // pledging
    for (const id of ['DEU', 'FRA', 'POL', 'CAN']) await by[id]!.must('pledge', { amount: 2000 });
    await f.must('advance'); // proposals
    await by.DEU!.must('propose', { project: 'baltic-cyber-shield', channel: 'fund' });
    await by.POL!.must('propose', { project: 'counter-drone-belt', channel: 'fund' });
    await f.must('advance'); // negotiation
    await by.FRA!.must('chat', { to: ['DEU'], text: 'a private word before the vote' });
    await f.must('advance'); // voting
    await by.DEU!.must('vote', { proposal: 'p1', choice: 'yes' });
    await by.FRA!.must('vote', { proposal: 'p1', choice: 'no' });
    const lastAck = await by.POL!.must('vote', { proposal: 'p2', choice: 'yes' });

    // Mid-vote: no goodbye, no flush, no shutdown hook.
    server.kill('SIGKILL');
    await new Promise((done) => server.once('exit', done));
    for (const p of [f, ...players]) p.room.reconnection.enabled = false;

    server = await boot(port);
    const info = await http<{ phase: string; round: number }>(url, `/api/sessions/${s.code}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ phase: 'voting', round: 1 });

    // The clients come back with the tokens they kept: same seats, same secrets.
    const f2 = await Player.join(url, s.code, { token: f.token }, 'facilitator again');
    const back = await Promise.all(players.map((p) => Player.join(url, s.code, { token: p.token }, `${p.member} again`)));
    const again = Object.fromEntries(back.map((p) => [p.member, p]));
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
    expect(table.members.DEU.seat).toBe('human');
    expect(table.endsAt).toBeGreaterThan(Date.now());

    // And the game goes on.
    await again.CAN!.must('vote', { proposal: 'p1', choice: 'yes' });
    await again.DEU!.must('vote', { proposal: 'p2', choice: 'yes' });
    const seq = await f2.must('advance');
    await again.DEU!.sees(seq);
    expect(again.DEU!.state).toMatchObject({ phase: 'briefing', round: 2 });
    expect(f2.events.some((e) => e.type === 'roundResolved')).toBe(true);

    for (const p of [f2, ...back]) await p.leave();
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  });
});
