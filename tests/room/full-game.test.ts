import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '@aspf/shared';
import { Player, createSession, http, scenarioOf, startTestServer, type Table, type TestServer } from './harness.ts';

/**
 * A whole Quick-demo game through a real server with real SDK clients: five delegations, a
 * facilitator and an observer, from the lobby to the end. After every phase, each client's decoded
 * state is checked for secrets that are not its own.
 */

const MEMBERS = ['USA', 'DEU', 'FRA', 'POL', 'CAN'];
let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

/** No decoded state may hold another member's objective or sealed pledge; the facilitator sees all. */
function assertSecrets(players: Player[], facilitator: Player, observer: Player): void {
  for (const p of players) {
    const members = p.state.members as Record<string, Table>;
    for (const [id, m] of Object.entries(members)) {
      if (id === p.member) {
        expect(m.objective, `${p.label} sees its own objective`).toMatch(/^[a-z0-9-]+$/);
      } else if (p.state.phase !== 'ended') {
        expect(m.objective, `${p.label} must not see ${id}'s objective`).toBeUndefined();
        expect(m.sealedAmount, `${p.label} must not see ${id}'s sealed pledge`).toBeUndefined();
      }
    }
    expect(p.state.control?.pendingInject, `${p.label} must not see the facilitator's control data`).toBeUndefined();
    for (const c of p.chat) expect(c.to.length === 0 || c.to.includes(p.member), `${p.label} got a private message not for it`).toBe(true);
  }
  for (const [id, m] of Object.entries(observer.state.members as Record<string, Table>)) {
    if (observer.state.phase === 'ended') continue;
    expect(m.objective, `observer must not see ${id}'s objective`).toBeUndefined();
    expect(m.sealedAmount).toBeUndefined();
  }
  for (const c of observer.chat) expect(c.to).toEqual([]);
  for (const m of Object.values(facilitator.state.members as Record<string, Table>)) expect(m.objective).toMatch(/^[a-z0-9-]+$/);
}

describe('a whole Quick-demo game', () => {
  it('plays three rounds with five players, a facilitator and an observer, and keeps secrets', async () => {
    const created = await createSession(ts.url, { scenario: 'quick-demo', seed: 11, options: { sealedPledges: true } });
    expect(created.code).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{7}$/);
    expect(created.joinUrl).toBe(`${ts.url}/join/${created.code}`);
    const scenario: Scenario = await scenarioOf(ts.url, created.code);
    expect(scenario.id).toBe('quick-demo');

    const facilitator = await Player.join(ts.url, created.code, { role: 'facilitator', name: 'Teacher', key: created.facilitatorKey }, 'facilitator');
    const observer = await Player.join(ts.url, created.code, { role: 'observer', name: 'Projector' }, 'observer');
    const players: Player[] = [];
    for (const id of MEMBERS) players.push(await Player.join(ts.url, created.code, { role: 'member', name: `Team ${id}`, member: id }, id));
    const info = await http<{ free: number; taken: number; seats: { member: string; controller: string; online: number }[] }>(ts.url, `/api/sessions/${created.code}`);
    expect(info.body.taken).toBe(5);
    expect(info.body.seats.every((s) => s.controller === 'human' && s.online === 1)).toBe(true);

    expect(facilitator.welcome!.seat.role).toBe('facilitator');
    expect(players.map((p) => p.member)).toEqual(MEMBERS);
    assertSecrets(players, facilitator, observer);

    const byId = Object.fromEntries(players.map((p) => [p.member, p]));
    const everyone = [facilitator, observer, ...players];
    const advance = async (phase: string) => {
      const seq = await facilitator.must('advance');
      for (const p of everyone) await p.sees(seq);
      expect(observer.state.phase).toBe(phase);
      assertSecrets(players, facilitator, observer);
    };

    // Legal actions come from the engine, per seat, and follow the game.
    expect(facilitator.serverClock).toBeGreaterThan(0);
    expect(facilitator.legal.map((l) => l.type)).toContain('start');
    expect(observer.legal).toEqual([]);
    expect(byId.DEU!.legal.map((l) => l.type)).toEqual(['chat']);

    await facilitator.must('start');
    for (let round = 1; round <= 3; round++) {
      for (const p of [facilitator, observer]) await p.until(() => p.state.phase === 'briefing' && p.state.round === round, `briefing ${round}`);
      expect(observer.state.endsAt).toBeGreaterThan(Date.now());
      await advance('pledging');

      // Pledges are sealed: only their maker (and the facilitator) sees them until pledging closes.
      let last = 0;
      await byId.DEU!.until(() => byId.DEU!.legal.some((l) => l.type === 'pledge'), 'pledge is legal');
      const legalPledge = byId.DEU!.legal.find((l) => l.type === 'pledge') as { max: number };
      expect(legalPledge.max).toBe(byId.DEU!.state.members.DEU.balance);
      // The United States stays out of the fund (and so out of its votes).
      for (const p of players.filter((x) => x.member !== 'USA')) {
        const balance = p.state.members[p.member].balance as number;
        const amount = Math.floor(balance * 0.4);
        const seq = await p.must('pledge', { amount });
        last = seq;
        await p.sees(seq);
        expect(p.state.members[p.member].sealedAmount).toBe(amount);
        expect(p.state.members[p.member].pledge).toBeUndefined();
      }
      await facilitator.sees(last);
      await observer.sees(last);
      for (const id of MEMBERS) expect(facilitator.state.members[id].sealedAmount > 0).toBe(id !== 'USA');
      assertSecrets(players, facilitator, observer);

      await advance('proposals');
      // Pledges are revealed with the settlement.
      for (const id of MEMBERS) expect(observer.state.members[id].pledge?.status).toBe(id === 'USA' ? undefined : 'honoured');
      const cheap = scenario.projects.filter((p) => p.cost <= 8000).map((p) => p.id);
      const leads = ['DEU', 'POL'];
      for (const [i, lead] of leads.entries()) {
        const seq = await byId[lead]!.must('propose', { project: cheap[i + (round - 1) * 2]!, channel: 'fund' });
        await observer.sees(seq);
      }
      await advance('negotiation');

      const open = Object.entries(observer.state.proposals as Record<string, Table>).filter(([, p]) => p.status === 'open').map(([id]) => id);
      expect(open.length).toBe(2);
      await byId.FRA!.must('cosponsor', { proposal: open[0] });
      await byId.CAN!.must('chat', { text: `Round ${round}: Canada is in.` });
      await byId.DEU!.must('chat', { to: ['FRA'], text: `DEU to FRA only, round ${round}` });
      await facilitator.must('announce', { text: `Voting soon (round ${round})` });
      await advance('voting');

      for (const p of players) {
        for (const proposal of open) {
          const reply = await p.act('vote', { proposal, choice: p.member === 'FRA' ? 'no' : 'yes' });
          if (p.member === 'USA') expect(reply).toMatchObject({ ok: false, code: 'vote/not_eligible' });
          else expect(reply.ok).toBe(true);
        }
      }
      const seq = await facilitator.must('advance');
      for (const p of everyone) await p.sees(seq);
      assertSecrets(players, facilitator, observer);
      expect(observer.events.some((e) => e.type === 'roundResolved' && e.report.round === round)).toBe(true);
    }

    for (const p of everyone) await p.until(() => p.state.phase === 'ended', 'the end');
    expect(['rounds', 'fracture']).toContain(observer.state.ended);
    expect(observer.state.round).toBe(3);
    // At the end, objectives are revealed to everyone.
    for (const id of MEMBERS) expect(observer.state.members[id].objective).toMatch(/^[a-z0-9-]+$/);

    // Private chat reached exactly its channel; announcements and public chat reached everyone.
    const privateTo = (p: Player) => p.chat.filter((c) => c.to.length > 0).length;
    expect(privateTo(byId.DEU!)).toBe(3);
    expect(privateTo(byId.FRA!)).toBe(3);
    expect(privateTo(byId.POL!)).toBe(0);
    expect(privateTo(facilitator)).toBe(3);
    expect(observer.chat.filter((c) => c.from === 'facilitator')).toHaveLength(3);
    expect(observer.chat).toHaveLength(6);

    // A late joiner gets the history its seat may read.
    const late = await Player.join(ts.url, created.code, { role: 'observer' }, 'late observer');
    expect(late.welcome!.chat).toHaveLength(6);
    expect(late.welcome!.reports).toHaveLength(3);
    const ended = await http<{ ended: boolean; phase: string }>(ts.url, `/api/sessions/${created.code}`);
    expect(ended.body).toMatchObject({ ended: true, phase: 'ended' });

    for (const p of [...everyone, late]) await p.leave();
  });
});
