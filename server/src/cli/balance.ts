/**
 * `npm run balance [-- --games N --seat-games N --out FILE]`: measures the balance targets of issue
 * #13 over seeded bot games (1,000 per scenario by default, plus single-seat deviation runs) and
 * writes docs/BALANCE.md: each target, the figure, met or not, and the design argument
 * (kept by hand below the marker). The same arguments always write the same figures.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { HELP, readArgs, usageError } from './args.ts';
import {
  BUILTIN_SCENARIO_IDS, builtinScenario, measureDeviations, measureDilemma, measureScenario,
  type DeviationFigures, type DilemmaFigures, type ScenarioFigures,
} from '@aspf/shared';

const USAGE = 'usage: npm run balance -- [--games N] [--seat-games N] [--scenarios id,id] [--out docs/BALANCE.md]';
const MARKER = '<!-- Everything below this line is written by hand and kept by npm run balance. -->';

const pct = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)} %`;
const mark = (ok: boolean): string => (ok ? 'met' : '**missed**');

interface Row { target: string; figure: string; ok: boolean }

function main(argv: string[]): number {
  const args = readArgs(USAGE, {
    args: argv,
    options: {
      ...HELP,
      games: { type: 'string', default: '1000' },
      'seat-games': { type: 'string', default: '60' },
      out: { type: 'string', default: 'docs/BALANCE.md' },
      scenarios: { type: 'string', default: BUILTIN_SCENARIO_IDS.join(',') },
    },
  });
  if ('exit' in args) return args.exit;
  const games = Number(args.values.games);
  const seatGames = Number(args.values['seat-games']);
  if (!Number.isSafeInteger(games) || games < 1 || !Number.isSafeInteger(seatGames) || seatGames < 1) {
    return usageError('--games and --seat-games must be whole numbers ≥ 1', USAGE);
  }
  const out = String(args.values.out);
  const ids = String(args.values.scenarios).split(',');
  const unknown = ids.find((id) => !BUILTIN_SCENARIO_IDS.includes(id));
  if (unknown) return usageError(`unknown scenario "${unknown}"`, USAGE);
  const rows: Record<string, Row[]> = {};
  const figures: Record<string, ScenarioFigures> = {};
  const deviations: Record<string, DeviationFigures> = {};
  const dilemmas: Record<string, DilemmaFigures> = {};
  const bands: Record<string, [number, number]> = {
    'quick-demo': [0, 0.05], classroom: [0.03, 0.1], 'arctic-crisis': [0.1, 0.25], 'brussels-2026': [0.05, 0.15],
  };

  for (const id of ids) {
    const scenario = builtinScenario(id)!;
    process.stderr.write(`${id}: ${games} games…\n`);
    const f = measureScenario(scenario, games);
    figures[id] = f;
    const r: Row[] = (rows[id] = []);
    const n = f.members.length;
    // 2. no dominant profile
    const ratios = Object.keys(f.profileWinShare).map((p) => ({ p, x: f.profileWinShare[p]! / f.profileSeatShare[p]! }));
    const top = ratios.reduce((a, b) => (b.x > a.x ? b : a));
    r.push({ target: '2. no profile wins more than 1.5× its seat share', figure: ratios.map((x) => `${x.p} ${x.x.toFixed(2)}×`).join(', '), ok: top.x <= 1.5 });
    // 3. every seat worth playing
    const shares = f.members.map((m) => ({ m, x: f.memberWinShare[m]! * n }));
    const lo = shares.reduce((a, b) => (b.x < a.x ? b : a));
    const hi = shares.reduce((a, b) => (b.x > a.x ? b : a));
    if (id === 'classroom' || id === 'arctic-crisis') {
      r.push({ target: '3. each member wins 0.5×–2× of 1/n', figure: `${shares.map((s) => `${s.m} ${s.x.toFixed(2)}`).join(', ')} (low ${lo.m}, high ${hi.m})`, ok: lo.x >= 0.5 && hi.x <= 2 });
    }
    const exposed = scenario.members.filter((m) => scenario.tracks.some((t) => t.regions.some((g) => m.regions.includes(g))));
    r.push({ target: '3. every member has a regional threat track', figure: `${exposed.length} of ${n}`, ok: exposed.length === n });
    const objs = Object.entries(f.objectiveMet).filter(([, v]) => v.dealt >= 20);
    const badObjs = objs.filter(([, v]) => v.met / v.dealt < 0.15 || v.met / v.dealt > 0.7);
    r.push({ target: '3. each objective met in 15–70 % of the games where dealt (dealt ≥ 20 times)', figure: objs.map(([k, v]) => `${k} ${pct(v.met / v.dealt)}`).join(', '), ok: badObjs.length === 0 });
    // 4. US leverage
    r.push({ target: '4. common-budget proposals ≥ 20 % of proposals', figure: pct(f.commonShare), ok: f.commonShare >= 0.2 });
    if (id === 'classroom') {
      r.push({ target: '4. the US casts a deciding "no" (sole veto) in ≥ 10 % of games', figure: pct(f.usDecidingNoGames / games), ok: f.usDecidingNoGames / games >= 0.1 });
      // 5. rules matter
      const close = f.fundVotes ? f.closeFundVotes / f.fundVotes : 0;
      const weight = f.fundVotes ? f.weightDecided / f.fundVotes : 0;
      r.push({ target: '5. fund votes within one member or 5 points of weight of the threshold ≥ 25 %', figure: pct(close), ok: close >= 0.25 });
      r.push({ target: '5. the weight criterion decides ≥ 10 % of fund votes', figure: pct(weight), ok: weight >= 0.1 });
      process.stderr.write(`${id}: ${games} games under nato-consensus for the fund…\n`);
      const consensus = measureScenario(scenario, games, { rules: { fund: 'nato-consensus' } });
      const diff = f.passedShare - consensus.passedShare;
      r.push({ target: '5. aspf-qmv → nato-consensus for the fund changes the share passed by ≥ 20 points', figure: `${pct(f.passedShare)} → ${pct(consensus.passedShare)}`, ok: Math.abs(diff) >= 0.2 });
    }
    // 6. ratification
    if (scenario.ratification) {
      r.push({ target: '6. two-level ratification plays (rolls and failures per game)', figure: `${(f.ratificationRolls / games).toFixed(1)} rolls, ${(f.ratificationFailures / games).toFixed(2)} failures`, ok: f.ratificationFailures > 0 });
    }
    // 7. narrative
    r.push({ target: '7. triggered events take ≤ 40 % of briefings', figure: pct(f.triggeredBriefings / f.briefings), ok: f.triggeredBriefings / f.briefings <= 0.4 });
    const deck = Object.entries(f.deckEventGames);
    const rare = deck.reduce((a, b) => (b[1] < a[1] ? b : a));
    r.push({ target: '7. every deck event plays in ≥ 3 % of games', figure: `rarest ${rare[0]} ${pct(rare[1] / games)}`, ok: rare[1] / games >= 0.03 });
    if (id === 'arctic-crisis') {
      const promised = ['giuk-submarines', 'melting-ice', 'greenland-tensions'];
      const shown = promised.map((e) => ({ e, x: (f.eventGames[e] ?? 0) / games }));
      r.push({ target: '7. each event the description promises occurs in ≥ 20 % of games', figure: shown.map((s) => `${s.e} ${pct(s.x)}`).join(', '), ok: shown.every((s) => s.x >= 0.2) });
    }
    // 8. pacing
    const r1 = f.fundSpending ? f.round1Spending / f.fundSpending : 0;
    r.push({ target: '8. round 1 takes ≤ 35 % of fund spending', figure: pct(r1), ok: r1 <= 0.35 });
    r.push({ target: '8. ≤ 1.5 approved-unfunded projects per game at the end', figure: (f.unfundedAtEnd / games).toFixed(2), ok: f.unfundedAtEnd / games <= 1.5 });
    const [blo, bhi] = bands[id] ?? [0, 1];
    const fr = f.fractures / games;
    r.push({ target: `8. fracture rate in ${pct(blo)}–${pct(bhi)}`, figure: `${pct(fr)} (crises per game ${(f.crises / games).toFixed(2)}, Alliance Index ${f.allianceIndex.toFixed(1)})`, ok: fr >= blo - 1e-9 && fr <= bhi + 1e-9 });
    // 1, 2: dilemma and deviations at the small tables
    if (id === 'classroom' || id === 'quick-demo') {
      process.stderr.write(`${id}: dilemma and single-seat deviations (${seatGames} games a seat and variant)…\n`);
      const d = measureDilemma(scenario, Math.min(games, 300), seatGames);
      dilemmas[id] = d;
      const drop = d.allSteady.mean !== 0 ? 1 - d.allFreeRider.mean / d.allSteady.mean : 0;
      r.push({ target: '1. one seat switching steady → free rider gains a little (others steady)', figure: `${d.temptation >= 0 ? '+' : ''}${d.temptation.toFixed(2)} points a seat`, ok: d.temptation > 0 });
      r.push({ target: '1. all free riding: mean score ≥ 20 % lower than all contributing, and a lower Alliance Index', figure: `${d.allSteady.mean.toFixed(1)} → ${d.allFreeRider.mean.toFixed(1)} (${pct(drop)} lower); index ${d.allSteady.index.toFixed(1)} → ${d.allFreeRider.index.toFixed(1)}`, ok: drop >= 0.2 && d.allFreeRider.index < d.allSteady.index });
      r.push({ target: '1. a conditional cooperator does at least as well as a steady one', figure: `${d.conditionalEdge >= 0 ? '+' : ''}${d.conditionalEdge.toFixed(2)} points a seat`, ok: d.conditionalEdge >= 0 });
      const dev = measureDeviations(scenario, seatGames);
      deviations[id] = dev;
      r.push({ target: '2. no single-seat deviation (token pledge, herd voting, never proposing) gains > 10 % over the best profile at that seat', figure: `largest ${dev.maxGain.member} ${dev.maxGain.variant} ${dev.maxGain.gain >= 0 ? '+' : ''}${pct(dev.maxGain.gain)}`, ok: dev.maxGain.gain <= 0.1 });
    }
  }
  // 8. Brussels is not the easiest
  const rate = (id: string) => figures[id]!.crises / figures[id]!.games;
  const easiest = ids.reduce((a, b) => (rate(b) < rate(a) ? b : a));
  if (rows['brussels-2026'] && ids.length > 1) rows['brussels-2026'].push({ target: '8. Brussels 2026 is not the easiest scenario (fewest crises a game)', figure: `easiest: ${easiest}`, ok: easiest !== 'brussels-2026' });

  const lines = [
    '# Balance',
    '',
    `Written by \`npm run balance\` (server/src/cli/balance.ts): ${games} seeded bot games per scenario (seeds 1–${games}, profiles dealt`,
    'by the seed, the United States always Atlanticist), rules version 2 (docs/RULES.md R9). The dilemma and the single-seat',
    `deviation runs use ${seatGames} games for each seat and variant, at Classroom and Quick demo; Arctic crisis and Brussels 2026`,
    'have no deviation runs (the time they would take). Each target is from issue #13.',
    '',
  ];
  let met = 0;
  let total = 0;
  for (const id of ids) {
    lines.push(`## ${builtinScenario(id)!.title.en}`, '', '| target | figure | |', '|---|---|---|');
    for (const row of rows[id]!) {
      lines.push(`| ${row.target} | ${row.figure} | ${mark(row.ok)} |`);
      total += 1;
      if (row.ok) met += 1;
    }
    const dev = deviations[id];
    if (dev) {
      lines.push('', 'Best profile at each seat, and the best deviation from it:', '');
      lines.push(dev.seats.map((s) => `${s.member} ${s.best} ${s.bestMean.toFixed(1)} (${s.worstGain.variant} ${s.worstGain.gain >= 0 ? '+' : ''}${pct(s.worstGain.gain)})`).join('; ') + '.');
    }
    lines.push('');
  }
  lines.push(`**${met} of ${total} targets met.**`, '', MARKER, '');
  const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const kept = previous.includes(MARKER) ? previous.slice(previous.indexOf(MARKER) + MARKER.length).replace(/^\n+/, '') : '';
  writeFileSync(out, `${lines.join('\n')}${kept ? `\n${kept}` : ''}`);
  process.stdout.write(`${met} of ${total} targets met; written to ${out}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
