import type { Locale } from '../scenario/schema.ts';
import type { Debrief } from './collect.ts';
import { formatMoney, formatNumber, formatPercent } from './format.ts';
import { label } from './labels.ts';
import { conditionText, memberList, memberName, proposalName, trackName } from './names.ts';

export interface GuideQuestion {
  /** Which kind of question (stable, for tests and for the client's screen). */
  topic: 'burden' | 'veto-used' | 'veto' | 'majority' | 'power' | 'conditional' | 'crisis' | 'meters'
    | 'scores' | 'returns' | 'messages' | 'override' | 'free-riders' | 'reality';
  text: string;
}

const MAX_QUESTIONS = 10;
/** When a session offers more topics than fit, the ones about what only this session did come first. */
const PRIORITY: GuideQuestion['topic'][] = ['burden', 'veto-used', 'veto', 'majority', 'override', 'power', 'conditional', 'crisis', 'scores', 'free-riders', 'meters', 'messages', 'returns'];

/**
 * The facilitator's debrief guide: 8–10 questions drawn from what happened in this session. Each
 * question names the session's own facts (members, proposals, figures); a topic is asked only when
 * the session gives it something to ask about, in the order a debrief usually runs, and the last
 * question always brings the class back to the real analogues of the fictional fund.
 */
export function debriefGuide(d: Debrief, locale: Locale): GuideQuestion[] {
  const q: GuideQuestion[] = [];
  const name = (id: string) => memberName(d, id, locale);
  const r2 = (x: number) => formatNumber(x, 2, locale);

  const pts = d.burden.points;
  if (d.burden.r !== null && pts.length > 1) {
    const sorted = [...pts].sort((a, b) => b.sharePct - a.sharePct);
    q.push({ topic: 'burden', text: label(locale, 'qBurden', { r: r2(d.burden.r), who: name(sorted[0]!.member), low: name(sorted.at(-1)!.member) }) });
  }

  const vetoed = d.proposals.find((p) => p.tally.vetoedBy.length > 0);
  if (vetoed) q.push({ topic: 'veto-used', text: label(locale, 'qVetoUsed', { proposal: proposalName(d, vetoed.id, locale), members: memberList(d, vetoed.tally.vetoedBy, locale) }) });

  if (d.counterfactual.killedByVeto.length > 0) {
    q.push({ topic: 'veto', text: label(locale, 'qVeto', { list: d.counterfactual.killedByVeto.slice(0, 3).map((k) => proposalName(d, k.proposal, locale)).join(', ') }) });
  }
  if (d.counterfactual.passedByMajority.length > 0) {
    q.push({ topic: 'majority', text: label(locale, 'qMajority', { list: proposalName(d, d.counterfactual.passedByMajority[0]!.proposal, locale) }) });
  }

  const power = d.power.indices;
  if (power && power.players.length > 1) {
    let best = 0;
    for (let i = 1; i < power.players.length; i++) {
      if (Math.abs(power.banzhaf[i]! - power.weightShare[i]!) > Math.abs(power.banzhaf[best]! - power.weightShare[best]!)) best = i;
    }
    q.push({ topic: 'power', text: label(locale, 'qPower', { member: name(power.players[best]!), weight: formatPercent(power.weightShare[best]!, locale), power: formatPercent(power.banzhaf[best]!, locale) }) });
  }

  const fallen = d.conditionalPledges.filter((p) => p.status === 'fallen');
  const honoured = d.conditionalPledges.filter((p) => p.status === 'honoured');
  if (fallen.length > 0) {
    const f = fallen[0]!;
    q.push({ topic: 'conditional', text: label(locale, 'qConditional', { count: fallen.length, member: name(f.member), round: f.round, condition: conditionText(d, f.condition, locale) }) });
  } else if (honoured.length > 0) {
    q.push({ topic: 'conditional', text: label(locale, 'qConditionalHonoured', { count: honoured.length }) });
  }

  if (d.rounds.length > 0) {
    const byTrack = new Map<string, number>();
    for (const c of d.crises) byTrack.set(c.track, (byTrack.get(c.track) ?? 0) + 1);
    const worst = [...byTrack.entries()].sort((a, b) => b[1] - a[1])[0];
    q.push(worst
      ? { topic: 'crisis', text: label(locale, 'qCrisis', { track: trackName(d, worst[0], locale), n: worst[1] }) }
      : { topic: 'crisis', text: label(locale, 'qNoCrisis') });
    const m = (x: number) => formatNumber(x, 1, locale);
    q.push({ topic: 'meters', text: label(locale, 'qMeters', { us0: m(d.initial.meters.usEngagement), us1: m(d.meters.usEngagement), au0: m(d.initial.meters.autonomy), au1: m(d.meters.autonomy) }) });
    const top = [...d.scores].sort((a, b) => b.score.total - a.score.total)[0];
    if (top) q.push({ topic: 'scores', text: label(locale, 'qScores', { top: name(top.member), score: formatNumber(top.score.total, 1, locale), index: d.allianceIndex }) });
  }

  const earners = d.scores.filter((s) => s.industrialReturns > 0).sort((a, b) => b.industrialReturns - a.industrialReturns);
  if (earners.length > 0) {
    const e = earners[0]!;
    q.push({ topic: 'returns', text: label(locale, 'qReturns', { member: name(e.member), returns: formatMoney(e.industrialReturns, locale), pledged: formatMoney(e.cumulativePledged, locale) }) });
  }

  const top = [...d.messages.pairs].sort((a, b) => b.count - a.count)[0];
  if (top) {
    const silent = d.members.filter((m) => (d.messages.sent[m.id]?.private ?? 0) === 0).map((m) => m.id);
    q.push({ topic: 'messages', text: label(locale, 'qMessages', { from: name(top.from), to: name(top.to), n: top.count, silent: silent.length ? memberList(d, silent, locale) : label(locale, 'none') }) });
  } else if (d.rounds.length > 0) {
    q.push({ topic: 'messages', text: label(locale, 'qMessagesQuiet', { n: d.messages.total }) });
  }

  const override = d.overrides[0];
  if (override) q.push({ topic: 'override', text: label(locale, 'qOverride', { target: override.target, reason: override.reason }) });

  const freeRiders = d.burden.points.filter((p) => p.pledged === 0).map((p) => p.member);
  if (freeRiders.length > 0 && freeRiders.length < d.members.length) {
    q.push({ topic: 'free-riders', text: label(locale, 'qFreeRider', { list: memberList(d, freeRiders, locale) }) });
  }

  const kept = new Set([...q].sort((a, b) => PRIORITY.indexOf(a.topic) - PRIORITY.indexOf(b.topic)).slice(0, MAX_QUESTIONS - 1));
  return [...q.filter((x) => kept.has(x)), { topic: 'reality', text: label(locale, 'qReality') }];
}
