import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Player, createSession, startTestServer, type TestServer } from '../room/harness.ts';

/**
 * Country briefs over real HTTP (docs/SECURITY.md "Briefs"): a delegation's seat token opens its own
 * brief and secret slip and nothing else; the facilitator gets every brief and slip; an observer, a
 * stranger or a wrong key gets 403, and an unknown session 404.
 */
let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ts.url}${path}`, { headers });
/** The secret slips of a briefs page: member id → objective title. */
const slips = (page: string): Record<string, string> =>
  Object.fromEntries([...page.matchAll(/<article class="slip" id="slip-(\w+)"[\s\S]*?<p class="objective"><strong>([^<]*)<\/strong>/g)].map((m) => [m[1]!, m[2]!]));

describe('country briefs over HTTP', () => {
  it('a delegation gets its own brief and secret slip only; the facilitator gets them all', async () => {
    const created = await createSession(ts.url, { scenario: 'classroom', seed: 11 });
    const deu = await Player.join(ts.url, created.code, { role: 'member', name: 'Anna', member: 'DEU' });
    const pol = await Player.join(ts.url, created.code, { role: 'member', name: 'Jan', member: 'POL' });
    const watcher = await Player.join(ts.url, created.code, { role: 'observer', name: 'Obs' });
    const base = `/api/sessions/${created.code}/briefs`;

    const all = await get(base, { 'x-facilitator-key': created.facilitatorKey });
    expect(all.status).toBe(200);
    expect(all.headers.get('cache-control')).toBe('no-store');
    const pack = await all.text();
    const every = slips(pack);
    expect(Object.keys(every)).toHaveLength(10);
    expect((pack.match(/<article class="brief"/g) ?? []).length).toBe(10);

    for (const [player, id] of [[deu, 'DEU'], [pol, 'POL']] as const) {
      const res = await get(base, { 'x-seat-token': player.token });
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(slips(page)).toEqual({ [id]: every[id] });
      expect((page.match(/<article class="brief"/g) ?? []).map(() => id)).toEqual([id]);
      for (const [other, title] of Object.entries(every)) if (other !== id && title !== every[id]) expect(page).not.toContain(title);
    }

    expect((await get(base)).status).toBe(403);
    expect(await (await get(base, { 'x-seat-token': watcher.token })).json()).toMatchObject({ code: 'briefs/forbidden' });
    expect((await get(base, { 'x-facilitator-key': 'A'.repeat(22) })).status).toBe(403);
    expect((await get(base, { 'x-seat-token': 'x'.repeat(200) })).status).toBe(403);
    expect(await (await get('/api/sessions/ZZZZZZZ/briefs', { 'x-facilitator-key': created.facilitatorKey })).json()).toMatchObject({ code: 'session/unknown' });
    // A ticket (for a frame or a tab) opens exactly what the seat that bought it may read, in that session only.
    const post = (path: string, headers: Record<string, string>) => fetch(`${ts.url}${path}`, { method: 'POST', headers });
    const ticket = ((await (await post(`${base}/ticket`, { 'x-seat-token': pol.token })).json()) as { ticket: string }).ticket;
    expect(ticket).toMatch(/^[\w-]{22}$/);
    const byTicket = await get(`${base}?ticket=${ticket}`);
    expect(byTicket.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(slips(await byTicket.text())).toEqual({ POL: every.POL });
    expect((await post(`${base}/ticket`, { 'x-seat-token': watcher.token })).status).toBe(403);
    expect((await get(`${base}?ticket=${'A'.repeat(22)}`)).status).toBe(403);
    const other = await createSession(ts.url, { scenario: 'classroom', seed: 12 });
    expect((await get(`/api/sessions/${other.code}/briefs?ticket=${ticket}`)).status).toBe(403);

    const fr = await (await get(`${base}?locale=fr`, { 'x-seat-token': deu.token })).text();
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Dossier pays');
    for (const p of [deu, pol, watcher]) await p.leave();
  });

  it('a delegation\'s copy of the report: only once the game has ended, without names, texts or other delegations\' private lines', async () => {
    const created = await createSession(ts.url, { scenario: 'quick-demo', seed: 5 });
    const f = await Player.join(ts.url, created.code, { role: 'facilitator', name: 'T', key: created.facilitatorKey });
    const deu = await Player.join(ts.url, created.code, { role: 'member', name: 'Zoë Müller', member: 'DEU' });
    const pol = await Player.join(ts.url, created.code, { role: 'member', name: 'Jan Kowalski', member: 'POL' });
    const fra = await Player.join(ts.url, created.code, { role: 'member', name: 'Élodie', member: 'FRA' });
    await f.must('start');
    await pol.must('chat', { to: ['FRA'], text: 'Entre nous : POL et FRA seulement' });
    await pol.must('chat', { to: ['FRA'], text: 'Encore un' });
    await deu.must('chat', { to: ['POL'], text: 'DEU à POL' });
    await deu.must('chat', { text: 'Bonjour à tous' });
    const report = `/api/sessions/${created.code}/report`;
    expect(await (await get(report, { 'x-seat-token': deu.token })).json()).toMatchObject({ code: 'debrief/forbidden', message: expect.stringContaining('ended') });
    await f.must('end', { reason: 'Fin du cours' });

    const mine = await get(report, { 'x-seat-token': deu.token });
    expect(mine.status).toBe(200);
    const page = await mine.text();
    for (const secret of ['Entre nous', 'Encore un', 'DEU à POL', 'Zoë Müller', 'Jan Kowalski', 'Élodie']) expect(page).not.toContain(secret);
    // The negotiation matrix: DEU's own line to POL is there; the POL → FRA line is not (counted nowhere).
    const negotiation = page.slice(page.indexOf('<section id="negotiation"'), page.indexOf('</section>', page.indexOf('<section id="negotiation"')));
    expect(negotiation).toContain('1 in private channels');
    expect(negotiation).toMatch(/Busiest private line: Germany → Poland, 1 message/);
    const full = await (await get(report, { 'x-facilitator-key': created.facilitatorKey })).text();
    expect(full).toContain('3 in private channels');
    expect(full).toContain('Zoë Müller');
    // A delegation's brief ticket opens its own copy too; an observer's token nothing.
    const ticket = ((await (await fetch(`${ts.url}/api/sessions/${created.code}/briefs/ticket`, { method: 'POST', headers: { 'x-seat-token': fra.token } })).json()) as { ticket: string }).ticket;
    const frCopy = await (await get(`${report}?ticket=${ticket}`)).text();
    expect(frCopy).toContain('2 in private channels');
    // The projector's debrief mode is the facilitator's: no delegation opens it, ended game or not.
    const slides = `/api/sessions/${created.code}/slides`;
    expect(await (await get(slides, { 'x-seat-token': deu.token })).json()).toMatchObject({ code: 'debrief/forbidden' });
    expect((await get(`${slides}?ticket=${ticket}`)).status).toBe(403);
    const screens = await get(slides, { 'x-facilitator-key': created.facilitatorKey });
    expect(screens.headers.get('content-security-policy')).toContain("default-src 'none'");
    const deck = await screens.text();
    expect(deck.match(/<section class="slide"/g)).toHaveLength(6);
    expect(deck).not.toContain('Zoë Müller');
    for (const p of [f, deu, pol, fra]) await p.leave();
  });
});
