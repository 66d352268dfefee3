import type { Locale } from '../scenario/schema.ts';
import type { Debrief } from './collect.ts';
import { formatMoney, formatNumber, formatPercent, formatScore } from './format.ts';
import { LABELS, label, type LabelKey } from './labels.ts';
import { conditionText, memberList, memberOf, memberSubject, proposalName, trackName } from './names.ts';

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
  /** A member as a sentence's subject ("la Pologne"), and the label's plural form when its verb needs one. */
  const subject = (ids: readonly string[]) => memberSubject(d, ids, locale);
  const name = (id: string) => subject([id]).text;
  const said = (key: LabelKey & `q${string}`, plural: boolean, params: Record<string, string | number>): string =>
    label(locale, plural && `${key}Pl` in LABELS ? `${key}Pl` as LabelKey : key, params);
  const r2 = (x: number) => formatNumber(x, 2, locale);

  // docs/DEBRIEF.md "Burden sharing": the comparable members only (not a zero set by the scenario).
  const pts = d.burden.points.filter((p) => p.comparable);
  if (d.burden.r !== null && pts.length > 1) {
    const sorted = [...pts].sort((a, b) => b.sharePct - a.sharePct);
    const who = subject([sorted[0]!.member]);
    q.push({ topic: 'burden', text: said('qBurden', who.plural, { n: pts.length, r: r2(d.burden.r), who: capitalise(who.text), low: name(sorted.at(-1)!.member) }) });
  }

  const vetoed = d.proposals.find((p) => p.tally.vetoedBy.length > 0);
  if (vetoed) q.push({ topic: 'veto-used', text: label(locale, 'qVetoUsed', { proposal: proposalName(d, vetoed.id, locale), of: memberOf(d, vetoed.tally.vetoedBy, locale) }) });

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
    const member = subject([power.players[best]!]);
    q.push({ topic: 'power', text: said('qPower', member.plural, { member: member.text, weight: formatPercent(power.weightShare[best]!, locale), power: formatPercent(power.banzhaf[best]!, locale) }) });
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
    // A meter shown to one decimal that did not move at that precision "stayed" (never "went from 5.0 to 5.0").
    const moved = (from: number, to: number, same: LabelKey, went: LabelKey) =>
      m(from) === m(to) ? label(locale, same, { a: m(from) }) : label(locale, went, { a: m(from), b: m(to) });
    q.push({ topic: 'meters', text: label(locale, 'qMeters', {
      us: moved(d.initial.meters.usEngagement, d.meters.usEngagement, 'meterUsSame', 'meterUsMoved'),
      au: moved(d.initial.meters.autonomy, d.meters.autonomy, 'meterAuSame', 'meterAuMoved'),
    }) });
    const top = [...d.scores].sort((a, b) => b.score.total - a.score.total)[0];
    if (top) {
      const who = subject([top.member]);
      q.push({ topic: 'scores', text: said('qScores', who.plural, { top: who.text, score: formatScore(top.score.total, locale), index: d.allianceIndex }) });
    }
  }

  const earners = d.scores.filter((s) => s.industrialReturns > 0).sort((a, b) => b.industrialReturns - a.industrialReturns);
  if (earners.length > 0) {
    const e = earners[0]!;
    const who = subject([e.member]);
    q.push({ topic: 'returns', text: said('qReturns', who.plural, { member: who.text, returns: formatMoney(e.industrialReturns, locale), pledged: formatMoney(e.cumulativePledged, locale) }) });
  }

  const top = [...d.messages.pairs].sort((a, b) => b.count - a.count)[0];
  if (top) {
    const silent = d.members.filter((m) => (d.messages.sent[m.id]?.private ?? 0) === 0).map((m) => m.id);
    const quiet = subject(silent);
    q.push({ topic: 'messages', text: said('qMessages', quiet.plural, { from: memberList(d, [top.from], locale), to: memberList(d, [top.to], locale), n: top.count, silent: silent.length ? quiet.text : label(locale, 'none') }) });
  } else if (d.rounds.length > 0) {
    q.push({ topic: 'messages', text: label(locale, 'qMessagesQuiet', { n: d.messages.total }) });
  }

  const override = d.overrides[0];
  if (override) q.push({ topic: 'override', text: label(locale, 'qOverride', { target: override.target, reason: override.reason }) });

  // Only a member that was ever a fund participant had a fund vote to keep (R4.1, R3.6).
  const freeRiders = d.burden.points.filter((p) => p.pledged === 0).map((p) => p.member);
  if (freeRiders.length > 0 && freeRiders.length < d.members.length) {
    const hadVote = (id: string) => d.members.some((x) => x.id === id && (x.participantAtStart || x.participant));
    const voters = subject(freeRiders.filter(hadVote));
    const outside = subject(freeRiders.filter((id) => !hadVote(id)));
    const delivered = d.proposals.filter((p) => p.delivered && p.channel === 'fund').length;
    const parts = [
      voters.text ? label(locale, voters.plural ? 'freeVotersPl' : 'freeVoters', { list: voters.text }) : '',
      outside.text ? label(locale, outside.plural ? 'freeOutsidePl' : 'freeOutside', {
        list: outside.text, benefit: delivered > 0 ? label(locale, outside.plural ? 'freeBenefitPl' : 'freeBenefit', { n: delivered }) : '',
      }) : '',
    ].filter(Boolean).map(capitalise);
    q.push({ topic: 'free-riders', text: label(locale, 'qFreeRider', { parts: parts.join(' ') }) });
  }

  const kept = new Set([...q].sort((a, b) => PRIORITY.indexOf(a.topic) - PRIORITY.indexOf(b.topic)).slice(0, MAX_QUESTIONS - 1));
  return [...q.filter((x) => kept.has(x)).map((x) => ({ ...x, text: capitalise(x.text) })), { topic: 'reality', text: label(locale, 'qReality') }];
}

/** A sentence that opens on an article ("la Pologne a…", "the United States…") starts with a capital. */
export const capitalise = (s: string): string => (/^(the |le |la |les |l’)/.test(s) ? s.charAt(0).toUpperCase() + s.slice(1) : s);
