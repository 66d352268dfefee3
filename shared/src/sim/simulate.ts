import { bn } from '../format.ts';
import { botStepBudget, decide, type Deviation } from '../bots/decide.ts';
import { BOT_PROFILES, type Action, type BotProfile } from '../engine/actions.ts';
import { apply } from '../engine/apply.ts';
import { createGame, CURRENT_RULES_VERSION, type GameSetup } from '../engine/create.ts';
import type { GameEvent } from '../engine/events.ts';
import type { GameLog, LogEntry } from '../engine/replay.ts';
import { Rng, seedFrom } from '../engine/rng.ts';
import type { Actor, GameState, MemberId, RoundReport, Tally } from '../engine/types.ts';
import type { Locale, Scenario } from '../scenario/schema.ts';

/** A fixed start of the simulated clock (2026-01-01T09:00Z): the output must not depend on today. */
export const SIM_EPOCH = Date.UTC(2026, 0, 1, 9);

export interface SimResult {
  state: GameState;
  log: GameLog;
  profiles: Record<MemberId, BotProfile>;
  /** Bot actions the engine refused: a bot bug if ever non-zero. */
  refused: { entry: Omit<LogEntry, 'seq'>; code: string }[];
}

/** Deals a profile to every member from the seed (so every strategy meets most seats over many games). */
export function dealProfiles(scenario: Scenario, seed: number): Record<MemberId, BotProfile> {
  const rng = new Rng(seedFrom(`profiles:${seed}`));
  const out: Record<MemberId, BotProfile> = {};
  for (const m of scenario.members) out[m.id] = rng.pick(BOT_PROFILES);
  // The hegemon plays itself: Washington is the Atlanticist pole of every table.
  if (scenario.constants.hegemon && out[scenario.constants.hegemon]) out[scenario.constants.hegemon] = 'atlanticist';
  return out;
}

/** Plays a whole game with bots in every seat, through `apply` only. Deterministic for a seed. */
export interface SimOptions {
  /** Extra public messages each bot sends per phase: table talk for load and replay benchmarks. */
  chatter?: number;
  /** Single-seat deviations for balance runs (docs/BALANCE.md). */
  deviations?: Record<MemberId, Deviation>;
  /** The language bots chat in (shared/src/bots/lines.ts); English when absent. */
  locale?: Locale;
}

export function simulateGame(scenario: Scenario, seed: number, setupIn: GameSetup = {}, profiles = dealProfiles(scenario, seed), options: SimOptions = {}): SimResult {
  // R9.1 a simulated game plays the current rules unless its setup names a version.
  const setup: GameSetup = { rulesVersion: CURRENT_RULES_VERSION, ...setupIn };
  let state = createGame(scenario, seed, setup);
  const log: GameLog = { scenario, seed, setup, entries: [] };
  const refused: SimResult['refused'] = [];
  let now = SIM_EPOCH;

  const act = (actor: Actor, action: Action): GameEvent[] | null => {
    const result = apply(state, actor, action, now);
    if (!result.ok) {
      refused.push({ entry: { actor, action, at: now }, code: result.error.code });
      return null;
    }
    state = result.value.state;
    log.entries.push({ seq: log.entries.length + 1, actor, action: result.value.action, at: now });
    return result.value.events;
  };

  const facilitator: Actor = { kind: 'facilitator' };
  for (const id of state.memberOrder) act(facilitator, { type: 'assignSeat', member: id, controller: 'bot', profile: profiles[id]! });
  act(facilitator, { type: 'start' });

  while (state.phase !== 'ended') {
    for (const member of state.memberOrder) {
      for (let step = 0; step < botStepBudget(state); step++) {
        const deviation = options.deviations?.[member];
        const action = decide({ state, member, profile: profiles[member]!, now, step, ...(deviation ? { deviation } : {}), ...(options.locale ? { locale: options.locale } : {}) });
        if (!action) break;
        now += 997; // bots take a second or so each
        if (!act({ kind: 'member', member }, action)) break;
      }
      for (let i = 0; i < (options.chatter ?? 0); i++) {
        now += 1500;
        act({ kind: 'member', member }, { type: 'chat', to: [], text: `${member}: round ${state.round}, ${state.phase} — point ${i + 1}.` });
      }
    }
    now = Math.max(now, state.clock.endsAt ?? now);
    act({ kind: 'system' }, { type: 'phaseTimeout' });
  }
  return { state, log, profiles, refused };
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

export function describeTally(t: Tally): string {
  const parts: string[] = [];
  const n = t.electorate.length;
  if (t.rule.veto) {
    parts.push(t.vetoedBy.length ? `vetoed by ${t.vetoedBy.join(' ')}` : `no veto (${t.yes.length} yes, ${t.abstain.length + t.silent.length} silent/abstain)`);
  }
  if (t.rule.passCountShare !== null) {
    parts.push(`members ${t.yes.length}/${n} = ${pct(t.countShare)} (${t.rule.strictCount ? '>' : '≥'}${pct(t.rule.passCountShare)} ${t.countMet ? 'met' : 'missed'})`);
  }
  if (t.rule.passWeightShare !== null) {
    const why = t.blockingMinorityMissing ? `deemed met: only ${n - t.yes.length} non-yes < ${t.rule.blockingMinimum}` : t.weightMet ? 'met' : 'missed';
    parts.push(`weight ${pct(t.weightShare)} (≥${pct(t.rule.passWeightShare)} ${why})`);
  }
  return parts.join('; ');
}

/** One round as text, for the simulate command. */
export function formatRound(state: GameState, report: RoundReport): string[] {
  const lines = [`== Round ${report.round} (${report.year}) ==`];
  lines.push(`Event: ${report.event ? `${report.event.title.en}${report.event.source === 'deck' ? '' : ` [${report.event.source}]`}` : 'a quiet year'}`);
  const pledges = report.pledges.map((p) => {
    const cond = p.condition ? ` if ${p.condition.kind === 'total-at-least' ? `total ≥ ${bn(p.condition.total)}` : p.condition.kind === 'member-at-least' ? `${p.condition.member} ≥ ${bn(p.condition.amount)}` : `matching ${p.condition.member}`} → ${p.status}` : '';
    return `${p.member} ${bn(p.settled)}${cond}`;
  });
  const total = report.pledges.reduce((s, p) => s + p.settled, 0);
  lines.push(`Pledges: ${pledges.length ? pledges.join(', ') : 'none'}; total ${bn(total)}`);
  for (const p of report.proposals) {
    const head = `  ${p.id} ${p.name.en} (${p.channel}, lead ${p.lead}, ${bn(p.cost)})`;
    if (p.outcome === 'withdrawn') { lines.push(`${head}: withdrawn`); continue; }
    const verdict = p.outcome === 'approved' ? 'PASSED' : 'REJECTED';
    const money = p.outcome === 'approved' ? (p.funded ? ', funded' : ', approved but unfunded') : '';
    lines.push(`${head}: ${verdict}${p.override ? ` by override (${p.override})` : ''} — ${p.tally ? describeTally(p.tally) : ''}${money}`);
  }
  if (report.proposals.length === 0) lines.push('  no proposals');
  if (report.unfunded.length) lines.push(`Waiting for money: ${report.unfunded.join(' ')}`);
  if (report.delivered.length) lines.push(`Delivered: ${report.delivered.map((id) => state.proposals.find((p) => p.id === id)!.name.en).join(', ')}`);
  lines.push(`Crises: ${report.crises.length ? report.crises.map((id) => state.scenario.tracks.find((t) => t.id === id)!.name.en).join(', ') : 'none'}${report.arrears.length ? `; arrears: ${report.arrears.join(' ')}` : ''}`);
  lines.push(`Pool ${bn(report.poolAfter)} | cohesion ${report.meters.cohesion} | US engagement ${report.meters.usEngagement} | autonomy ${report.meters.autonomy}`);
  return lines;
}

export function formatGame(result: SimResult): string {
  const { state } = result;
  const lines = [`ASPF Table simulation: ${state.scenario.title.en}, seed ${state.seed}`];
  lines.push(`Seats: ${state.memberOrder.map((id) => `${id}=${result.profiles[id]}`).join(' ')}`);
  for (const report of state.history) lines.push('', ...formatRound(state, report));
  lines.push('', `Game over after round ${state.ended?.round} (${state.ended?.reason}). Alliance Index ${state.allianceIndex}/100.`);
  lines.push('Scores (security + influence + objective + returns + prudence = total):');
  const ranked = [...state.memberOrder].sort((a, b) => state.members[b]!.score.total - state.members[a]!.score.total);
  for (const id of ranked) {
    const m = state.members[id]!;
    const s = m.score;
    const objective = state.scenario.objectives.find((o) => o.id === m.objective)!;
    lines.push(`  ${id.padEnd(4)}${String(s.total).padStart(7)}  = ${s.security} + ${s.influence} + ${s.objectives} + ${s.returns} + ${s.prudence}  objective: ${objective.title.en} ${s.objectives > 0 ? '✓' : '✗'}`);
  }
  if (result.refused.length) lines.push(`Bot actions refused: ${result.refused.length}`);
  return lines.join('\n');
}

export interface StrategyStats {
  profile: BotProfile;
  seats: number;
  meanScore: number;
  meanLedPassed: number;
  /** Crises that hit the seat's regions, per game. */
  meanCrises: number;
}

/** Plays N games (seeds seed, seed+1, …) and averages per strategy: the start of balance work. */
export function simulateMany(scenario: Scenario, seed: number, games: number): { stats: StrategyStats[]; meanCrises: number; meanIndex: number; refused: number } {
  const acc = new Map<BotProfile, { seats: number; score: number; led: number; crises: number }>();
  let crises = 0;
  let index = 0;
  let refused = 0;
  for (let g = 0; g < games; g++) {
    const result = simulateGame(scenario, seed + g);
    const { state } = result;
    crises += state.crises.length;
    index += state.allianceIndex;
    refused += result.refused.length;
    for (const id of state.memberOrder) {
      const profile = result.profiles[id]!;
      const a = acc.get(profile) ?? { seats: 0, score: 0, led: 0, crises: 0 };
      const regions = scenario.members.find((m) => m.id === id)!.regions;
      a.crises += state.crises.filter((c) => {
        const track = scenario.tracks.find((t) => t.id === c.track)!;
        return track.regions.length === 0 || track.regions.some((r) => regions.includes(r));
      }).length;
      a.seats += 1;
      a.score += state.members[id]!.score.total;
      a.led += state.proposals.filter((p) => p.lead === id && ['approved', 'funded', 'delivered'].includes(p.status)).length;
      acc.set(profile, a);
    }
  }
  const stats = BOT_PROFILES.filter((p) => acc.has(p)).map((profile) => {
    const a = acc.get(profile)!;
    return { profile, seats: a.seats, meanScore: a.score / a.seats, meanLedPassed: a.led / a.seats, meanCrises: a.crises / a.seats };
  });
  return { stats, meanCrises: crises / games, meanIndex: index / games, refused };
}

export function formatMany(title: string, games: number, r: ReturnType<typeof simulateMany>): string {
  const lines = [`ASPF Table: ${games} games of ${title}`, 'strategy      seats  mean score  passed (led)  crises hit'];
  for (const s of r.stats) {
    lines.push(`${s.profile.padEnd(13)}${String(s.seats).padStart(6)}${s.meanScore.toFixed(2).padStart(12)}${s.meanLedPassed.toFixed(2).padStart(14)}${s.meanCrises.toFixed(2).padStart(12)}`);
  }
  lines.push(`crises per game ${r.meanCrises.toFixed(2)}; Alliance Index ${r.meanIndex.toFixed(1)}; bot actions refused ${r.refused}`);
  return lines.join('\n');
}
