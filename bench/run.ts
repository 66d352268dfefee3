/**
 * `npm run bench`: runs the benchmark suites and writes docs/BENCHMARKS.md with the date and the
 * machine. `npm run bench -- --quick` runs smaller samples (a smoke run, not for the record).
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { engineBench, type Figure } from './engine.ts';

const quick = process.argv.includes('--quick');
const started = new Date();
const sections: [string, Figure[]][] = [];

process.stdout.write('engine…\n');
sections.push(['Engine (one core, in process)', engineBench(quick ? 100 : 1000)]);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const lines = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` on ${started.toISOString().slice(0, 10)} — ${machine}${quick ? ' (quick run: small samples)' : ''}.`,
  'These machines are shared: compare ratios within one run, not absolute numbers across runs.',
  '',
];
for (const [title, figures] of sections) {
  lines.push(`## ${title}`, '', '| measure | value | target | met |', '|---|---:|---|---|');
  for (const f of figures) lines.push(`| ${f.name} | ${f.value} ${f.unit} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : '**no**'} |`);
  lines.push('');
}
const text = `${lines.join('\n')}\n`;
if (!quick) writeFileSync(new URL('../docs/BENCHMARKS.md', import.meta.url), text);
process.stdout.write(text);
