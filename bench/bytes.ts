/**
 * Bytes on the wire (issue 6, section 3), counted at each SDK client's WebSocket as a browser
 * receives them: per client per action (pledge, vote, chat) in a 32-member session, the join of a
 * Quick-demo and of a 32-member session, beside the JSON size of the full public state (what a
 * full-state broadcast would send every client on every action).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { builtinScenario, view } from '@aspf/shared';
import { startServer } from '../server/src/app.ts';
import { testConfig } from '../server/src/config.ts';
import type { Player} from '../tests/room/harness.ts';
import { createSession, sleep } from '../tests/room/harness.ts';
import { countBytes } from '../tests/support/wire-bytes.ts';
import type { Figure } from './engine.ts';
import { round } from './proc.ts';

/**
 * Bytes every client received for one action, split into the actor's and the others' mean. An
 * action is in once every client has its patch (`sees`), or for a chat line, which sends no patch,
 * once `arrived` says so.
 */
async function perAction(received: Map<string, number>, clients: Player[], actor: Player, act: () => Promise<number>, arrived = (p: Player, seq: number) => p.sees(seq)): Promise<{ others: number; actor: number }> {
  await sleep(300);
  received.clear();
  const seq = await act();
  for (const p of clients) await arrived(p, seq);
  await sleep(150);
  const others = clients.filter((p) => p !== actor).map((p) => received.get(p.label) ?? 0);
  return { others: others.reduce((a, b) => a + b, 0) / others.length, actor: received.get(actor.label) ?? 0 };
}

export async function bytesBench(): Promise<{ figures: Figure[]; notes: string[] }> {
  const counter = countBytes();
  const { received, join } = counter;
  const dataDir = mkdtempSync(joinPath(tmpdir(), 'aspf-bytes-'));
  const server = await startServer(testConfig({ dataDir, botPacing: { minMs: 1_000_000, maxMs: 1_000_000 } }));
  const figures: Figure[] = [];
  const notes: string[] = [];
  const all: Player[] = [];
  try {
    // Quick demo: a member's and an observer's join (handshake, full state, welcome, clock, legal).
    const q = await createSession(server.url, { scenario: 'quick-demo', seed: 3 });
    const qf = await join(server.url, q.code, { role: 'facilitator', name: 'Teacher', key: q.facilitatorKey }, 'q-f');
    all.push(qf);
    for (const id of ['USA', 'DEU', 'FRA', 'POL']) all.push(await join(server.url, q.code, { role: 'member', name: `Team ${id}`, member: id }, `q-${id}`));
    all.push(await join(server.url, q.code, { role: 'member', name: 'Team CAN', member: 'CAN' }, 'q-CAN'));
    await sleep(200);
    const quickJoin = received.get('q-CAN')!;
    figures.push({ name: 'join, Quick demo (a member: handshake, state, welcome, legal)', value: quickJoin, unit: 'B', target: '≤ 4 KB', met: quickJoin <= 4096 });

    // Brussels 2026: 32 delegations and the facilitator.
    const b = await createSession(server.url, { scenario: 'brussels-2026', seed: 5, options: { timers: { briefing: 3600, pledging: 3600, proposals: 3600, negotiation: 3600, voting: 3600 } } });
    const ids = builtinScenario('brussels-2026')!.members.map((m) => m.id);
    const f = await join(server.url, b.code, { role: 'facilitator', name: 'Control', key: b.facilitatorKey }, 'b-f');
    const members: Player[] = [];
    for (const id of ids) members.push(await join(server.url, b.code, { role: 'member', name: `Delegation ${id}`, member: id }, `b-${id}`));
    all.push(f, ...members);
    await sleep(200);
    const bigJoin = received.get(`b-${ids[ids.length - 1]}`)!;
    figures.push({ name: 'join, 32-member session (the 32nd delegation)', value: bigJoin, unit: 'B', target: '≤ 16 KB', met: bigJoin <= 16_384 });
    const clients = [f, ...members];
    const by = Object.fromEntries(members.map((p) => [p.member, p]));
    await f.must('start');
    await f.must('advance'); // pledging
    const pledge = await perAction(received, clients, by.DEU!, () => by.DEU!.must('pledge', { amount: 1000 }));
    figures.push({ name: 'pledge, per other client (32 members)', value: round(pledge.others, 1), unit: 'B' });
    for (const id of ['FRA', 'POL', 'ITA', 'NLD']) await by[id]!.must('pledge', { amount: 1500 });
    await f.must('advance'); // proposals
    await by.POL!.must('propose', { project: 'counter-drone-belt', channel: 'fund' });
    await f.must('advance'); // negotiation
    const line = 'We back the drone belt if the cost stays under 900.';
    const chat = await perAction(received, clients, by.FRA!, () => by.FRA!.must('chat', { text: line }), (p) => p.until(() => p.chat.some((m) => m.text === line), 'the chat line'));
    figures.push({ name: 'public chat of 51 characters, per other client', value: round(chat.others, 1), unit: 'B' });
    await f.must('advance'); // voting
    await by.DEU!.must('vote', { proposal: 'p1', choice: 'yes' });
    const vote = await perAction(received, clients, by.ITA!, () => by.ITA!.must('vote', { proposal: 'p1', choice: 'yes' }));
    figures.push({ name: 'vote, per other client (32 members)', value: round(vote.others, 1), unit: 'B', target: '≤ 24 B', met: vote.others <= 24 });
    figures.push({ name: 'vote, the voter (patch + reply)', value: vote.actor, unit: 'B' });

    // What a full-state broadcast would send each client per action: the public state as JSON.
    const game = server.services.registry.get(b.code)!.game;
    const full = Buffer.byteLength(JSON.stringify(view(game, { kind: 'observer' })));
    figures.push({ name: 'full public state as JSON (a full-state broadcast per client per action)', value: full, unit: 'B' });
    figures.push({ name: 'vote: full-state JSON ÷ our patch', value: round(full / vote.others, 0), unit: '×' });
    notes.push('A boardgame.io room of the same shape measured 2,335 B per client per action (measured outside this repository).');
  } finally {
    for (const p of all) await p.leave();
    await server.close();
    counter.restore();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { figures, notes };
}
