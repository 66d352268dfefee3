/**
 * `npm run bench`: runs the benchmark suites and writes docs/BENCHMARKS.md with the date and the
 * machine. `npm run bench -- --quick` runs smaller samples (a smoke run, not for the record);
 * `--only=engine,bytes,durability,client,capacity` runs some sections (not written either);
 * `--steps=1,100` replaces the game's capacity steps, e.g. to reach 100 sessions in a quick run (not
 * written either). The hand-written analysis at the end of docs/BENCHMARKS.md (below its marker)
 * is kept.
 * Targets are checked here, never in tests: the machines are shared and timings are noisy.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { bytesBench } from './bytes.ts';
import { capacityBench, type StepResult } from './capacity.ts';
import { clientBench } from './client.ts';
import { durabilityBench } from './durability.ts';
import { engineBench, type Figure } from './engine.ts';
import { freshDatabase, postgresUp } from '../tests/scale/services.ts';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (name: string) => !only || only.includes(name);
const capacitySteps = process.argv.find((a) => a.startsWith('--steps='))?.slice('--steps='.length).split(',').map(Number);
const started = new Date();
const loadAtStart = loadavg()[0]!;
const sections: { title: string; figures: Figure[]; notes: string[]; extra?: string[] }[] = [];
const say = (line: string) => process.stdout.write(`${line}\n`);
const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  const t0 = Date.now();
  say(`${name}…`);
  const result = await run();
  say(`${name}: ${Math.round((Date.now() - t0) / 1000)} s`);
  return result;
};
/** A section that fails is recorded as failed (with its error); the other sections still run. */
const section = async (name: string, title: string, run: () => Promise<void>): Promise<void> => {
  try {
    await run();
  } catch (error) {
    say(`${name} failed: ${(error as Error).stack ?? error}`);
    sections.push({ title, figures: [], notes: [`This section failed in this run: ${(error as Error).message.split('\n')[0]}`] });
  }
};

if (wanted('capacity')) await section('capacity', 'Capacity', async () => {
  // The capacity steps run on PostgreSQL (group commit) when it is reachable, with SQLite beside.
  const database = await postgresUp().catch(() => false) ? await freshDatabase() : null;
  try {
    const { figures, steps, notes } = await timed('capacity', () => capacityBench(quick
      ? { steps: capacitySteps ?? [1, 10], sqliteSteps: [10], threadSteps: [10], seconds: 12, oneSessionSeconds: 12, echoSessions: [10], breakMs: 1000, databaseUrl: database?.url ?? null }
      : { steps: capacitySteps ?? [1, 50, 100, 150, 200], sqliteSteps: [1, 100], threadSteps: [100], seconds: 25, oneSessionSeconds: 60, echoSessions: [1, 50], breakMs: 1000, databaseUrl: database?.url ?? null }, say));
    sections.push({ title: 'Capacity: sessions of 33 SDK clients, each acting about every 10 s (server and load on this machine)', figures, notes, extra: stepTable(steps) });
  } finally {
    await database?.drop();
  }
});
if (wanted('bytes')) await section('bytes', 'Bytes on the wire (counted at each client\'s WebSocket)', async () => {
  const { figures, notes } = await timed('bytes', bytesBench);
  sections.push({ title: 'Bytes on the wire (counted at each client\'s WebSocket)', figures, notes });
});
if (wanted('durability')) await section('durability', 'Durability: actions per second, each durable before its acknowledgement', async () => {
  const { figures, notes } = await timed('durability', () => durabilityBench(quick ? 2 : 6));
  sections.push({ title: 'Durability: actions per second, each durable before its acknowledgement', figures, notes });
});
if (wanted('engine')) await section('engine', 'Engine (one core, in process)', async () => {
  const figures = await timed('engine', async () => engineBench(quick ? 100 : 1000));
  sections.push({ title: 'Engine (one core, in process)', figures, notes: [] });
});
if (wanted('client')) await section('client', 'Client', async () => {
  const { figures, notes } = await timed('client', clientBench);
  sections.push({ title: 'Client', figures, notes });
});

function stepTable(steps: StepResult[]): string[] {
  const lines = ['| room | store | sessions | clients | p50 ms | p99 ms | max ms | accepted actions | refused | failed joins / requests | server CPU (of one core) | load CPU | idle CPU | CPU ms per action | server RSS MB | server / load event-loop p99 ms | MB received undecoded |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const s of steps) {
    lines.push(`| ${s.target === 'aspf' ? 'ASPF game' : 'bare echo'} | ${s.store} | ${s.sessions} | ${s.clients} | ${s.p50} | ${s.p99} | ${s.maxMs} | ${s.accepted} | ${s.refused} | ${s.joinFailures} / ${s.failedRequests} | ${Math.round(s.cpu * 100)} % | ${Math.round(s.loadCpu * 100)} % | ${Math.round(s.idleCpu * 100)} % | ${s.cpuPerAction} | ${s.rssMb} | ${Number.isNaN(s.serverLagMs) ? '—' : s.serverLagMs} / ${s.loadLagMs} | ${s.receivedMb} |`);
  }
  return lines;
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const lines = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` on ${started.toISOString().slice(0, 10)} — ${machine}${quick ? ' (quick run: small samples)' : ''}.`,
  'These machines are shared: compare ratios within one run, not absolute numbers across runs.',
  `Load average (1 min) at the start ${loadAtStart.toFixed(1)} and at the end ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores: other work ran beside this run. Took ${Math.round((Date.now() - started.getTime()) / 1000)} s.`,
  '',
];
for (const { title, figures, notes, extra } of sections) {
  lines.push(`## ${title}`, '', '| measure | value | target | met |', '|---|---:|---|---|');
  for (const f of figures) lines.push(`| ${f.name} | ${Number.isNaN(f.value) ? '—' : f.value} ${f.unit} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : '**no**'} |`);
  lines.push('');
  if (extra) lines.push(...extra, '');
  for (const n of notes) lines.push(`- ${n}`);
  if (notes.length) lines.push('');
}
const text = `${lines.join('\n')}\n`;
const doc = new URL('../docs/BENCHMARKS.md', import.meta.url);
// Everything from this marker on is written by hand (the analysis of the figures) and kept.
const KEEP = '<!-- Written by hand below this line; npm run bench keeps it. -->';
const previous = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
const kept = previous.includes(KEEP) ? previous.slice(previous.indexOf(KEEP)) : `${KEEP}\n`;
if (!quick && !only && !capacitySteps) writeFileSync(doc, `${text}\n${kept}`);
else {
  mkdirSync(new URL('../test-artifacts/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../test-artifacts/BENCHMARKS.partial.md', import.meta.url), text);
}
process.stdout.write(text);
process.exit(0);
