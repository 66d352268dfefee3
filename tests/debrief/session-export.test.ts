import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '@aspf/shared';
import { exportSession, firstDifference, parseSession, serialiseSession, verifySession, type SessionExport } from '../../shared/src/debrief/index.ts';
import { DISPLAY_NAMES, scripted } from './sessions.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'aspf-debrief-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const golden = scripted();
const EXPORTED_AT = Date.UTC(2026, 2, 1, 18, 30);
const roundTrip = (s: SessionExport): unknown => JSON.parse(serialiseSession(s));

describe('JSON session export', () => {
  const session = exportSession(golden.log, golden.state, { exportedAt: EXPORTED_AT, displayNames: DISPLAY_NAMES });

  it('holds the scenario, the full log, the final state and the engine version', () => {
    expect(session).toMatchObject({ format: 'aspf-session', version: 1, engineVersion: ENGINE_VERSION, exportedAt: '2026-03-01T18:30:00.000Z', seed: 2026, setup: {} });
    expect(session.entries).toHaveLength(golden.log.entries.length);
    expect(session.scenario.id).toBe('fixture');
    expect(session.displayNames).toEqual(DISPLAY_NAMES);
    expect(exportSession(golden.log, golden.state, { exportedAt: EXPORTED_AT, displayNames: DISPLAY_NAMES, anonymise: true }).displayNames).toBeUndefined();
    expect(serialiseSession(session)).toContain('Élodie Durand'); // UTF-8 as is, not \u-escaped
  });

  it('re-imports: validated with zod, replayed, and the final state is identical', () => {
    const parsed = parseSession(roundTrip(session));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const result = verifySession(parsed.value);
    expect(result).toMatchObject({ ok: true, actions: golden.log.entries.length });
  });

  it('names the first path where a tampered final state differs', () => {
    const bad = roundTrip(session) as { finalState: { members: Record<string, { balance: number }>; proposals: { status: string }[] } };
    bad.finalState.proposals[2]!.status = 'approved';
    bad.finalState.members.FRA!.balance += 1;
    const parsed = parseSession(bad);
    if (!parsed.ok) throw new Error('should parse');
    const result = verifySession(parsed.value);
    expect(result).toMatchObject({ ok: false, kind: 'state-differs', difference: { path: 'finalState.members.FRA.balance' } });
  });

  it('reports a log entry this engine refuses, and an engine version it does not speak', () => {
    const bad = roundTrip(session) as { entries: { action: { proposal?: string } }[] };
    const vote = bad.entries.findIndex((e) => e.action.proposal === 'p1');
    bad.entries[vote]!.action.proposal = 'p99';
    const parsed = parseSession(bad);
    if (!parsed.ok) throw new Error('should parse');
    expect(verifySession(parsed.value)).toMatchObject({ ok: false, kind: 'replay-rejected', seq: vote + 1 });
    const older = parseSession({ ...(roundTrip(session) as object), engineVersion: ENGINE_VERSION + 1 });
    if (!older.ok) throw new Error('should parse');
    expect(verifySession(older.value)).toMatchObject({ ok: false, kind: 'engine-version' });
  });

  it('rejects malformed files with every problem\'s path', () => {
    const bad = roundTrip(session) as Record<string, unknown> & { entries: { action: Record<string, unknown> }[] };
    bad.format = 'something-else';
    bad.entries[3]!.action.extra = 1;
    delete bad.seed;
    const parsed = parseSession(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.map((i) => i.path)).toEqual(expect.arrayContaining(['format', 'seed', 'entries.3.action']));
    expect(parseSession('nonsense').ok).toBe(false);
  });

  it('firstDifference walks objects in key order and arrays by index', () => {
    expect(firstDifference({ a: 1, b: [1, 2, { c: 'x' }] }, { a: 1, b: [1, 2, { c: 'y' }] })).toEqual({ path: '$.b[2].c', expected: 'x', actual: 'y' });
    expect(firstDifference([1, 2], [1, 2, 3])).toEqual({ path: '$.length', expected: 2, actual: 3 });
    expect(firstDifference({ 'odd key': 1 }, {})).toEqual({ path: '$["odd key"]', expected: 1, actual: undefined });
    expect(firstDifference({ a: { b: 1 } }, { a: { b: 1 } })).toBeNull();
  });
});

describe('npm run export / npm run replay', () => {
  const node = (script: string, ...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, INIT_CWD: TMP } });
  const file = join(TMP, 'session.json');

  it('export writes a bot game as a session file (and optionally the report and CSV tables)', () => {
    const out = node('server/src/cli/export.ts', '--scenario', 'quick-demo', '--seed', '7', '--out', 'session.json', '--report', 'report.html', '--csv', 'csv', '--locale', 'fr');
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^session: .*session\.json \(\d+ actions, Quick demo, seed 7\)$/m);
    const parsed = parseSession(JSON.parse(readFileSync(file, 'utf8')));
    expect(parsed.ok).toBe(true);
    expect(readFileSync(join(TMP, 'report.html'), 'utf8')).toContain('<html lang="fr">');
    expect(readdirSync(join(TMP, 'csv')).sort()).toEqual(['actions.csv', 'message-counts.csv', 'pledges.csv', 'proposals.csv', 'scores.csv', 'votes.csv']);
  });

  it('replay verifies that the file rebuilds its final state exactly: "OK: N actions, final state identical"', () => {
    const n = (JSON.parse(readFileSync(file, 'utf8')) as SessionExport).entries.length;
    const out = node('server/src/cli/replay.ts', 'session.json');
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(`OK: ${n} actions, final state identical\n`);
    expect(out.status).toBe(0);
  });

  it('replay shows the first differing path and exits 1 when the state was altered', () => {
    const s = JSON.parse(readFileSync(file, 'utf8')) as { finalState: { meters: { cohesion: number } } };
    s.finalState.meters.cohesion = 9.9;
    writeFileSync(join(TMP, 'tampered.json'), JSON.stringify(s));
    const out = node('server/src/cli/replay.ts', 'tampered.json');
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('FAILED: the replayed state differs at finalState.meters.cohesion');
    expect(out.stderr).toContain('exported: 9.9');
  });

  it('replay explains an invalid file (exit 1) and bad arguments (exit 2)', () => {
    writeFileSync(join(TMP, 'bad.json'), '{"format":"aspf-session"}');
    const bad = node('server/src/cli/replay.ts', 'bad.json');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/is not a valid ASPF session export:\n {2}version: /);
    expect(node('server/src/cli/replay.ts', 'missing.json').status).toBe(1);
    expect(node('server/src/cli/replay.ts').status).toBe(2);
    expect(node('server/src/cli/replay.ts', 'a.json', '--locale', 'de').status).toBe(2);
    expect(node('server/src/cli/export.ts', '--scenario', 'atlantis').status).toBe(2);
  });

  it('replay can write the report and the CSV tables from a verified file', () => {
    const out = node('server/src/cli/replay.ts', 'session.json', '--report', 'again.html', '--csv', 'again', '--messages');
    expect(out.status).toBe(0);
    expect(readFileSync(join(TMP, 'again.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(readdirSync(join(TMP, 'again'))).toContain('votes.csv');
  });
});
