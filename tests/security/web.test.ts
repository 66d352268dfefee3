import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Server as HttpServer } from 'node:http';
import { getTransport } from '@colyseus/core/Transport';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, PROTOCOL_VERSION } from '@aspf/shared/protocol';
import { addressKey, guardJoins, joinGuardOf } from '../../server/src/http/security.ts';
import { hashSecret, matchesHash, newJoinCode, newSecret } from '../../server/src/security/credentials.ts';
import { RateLimiter } from '../../server/src/security/rate-limit.ts';
import { Player, createSession, http, refusedJoin, startTestServer, type TestServer } from '../room/harness.ts';

/**
 * The web surface (docs/SECURITY.md): CORS only for the serving origin, rate limits on session
 * creation and on refused joins (join-code guessing), and the strength of the credentials.
 */

const ROOT = resolve(import.meta.dirname, '../..');
let ts: TestServer;
let installedByApp = false;
let site = '';
const httpServer = () => (getTransport() as unknown as { server: HttpServer }).server;
beforeAll(async () => {
  process.env.SESSION_RATE_LIMIT = '4/60';
  process.env.JOIN_FAILURE_LIMIT = '6/60';
  process.env.CORS_ORIGINS = 'https://allowed.example.org';
  site = mkdtempSync(join(tmpdir(), 'aspf-site-'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>t</title>');
  ts = await startTestServer({ staticDir: site });
  installedByApp = joinGuardOf(httpServer()) !== undefined;
  // app.ts installs the guard after listen() (the first test checks it); installing again is a no-op.
  guardJoins(httpServer());
});
afterAll(async () => {
  delete process.env.SESSION_RATE_LIMIT;
  delete process.env.JOIN_FAILURE_LIMIT;
  delete process.env.CORS_ORIGINS;
  await ts.stop();
  rmSync(site, { recursive: true, force: true });
});

const host = () => new URL(ts.url).host;

describe('HTTP: CORS, headers, malformed URLs', () => {
  it('answers a foreign origin without Access-Control-Allow-Origin, on the API and on matchmaking', async () => {
    for (const [method, path] of [['GET', '/api/health'], ['OPTIONS', '/api/sessions'], ['OPTIONS', '/matchmake/joinById/ABCDEFG'], ['POST', '/matchmake/joinById/ABCDEFG']] as const) {
      const res = await fetch(`${ts.url}${path}`, { method, headers: { origin: 'https://evil.example.com', 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect(res.headers.get('access-control-allow-origin'), `${method} ${path}`).toBeNull();
      expect(res.headers.get('access-control-allow-credentials'), `${method} ${path}`).toBeNull();
    }
  });

  it('allows the serving origin and the configured CORS_ORIGINS', async () => {
    const same = await fetch(`${ts.url}/api/health`, { headers: { origin: `http://${host()}` } });
    expect(same.headers.get('access-control-allow-origin')).toBe(`http://${host()}`);
    const listed = await fetch(`${ts.url}/api/health`, { method: 'OPTIONS', headers: { origin: 'https://allowed.example.org' } });
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://allowed.example.org');
    expect(same.headers.get('vary')).toMatch(/origin/i);
  });

  it('answers malformed URLs with 400 and no stack trace', async () => {
    for (const path of ['/%E0%A4%A', '/api/sessions/%E0%A4%A', '/api/sessions/%E0%A4%A/scenario']) {
      const res = await fetch(`${ts.url}${path}`);
      const text = await res.text();
      expect(res.status, path).toBe(400);
      expect(text, path).not.toMatch(/at |URIError|\/work\/|node_modules/);
    }
    // Path traversal finds the client's index.html, never a file outside it.
    const traversal = await fetch(`${ts.url}/..%2f..%2fpackage.json`);
    expect(await traversal.text()).toContain('<title>t</title>');
  });

  it('sends the security headers on every answer', async () => {
    for (const path of ['/api/health', '/api/sessions/NOPE123', '/api/nowhere', '/', '/join/ABCDEFG']) {
      const res = await fetch(`${ts.url}${path}`);
      expect(res.headers.get('content-security-policy'), path).toMatch(/script-src 'self'/);
      expect(res.headers.get('content-security-policy'), path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});

describe('rate limits', () => {
  it('the app installs the join guard in front of Colyseus\' matchmaking', () => {
    expect(installedByApp, 'server/src/app.ts must call guardJoins(transport.server) right after server.listen()').toBe(true);
  });

  it('limits session creation per address (SESSION_RATE_LIMIT)', async () => {
    for (let i = 0; i < 4; i++) await createSession(ts.url);
    const refused = await http<{ code: string }>(ts.url, '/api/sessions', { body: { scenario: 'quick-demo' } });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('http/rate_limited');
    // Only creation is limited: the rest of the API still answers.
    expect((await http(ts.url, '/api/health')).status).toBe(200);
  });

  it('stops join-code guessing after JOIN_FAILURE_LIMIT refused joins; successful joins do not count', async () => {
    const limiter = guardJoins(httpServer());
    const s = await (async () => {
      // Session creation above used the address's budget: make this one directly in the store path.
      const { createSession: make } = await import('../../server/src/sessions.ts');
      const out = await make(ts.server.services, { scenario: 'quick-demo', seed: 1 });
      if (!out.ok) throw new Error('no session');
      return out.value;
    })();
    // A classroom behind one address: many good joins are fine.
    const students = await Promise.all(Array.from({ length: 10 }, (_, i) => Player.join(ts.url, s.code, { role: 'observer', name: `S${i}` })));
    // Guesses: "room not found" (522) until the budget is spent (the CORS test above spent one), then 429.
    const guesses: number[] = [];
    for (let i = 0; i < 7; i++) guesses.push((await refusedJoin(ts.url, newJoinCode(), { protocol: PROTOCOL_VERSION, role: 'observer' })).code);
    const firstBlocked = guesses.indexOf(429);
    expect(firstBlocked, `${guesses}`).toBeGreaterThan(3);
    expect(guesses.slice(0, firstBlocked).every((c) => c === 522), `${guesses}`).toBe(true);
    expect(guesses.slice(firstBlocked).every((c) => c === 429), `${guesses}`).toBe(true);
    // Now even the right code is refused, so a lucky guess is indistinguishable.
    const blocked = await refusedJoin(ts.url, s.code, { protocol: PROTOCOL_VERSION, role: 'observer' });
    expect(blocked.code).toBe(429);
    expect(blocked.message).toMatch(/^join\/rate_limited: /);
    // The address is blocked for the rest of the window (any refused join counts, a bad key as much as a bad code).
    expect(limiter.blocked('127.0.0.1')).toBeGreaterThan(50_000);
    for (const p of students) await p.leave();
  });

  it('counts IPv6 clients by their /64, IPv4 (also mapped) by address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('the limiter forgets hits older than its window', () => {
    const l = new RateLimiter({ limit: 2, windowMs: 1000 });
    l.hit('a', 0);
    l.hit('a', 10);
    expect(l.blocked('a', 500)).toBe(500);
    expect(l.blocked('b', 500)).toBe(0);
    expect(l.blocked('a', 1001)).toBe(0);
  });
});

describe('credentials', () => {
  it('join codes: at least 30 bits, uniform over the alphabet, from the CSPRNG', () => {
    expect(JOIN_CODE_LENGTH * Math.log2(JOIN_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(30);
    // Counts per position and symbol: a biased draw (say, modulo bias) or a stuck position shows up.
    const counts = new Map<string, number>();
    const codes = new Set<string>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const code = newJoinCode();
      expect(code).toHaveLength(JOIN_CODE_LENGTH);
      codes.add(code);
      [...code].forEach((ch, at) => counts.set(`${at}${ch}`, (counts.get(`${at}${ch}`) ?? 0) + 1));
    }
    expect(counts.size).toBe(JOIN_CODE_LENGTH * JOIN_CODE_ALPHABET.length);
    // χ² over 7 × 23 cells (7 × 22 = 154 degrees of freedom): above 283.6 has p < 1e-9, so a fair
    // generator fails this once in a billion runs, and a 5 % bias in one symbol fails it always.
    const expected = n / JOIN_CODE_ALPHABET.length;
    const chi2 = [...counts.values()].reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(283.6);
    // Repeats among 20,000 of 23^7 codes follow the birthday bound: Poisson with mean
    // n²/2N ≈ 0.059, so more than 4 has p ≈ 5.5e-9 (all distinct would fail ~6 % of runs).
    expect(n - codes.size).toBeLessThanOrEqual(4);
    const source = readFileSync(resolve(ROOT, 'server/src/security/credentials.ts'), 'utf8');
    expect(source).toMatch(/import \{[^}]*randomInt[^}]*\} from 'node:crypto'/);
    expect(source).not.toMatch(/Math\.random/);
  });

  it('facilitator keys and seat tokens: 128 bits, stored hashed, compared in constant time', () => {
    const keys = new Set(Array.from({ length: 1000 }, newSecret));
    expect(keys.size).toBe(1000);
    for (const k of keys) expect(Buffer.from(k, 'base64url')).toHaveLength(16);
    const key = newSecret();
    expect(matchesHash(key, hashSecret(key))).toBe(true);
    expect(matchesHash(newSecret(), hashSecret(key))).toBe(false);
    expect(matchesHash('', hashSecret(key))).toBe(false);
    expect(matchesHash(key, 'not hex')).toBe(false);
    const source = readFileSync(resolve(ROOT, 'server/src/security/credentials.ts'), 'utf8');
    expect(source).toMatch(/timingSafeEqual\(/);
    expect(source).toMatch(/randomBytes\(16\)/);
  });
});
