import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Player, createSession, http, sleep, startTestServer, type TestServer } from '../room/harness.ts';

/**
 * Secrecy over the wire (docs/SECURITY.md): for every role — each member's own players (a team of
 * two for DEU), the other members, an observer, the facilitator, a late joiner and a rejoin by
 * token — everything the client received (every message, and the decoded state after every step)
 * holds no other member's objective, no private chat it is not in, no other member's sealed pledge
 * while pledges are sealed, no facilitator key, and no other connection's seat or reconnection token.
 */

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ maxMessagesPerSecond: 1000 });
});
afterAll(async () => {
  await ts.stop();
});

const MEMBERS = ['USA', 'DEU', 'FRA', 'POL', 'CAN'];
/** Distinctive sealed amounts (no balance or cost in Quick demo ends in these digits). */
const SEALED: Record<string, number> = { USA: 1171, DEU: 1237, FRA: 1451, POL: 1663, CAN: 1879 };
const PRIVATE = [
  { from: 'FRA', to: ['DEU'], text: 'SECRET-FRA-DEU-7c1e: we will back your shield' },
  { from: 'POL', to: ['CAN'], text: 'SECRET-POL-CAN-93ab: keep this between us' },
  { from: 'USA', to: ['DEU', 'POL'], text: 'SECRET-USA-DEU-POL-5d20: three-way channel' },
];

/** Everything one client received, as text: every message and a snapshot of the state at each step. */
class Recorder {
  readonly player: Player;
  readonly seen: string[] = [];
  constructor(player: Player) {
    this.player = player;
    player.room.onMessage('*', (type: unknown, message: unknown) => this.seen.push(`${String(type)} ${JSON.stringify(message)}`));
  }
  snapshot(): void {
    this.seen.push(`state ${JSON.stringify(this.player.state)}`);
  }
  /** The harness keeps the typed events itself (welcome, chat, events, legal); '*' catches the rest. */
  text(): string {
    const p = this.player;
    return [...this.seen, `welcome ${JSON.stringify(p.welcome)}`, `chat ${JSON.stringify(p.chat)}`, `events ${JSON.stringify(p.events)}`, `legal ${JSON.stringify(p.legal)}`].join('\n');
  }
}

describe('secrecy on the wire', () => {
  it('no client ever receives what its role may not see', async () => {
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 31, options: { sealedPledges: true } });
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'F', key: s.facilitatorKey }, 'facilitator');
    const members = await Promise.all(MEMBERS.map((m) => Player.join(ts.url, s.code, { role: 'member', name: `Team ${m}`, member: m }, m)));
    const teamCode = members[MEMBERS.indexOf('DEU')]!.welcome!.teamCode!;
    const teammate = await Player.join(ts.url, s.code, { role: 'member', name: 'DEU two', member: 'DEU', teamCode }, 'DEU teammate');
    const observer = await Player.join(ts.url, s.code, { role: 'observer', name: 'Projector' }, 'observer');
    const by = Object.fromEntries(members.map((p) => [p.member, p]));
    // Joined before the recorders: their welcomes are checked through the recorded states and the rejoin below.
    const clients: { rec: Recorder; role: 'facilitator' | 'member' | 'observer'; member: string | null }[] = [
      { rec: new Recorder(f), role: 'facilitator', member: null },
      ...members.map((p) => ({ rec: new Recorder(p), role: 'member' as const, member: p.member })),
      { rec: new Recorder(teammate), role: 'member', member: 'DEU' },
      { rec: new Recorder(observer), role: 'observer', member: null },
    ];
    const snapshot = async () => {
      await sleep(60);
      for (const c of clients) c.rec.snapshot();
    };
    const objectives = Object.fromEntries(MEMBERS.map((m) => [m, f.state.members[m].objective as string]));
    expect(Object.values(objectives).every((o) => typeof o === 'string' && o.length > 0)).toBe(true);

    await f.must('start');
    await f.must('inject', { event: 'white-house-disappointed' }); // pending until the next briefing: facilitator only
    await f.must('advance'); // pledging
    for (const m of MEMBERS) await by[m]!.must('pledge', { amount: SEALED[m]! });
    await snapshot();

    // While sealed: only the delegation (and the facilitator) sees its amount.
    const sealedText = clients.map((c) => ({ c, text: c.rec.text() }));
    for (const { c, text } of sealedText) {
      for (const m of MEMBERS) {
        if (c.role === 'facilitator' || c.member === m) continue;
        expect(new RegExp(`\\b${SEALED[m]}\\b`).test(text), `${c.rec.player.label} sees ${m}'s sealed pledge`).toBe(false);
      }
      const state = c.rec.player.state;
      for (const m of MEMBERS) {
        if (c.role !== 'facilitator' && c.member !== m) {
          expect(state.members[m].sealedAmount, `${c.rec.player.label}: ${m}.sealedAmount`).toBeUndefined();
          expect(state.members[m].pledge ?? null).toBeNull();
        }
      }
      if (c.role !== 'facilitator') {
        expect(state.control?.pendingInject, `${c.rec.player.label} sees the pending inject`).toBeUndefined();
        expect(/white-house-disappointed|A deeply disappointed White House|"injected"/.test(text), `${c.rec.player.label} heard of the pending inject`).toBe(false);
      }
    }

    await f.must('advance'); // proposals
    await by.DEU!.must('propose', { project: 'baltic-cyber-shield', channel: 'fund' });
    await f.must('advance'); // negotiation
    for (const c of PRIVATE) await by[c.from]!.must('chat', { to: c.to, text: c.text });
    await by.CAN!.must('chat', { text: 'PUBLIC-hello-everyone' });
    await snapshot();
    await f.must('advance'); // voting
    for (const m of MEMBERS) await by[m]!.act('vote', { proposal: 'p1', choice: 'yes' });
    await f.must('advance'); // round 2 briefing: the inject plays
    await snapshot();

    // A late observer and a rejoin by token get history in their welcome: the same filter applies.
    const late = await Player.join(ts.url, s.code, { role: 'observer', name: 'Late' }, 'late observer');
    const lateRec = new Recorder(late);
    lateRec.seen.push(`welcome ${JSON.stringify(late.welcome)}`);
    await by.USA!.leave();
    const usaAgain = await Player.join(ts.url, s.code, { token: by.USA!.token }, 'USA again');
    const usaRec = new Recorder(usaAgain);
    usaRec.seen.push(`welcome ${JSON.stringify(usaAgain.welcome)}`);
    clients.push({ rec: lateRec, role: 'observer', member: null }, { rec: usaRec, role: 'member', member: 'USA' });
    await snapshot();

    const seatTokens = new Map<Player, string>([f, ...members, teammate, observer, late, usaAgain].map((p) => [p, p.token]));
    const reconnectionTokens = new Map<Player, string>([f, ...members, teammate, observer, late, usaAgain].map((p) => [p, p.room.reconnectionToken]));
    for (const c of clients) {
      const text = c.rec.text();
      const me = c.rec.player;
      expect(text.includes(s.facilitatorKey), `${me.label} received the facilitator key`).toBe(false);
      for (const [other, token] of seatTokens) if (other !== me && token !== me.token) expect(text.includes(token), `${me.label} received ${other.label}'s seat token`).toBe(false);
      for (const [other, token] of reconnectionTokens) {
        expect(text.includes(token.split(':').pop()!), `${me.label} received ${other.label}'s reconnection token`).toBe(false);
      }
      if (c.role === 'facilitator') {
        for (const p of PRIVATE) expect(text.includes(p.text), 'the facilitator reads every channel').toBe(true);
        continue;
      }
      for (const p of PRIVATE) {
        const reader = c.member !== null && (p.from === c.member || p.to.includes(c.member));
        expect(text.includes(p.text), `${me.label} ${reader ? 'should read' : 'reads'} ${p.text}`).toBe(reader);
      }
      expect(text.includes('PUBLIC-hello-everyone'), `${me.label} missed the public chat`).toBe(true);
      for (const m of MEMBERS) {
        if (m === c.member || objectives[m] === objectives[c.member ?? '']) continue;
        expect(text.includes(`"${objectives[m]}"`), `${me.label} sees ${m}'s objective`).toBe(false);
        expect(me.state.members[m].objective, `${me.label}: ${m}.objective`).toBeUndefined();
      }
      if (c.member) expect(me.state.members[c.member].objective).toBe(objectives[c.member]);
      // (the inject is public once it has played: checked while pending, above)
    }

    // The HTTP API shows nothing of the sort either.
    const info = JSON.stringify((await http(ts.url, `/api/sessions/${s.code}`)).body);
    for (const secret of [s.facilitatorKey, ...Object.values(objectives).map((o) => `"${o}"`), ...PRIVATE.map((p) => p.text), ...seatTokens.values()]) expect(info).not.toContain(secret);
    for (const p of [f, ...members, teammate, observer, late, usaAgain]) await p.leave();
  });
});
