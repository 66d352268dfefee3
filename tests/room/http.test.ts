import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_IDS } from '@aspf/shared';
import { PROTOCOL_VERSION, type CreatedSession, type HttpError, type ScenarioSummary, type SessionInfo } from '@aspf/shared/protocol';
import { fixtureScenario } from '../fixtures/scenario.ts';
import { Player, createSession, http, startTestServer, type TestServer } from './harness.ts';

/** The HTTP API: every route, and every error as JSON with a code, a message and a path. */

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ publicUrl: 'https://table.example.org' });
});
afterAll(async () => {
  await ts.stop();
});

const post = (body: unknown) => http<HttpError>(ts.url, '/api/sessions', { body });

describe('HTTP API', () => {
  it('reports health and lists the built-in scenarios', async () => {
    const health = await http<{ ok: boolean; protocol: number }>(ts.url, '/api/health');
    expect(health).toMatchObject({ status: 200, body: { ok: true, protocol: PROTOCOL_VERSION } });
    const list = await http<ScenarioSummary[]>(ts.url, '/api/scenarios');
    expect(list.body.map((s) => s.id)).toEqual(BUILTIN_SCENARIO_IDS);
    expect(list.body.find((s) => s.id === 'quick-demo')).toMatchObject({ members: 5, rounds: 3 });
    const full = await http<{ id: string; timers: Record<string, number>; members: unknown[] }>(ts.url, '/api/scenarios/quick-demo');
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ id: 'quick-demo', timers: { voting: 45 } });
    expect(full.body.members).toHaveLength(5);
    const missing = await http<HttpError>(ts.url, '/api/scenarios/atlantis');
    expect(missing).toMatchObject({ status: 404, body: { code: 'scenario/unknown' } });
  });

  it('creates sessions from a built-in id or an uploaded file, with options', async () => {
    const created = await createSession(ts.url, {
      scenario: 'quick-demo', seed: 5,
      options: { timers: { voting: 30 }, rules: { fund: 'simple-majority' }, sealedPledges: true, rounds: 2, seatHoldSeconds: 30 },
    });
    expect(created).toMatchObject({ scenarioId: 'quick-demo', seed: 5 });
    expect(created.facilitatorKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.joinUrl).toBe(`https://table.example.org/join/${created.code}`);
    const f = await Player.join(ts.url, created.code, { role: 'facilitator', name: 'T', key: created.facilitatorKey });
    expect(f.state).toMatchObject({ rounds: 2, sealedPledges: true, phase: 'lobby', code: created.code });
    await f.must('start');
    await f.leave();
    const session = await ts.server.services.store.getSession(created.code);
    expect(session!.setup).toEqual({ timers: { voting: 30 }, rules: { fund: 'simple-majority' }, sealedPledges: true, rounds: 2, rulesVersion: 2 }); // docs/RULES.md R9.1
    expect(session!.options.seatHoldSeconds).toBe(30);
    expect(JSON.stringify(session)).not.toContain(created.facilitatorKey);

    const uploaded = await createSession(ts.url, { scenario: fixtureScenario() });
    expect(uploaded.scenarioId).toBe('fixture');
    expect((await http<{ id: string }>(ts.url, `/api/sessions/${uploaded.code}/scenario`)).body.id).toBe('fixture');
    expect(uploaded.code).not.toBe(created.code);
  });

  it('describes a session to anyone holding its code', async () => {
    const created = await createSession(ts.url);
    const p = await Player.join(ts.url, created.code, { role: 'member', name: 'Ana', member: 'POL' });
    const info = await http<SessionInfo>(ts.url, `/api/sessions/${created.code}`);
    expect(info.body).toMatchObject({ code: created.code, scenario: { id: 'quick-demo' }, phase: 'lobby', round: 0, rounds: 3, free: 4, taken: 1, ended: false });
    expect(info.body.seats.find((s) => s.member === 'POL')).toEqual({ member: 'POL', controller: 'human', players: ['Ana'], online: 1 });
    expect(JSON.stringify(info.body)).not.toMatch(/objective|token|key/i);
    await p.leave();
  });

  it('answers every bad request with a JSON error: code, message, path', async () => {
    const cases: [Promise<{ status: number; body: HttpError }>, number, string, string?][] = [
      [post({}), 400, 'http/invalid', 'scenario'],
      [post({ scenario: 'quick-demo', colour: 'red' }), 400, 'http/invalid'],
      [post({ scenario: 'Quick Demo!' }), 400, 'http/invalid', 'scenario'],
      [post({ scenario: 'no-such-scenario' }), 404, 'scenario/unknown', 'scenario'],
      [post({ scenario: 'quick-demo', seed: -1 }), 400, 'http/invalid', 'seed'],
      [post({ scenario: 'quick-demo', options: { timers: { voting: 1 } } }), 400, 'http/invalid', 'options.timers.voting'],
      [post({ scenario: 'quick-demo', options: { rules: { fund: 'coin-toss' } } }), 400, 'http/invalid', 'options.rules.fund'],
      [post({ scenario: 'quick-demo', options: { seatHoldSeconds: 0 } }), 400, 'http/invalid', 'options.seatHoldSeconds'],
      [post({ scenario: { ...fixtureScenario(), rounds: 0 } }), 400, 'scenario/invalid', 'scenario.rounds'],
      [http<HttpError>(ts.url, '/api/sessions', { raw: '{"scenario": ' }), 400, 'http/bad_json'],
      [http<HttpError>(ts.url, '/api/sessions', { raw: '{}', headers: { 'content-type': 'text/plain' } }), 415, 'http/unsupported_media_type'],
      [http<HttpError>(ts.url, '/api/sessions', { raw: JSON.stringify({ scenario: 'x'.repeat(3_000_000) }) }), 413, 'http/too_large'],
      [http<HttpError>(ts.url, '/api/sessions/QQQQQQQ'), 404, 'session/unknown', 'code'],
      [http<HttpError>(ts.url, '/api/sessions/lower'), 404, 'session/unknown', 'code'],
      [http<HttpError>(ts.url, '/api/sessions/QQQQQQQ/scenario'), 404, 'session/unknown', 'code'],
      [http<HttpError>(ts.url, '/api/sessions', { method: 'DELETE' }), 405, 'http/method_not_allowed'],
      [http<HttpError>(ts.url, '/api/nothing-here'), 404, 'http/not_found'],
    ];
    for (const [request, status, code, path] of cases) {
      const response = await request;
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body.code).toBe(code);
      expect(response.body.message.length).toBeGreaterThan(5);
      if (path) expect(response.body.path).toBe(path);
    }
    const invalid = await post({ scenario: { ...fixtureScenario(), rounds: 0, members: [] } });
    expect(invalid.body.issues!.map((i) => i.path)).toEqual(expect.arrayContaining(['scenario.rounds', 'scenario.members']));
    // Still healthy.
    expect((await http(ts.url, '/api/health')).status).toBe(200);
  });

  it('issues a distinct join code and facilitator key per session', async () => {
    const a: CreatedSession = await createSession(ts.url);
    const b: CreatedSession = await createSession(ts.url);
    expect(a.facilitatorKey).not.toBe(b.facilitatorKey);
    expect(a.code).not.toBe(b.code);
  });
});
