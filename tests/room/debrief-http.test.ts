import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSession, verifySession } from '@aspf/shared';
import { Player, createSession, startTestServer, type TestServer } from './harness.ts';

/** The debrief downloads: facilitator only, built by replay from the durable log, during the game. */
let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ts.url}${path}`, { headers });

describe('debrief over HTTP', () => {
  it('serves the report, the JSON export and the CSV tables to the facilitator only', async () => {
    const created = await createSession(ts.url, { scenario: 'quick-demo', seed: 3 });
    const f = await Player.join(ts.url, created.code, { role: 'facilitator', name: 'T', key: created.facilitatorKey });
    const deu = await Player.join(ts.url, created.code, { role: 'member', name: 'Zoë Müller', member: 'DEU' });
    await f.must('start');
    await f.must('advance');
    await deu.must('pledge', { amount: 1000 });
    await deu.must('chat', { text: 'Un message très privé' });
    for (let i = 0; i < 4; i++) await f.must('advance'); // to round 2: round 1 is resolved and reported

    const base = `/api/sessions/${created.code}`;
    expect((await get(`${base}/report`)).status).toBe(403);
    expect((await get(`${base}/report`, { 'x-seat-token': deu.token })).status).toBe(403);
    expect((await get(`${base}/report`, { 'x-facilitator-key': 'A'.repeat(22) })).status).toBe(403);
    expect(await (await get('/api/sessions/ZZZZZZZ/report', { 'x-facilitator-key': created.facilitatorKey })).json()).toMatchObject({ code: 'session/unknown' });

    const key = { 'x-facilitator-key': created.facilitatorKey };
    const report = await get(`${base}/report?locale=fr`, key);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/text\/html/);
    const html = await report.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('lang="fr"');
    expect(html).toContain('Zoë Müller');
    expect(html).not.toContain('Un message très privé');
    const anonymous = await (await get(`${base}/report?anonymise=1`, { 'x-seat-token': f.token })).text();
    expect(anonymous).not.toContain('Zoë Müller');

    const exported = await get(`${base}/export`, key);
    expect(exported.headers.get('content-disposition')).toContain(`aspf-${created.code}.json`);
    const parsed = parseSession(await exported.json());
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(verifySession(parsed.value)).toMatchObject({ ok: true });

    const pledges = await get(`${base}/csv/pledges`, key);
    expect(pledges.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await pledges.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets need for accents
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain('DEU');
    expect((await get(`${base}/csv/messages`, key)).status).toBe(404);
    expect(await (await get(`${base}/csv/messages?messages=1`, key)).text()).toContain('Un message très privé');
    expect((await get(`${base}/csv/nonsense`, key)).status).toBe(404);

    // Download tickets let an iframe or a link load the files: facilitator only, one session.
    const post = (path: string, headers: Record<string, string>) => fetch(`${ts.url}${path}`, { method: 'POST', headers });
    expect((await post(`${base}/ticket`, { 'x-seat-token': deu.token })).status).toBe(403);
    const { ticket } = await (await post(`${base}/ticket`, { 'x-seat-token': f.token })).json() as { ticket: string };
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await get(`${base}/report?ticket=${ticket}`)).status).toBe(200);
    expect((await get(`${base}/report?ticket=${'x'.repeat(22)}`)).status).toBe(403);
    const other = await createSession(ts.url, { scenario: 'quick-demo' });
    expect((await get(`/api/sessions/${other.code}/report?ticket=${ticket}`)).status).toBe(403);
    await f.leave();
    await deu.leave();
  });
});
