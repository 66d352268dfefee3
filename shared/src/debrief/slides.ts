import type { Locale } from '../scenario/schema.ts';
import { barChart, barLegend, scatterChart } from './charts.ts';
import type { Debrief } from './collect.ts';
import { COUNTERFACTUAL_RULES } from './counterfactual.ts';
import { formatNumber, formatPercent, formatScore } from './format.ts';
import { debriefGuide } from './guide.ts';
import { html, raw, type Html } from './html.ts';
import { label } from './labels.ts';
import { pearson } from './stats.ts';
import { memberName, ruleName } from './names.ts';

/**
 * The projector's debrief mode (docs/DEBRIEF.md "Debrief mode"): six screens for a 20-minute
 * debrief — the scores, "did free riding pay?", the same votes under other rules, voting power, the
 * burden-sharing picture and three questions. One self-contained page like the report (no script):
 * each screen fills the projector, Page Down or the space bar moves to the next (scroll snapping),
 * and the numbers at the foot of each screen jump to any other.
 */
export function renderSlides(d: Debrief, options: { locale?: Locale } = {}): string {
  const locale = options.locale ?? 'en';
  const t = (key: Parameters<typeof label>[1], params?: Record<string, string | number>) => label(locale, key, params);
  const name = (id: string) => memberName(d, id, locale);
  const ranked = [...d.scores].sort((a, b) => b.score.total - a.score.total);
  const points = d.burden.points;

  // 2. Did free riding pay? Each member's final score against the share of its GDP it pledged.
  const share = (id: string) => points.find((p) => p.member === id)!.sharePct;
  const xs = ranked.map((s) => share(s.member));
  const ys = ranked.map((s) => s.score.total);
  const r = pearson(xs, ys);
  const verdict = r === null ? t('slideFreeNone') : r < -0.3 ? t('slideFreePaid') : r > 0.3 ? t('slideFreeCost') : t('slideFreeFlat');

  // 3. The same votes under other rules: how many proposals pass under each.
  const passes = COUNTERFACTUAL_RULES.map((rule) => ({ rule, n: d.proposals.filter((p) => p.counterfactual[rule].passed).length }));
  const actual = d.proposals.filter((p) => p.outcome === 'approved').length;

  const ix = d.power.indices;
  const order = ix ? ix.players.map((_, i) => i).sort((a, b) => ix.banzhaf[b]! - ix.banzhaf[a]!).slice(0, 12) : [];
  const powerGroups = [{ label: t('weightShareLegend'), colour: '#6c7a89' }, { label: t('colBanzhaf'), colour: '#1f5fa8' }];

  const questions = debriefGuide(d, locale);
  const three = [...questions.filter((q) => q.topic !== 'reality').slice(0, 2), questions.at(-1)!];

  const slides: [string, Html][] = [
    [t('slideScores'), html`<p class="big">${t('scoresIndex', { index: d.allianceIndex, member: ranked[0] ? name(ranked[0].member) : '—', score: ranked[0] ? formatScore(ranked[0].score.total, locale) : '—' })}</p>
<ol class="ranking">${ranked.slice(0, 10).map((s) => html`<li><span class="who">${name(s.member)}</span> <span class="score">${formatScore(s.score.total, locale)}</span></li>`)}</ol>`],
    [t('slideFree'), html`${scatterChart({
      id: 'slide-free', title: t('slideFree'), desc: t('slideFreeDesc'),
      points: ranked.map((s) => ({ label: s.member, x: share(s.member), y: s.score.total, colour: d.members.find((m) => m.id === s.member)?.colour ?? '#555' })),
      fit: null, xLabel: t('axisShare'), yLabel: t('axisScore'), xLog: false, width: 900, height: 430,
      xFormat: (v) => formatNumber(v, 2, locale), yFormat: (v) => formatNumber(v, 0, locale),
    })}<p class="big">${r === null ? '' : `r = ${formatNumber(r, 2, locale)}. `}${verdict}</p>`],
    [t('secCounterfactual'), html`<p class="big">${t('slideRulesActual', { n: actual, of: d.proposals.length })}</p>
<table class="rules"><tbody>${passes.map((p) => html`<tr><th scope="row">${ruleName(p.rule, locale)}</th><td>${t('ofN', { a: p.n, b: d.proposals.length })}</td></tr>`)}</tbody></table>
${d.counterfactual.killedByVeto.length ? html`<p>${t('cfKilled')}: ${d.counterfactual.killedByVeto.slice(0, 4).map((k) => k.proposal).join(', ')}</p>` : ''}`],
    [t('secPower'), ix ? html`${barChart({ id: 'slide-power', title: t('powerChartTitle'), desc: t('powerChartDesc'), categories: order.map((i) => ix.players[i]!), groups: powerGroups, values: order.map((i) => [ix.weightShare[i]! * 100, ix.banzhaf[i]! * 100]), format: (v) => formatPercent(v / 100, locale, 1), width: 900 })}${barLegend(powerGroups)}` : html`<p class="big">${t('powerNone')}</p>`],
    [t('secBurden'), html`${scatterChart({
      id: 'slide-burden', title: t('burdenChartTitle'), desc: t('burdenChartDesc', { log: '' }),
      points: points.map((p) => ({ label: p.member, x: p.gdp, y: p.sharePct, colour: d.members.find((m) => m.id === p.member)?.colour ?? '#555' })),
      fit: d.burden.fit, xLabel: t('axisGdp') + t('logScale'), yLabel: t('axisShare'), xLog: true, width: 900, height: 430,
      xFormat: (v) => formatNumber(v, 0, locale), yFormat: (v) => formatNumber(v, 2, locale),
    })}<p>${d.burden.r === null ? t('burdenNoFit') : `r = ${formatNumber(d.burden.r, 2, locale)} (${t('slideComparable', { n: points.filter((p) => p.comparable).length })})`}</p>`],
    [t('slideQuestions'), html`<ol class="questions">${three.map((q) => html`<li>${q.text}</li>`)}</ol>`],
  ];
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('slidesTitle')} — ${d.scenario.title[locale]}</title>
<style>${raw(STYLES)}</style>
</head>
<body>
${slides.map(([title, body], i) => html`<section class="slide" id="s${i + 1}" aria-labelledby="s${i + 1}-h">
<h1 id="s${i + 1}-h"><span class="num">${i + 1}/${slides.length}</span> ${title}</h1>
<div class="body">${body}</div>
<nav aria-label="${t('slidesNav')}">${slides.map((_, j) => html`<a href="#s${j + 1}"${j === i ? raw(' aria-current="page"') : ''}>${j + 1}</a>`)}</nav>
</section>`)}
</body>
</html>
`.value;
}

const STYLES = `
*{box-sizing:border-box}
html{scroll-snap-type:y mandatory}
body{margin:0;font:24px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24;background:#fff}
.slide{height:100vh;scroll-snap-align:start;display:flex;flex-direction:column;padding:3vh 5vw;overflow:hidden}
h1{margin:0 0 2vh;font-size:2.2em;color:#1f3b63;border-bottom:4px solid #1f3b63}
h1 .num{font-size:.5em;color:#4b5563;vertical-align:middle;margin-right:.4em}
.body{flex:1;min-height:0;display:flex;flex-direction:column;justify-content:center}
.body svg.chart{height:62vh;width:auto;max-width:100%;align-self:center;font-size:14px}
svg.chart text{fill:#2b2f36}
svg.chart .grid line{stroke:#e1e5eb}
.big{font-size:1.3em;font-weight:600}
.ranking{columns:2;column-gap:4vw;font-size:1.1em;margin:0}
.ranking li{break-inside:avoid}
.ranking .score{font-weight:700;color:#1f3b63;font-variant-numeric:tabular-nums}
table.rules{border-collapse:collapse;font-size:1.1em}
table.rules th,table.rules td{border-bottom:1px solid #d3d9e1;padding:.3em 1em;text-align:left}
.questions li{margin:0 0 1.2em;font-size:1.05em}
.legend{list-style:none;display:flex;gap:1.5em;justify-content:center;padding:0;margin:.5em 0 0}
.legend li{display:flex;align-items:center;gap:.3em}
nav{display:flex;gap:.6em;justify-content:center;font-size:.8em}
nav a{color:#1a4f8b;padding:.1em .5em;border-radius:4px}
nav a[aria-current]{background:#1f3b63;color:#fff}
@media print{html{scroll-snap-type:none}.slide{height:auto;break-after:page}nav{display:none}}
`;
