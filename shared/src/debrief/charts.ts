import { html, type Html } from './html.ts';

/**
 * Inline SVG charts for the report: no script, no external resource. Each chart is an `img` with a
 * <title> and <desc>, and the report puts the same numbers in a table beside it (the text
 * alternative). Lines differ by colour, dash and marker, so they survive greyscale printing.
 */
export type Marker = 'circle' | 'square' | 'triangle' | 'diamond';
const MARKERS: Marker[] = ['circle', 'square', 'triangle', 'diamond'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

export interface LineSeries {
  label: string;
  colour: string;
  values: (number | null)[];
  dash?: string;
  marker?: Marker;
}

const f = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
  const out: number[] = [];
  // From the first step at or above min to the first at or above max, so the top value has a gridline.
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  for (let k = first; k <= last; k++) out.push(k * step);
  return out;
}

function marker(shape: Marker, x: number, y: number, colour: string, r = 4): Html {
  switch (shape) {
    case 'circle': return html`<circle cx="${f(x)}" cy="${f(y)}" r="${r}" fill="${colour}"/>`;
    case 'square': return html`<rect x="${f(x - r)}" y="${f(y - r)}" width="${2 * r}" height="${2 * r}" fill="${colour}"/>`;
    case 'triangle': return html`<polygon points="${f(x)},${f(y - r - 1)} ${f(x + r + 1)},${f(y + r)} ${f(x - r - 1)},${f(y + r)}" fill="${colour}"/>`;
    case 'diamond': return html`<polygon points="${f(x)},${f(y - r - 1)} ${f(x + r + 1)},${f(y)} ${f(x)},${f(y + r + 1)} ${f(x - r - 1)},${f(y)}" fill="${colour}"/>`;
  }
}

const styleOf = (s: LineSeries, i: number) => ({ dash: s.dash ?? DASHES[i % DASHES.length]!, marker: s.marker ?? MARKERS[i % MARKERS.length]! });

/** A legend in HTML (readable text, wraps for many series), with the line's marker drawn beside it. */
export function legend(series: readonly LineSeries[]): Html {
  return html`<ul class="legend">${series.map((s, i) => {
    const st = styleOf(s, i);
    return html`<li><svg class="key" width="30" height="12" viewBox="0 0 30 12" aria-hidden="true" focusable="false"><line x1="1" y1="6" x2="29" y2="6" stroke="${s.colour}" stroke-width="2.5" stroke-dasharray="${st.dash}"/>${marker(st.marker, 15, 6, s.colour, 3.5)}</svg>${s.label}</li>`;
  })}</ul>`;
}

function frame(id: string, title: string, desc: string, width: number, height: number, body: Html): Html {
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d" focusable="false"><title id="${id}-t">${title}</title><desc id="${id}-d">${desc}</desc>${body}</svg>`;
}

export interface LineChartOptions {
  id: string;
  title: string;
  desc: string;
  xLabels: string[];
  series: LineSeries[];
  yMin?: number;
  yMax?: number;
  yFormat?: (v: number) => string;
  width?: number;
  height?: number;
  /** Shade these x positions (crisis rounds), with an optional word above the band. */
  shade?: boolean[];
  shadeLabel?: string;
}

export function lineChart(o: LineChartOptions): Html {
  const width = o.width ?? 720;
  const height = o.height ?? 300;
  const m = { left: 52, right: 18, top: 18, bottom: 34 };
  const values = o.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const yMin = o.yMin ?? 0;
  const yMax = o.yMax ?? Math.max(yMin + 1, ...values);
  const ticks = niceTicks(yMin, yMax);
  const top = Math.max(yMax, ticks.at(-1) ?? yMax);
  const n = o.xLabels.length;
  const step = n > 1 ? (width - m.left - m.right) / (n - 1) : 0;
  const x = (i: number) => (n > 1 ? m.left + i * step : (width + m.left - m.right) / 2);
  const y = (v: number) => m.top + (height - m.top - m.bottom) * (1 - (v - yMin) / (top - yMin || 1));
  const fmt = o.yFormat ?? ((v: number) => String(v));
  const band = Math.max(step, 24);
  return frame(o.id, o.title, o.desc, width, height, html`
<g class="shade">${(o.shade ?? []).map((on, i) => on ? html`<rect x="${f(Math.max(m.left, x(i) - band / 2))}" y="${m.top}" width="${f(Math.min(band, width - m.right - Math.max(m.left, x(i) - band / 2)))}" height="${height - m.top - m.bottom}" fill="#f3dcd9"/>${o.shadeLabel ? html`<text x="${f(x(i))}" y="${m.top + 11}" text-anchor="middle" class="shade-label">${o.shadeLabel}</text>` : ''}` : '')}</g>
<g class="grid">${ticks.map((t) => html`<line x1="${m.left}" x2="${width - m.right}" y1="${f(y(t))}" y2="${f(y(t))}"/><text x="${m.left - 6}" y="${f(y(t) + 4)}" text-anchor="end">${fmt(t)}</text>`)}</g>
<g class="axis">${o.xLabels.map((l, i) => html`<text x="${f(x(i))}" y="${height - m.bottom + 18}" text-anchor="middle">${l}</text>`)}</g>
${o.series.map((s, i) => {
    const st = styleOf(s, i);
    const pts = s.values.map((v, j) => (v === null ? null : [x(j), y(v)] as const)).filter((p): p is readonly [number, number] => p !== null);
    return html`<g><polyline points="${pts.map(([a, b]) => `${f(a)},${f(b)}`).join(' ')}" fill="none" stroke="${s.colour}" stroke-width="2.5" stroke-dasharray="${st.dash}" stroke-linejoin="round"/>${pts.map(([a, b]) => marker(st.marker, a, b, s.colour))}</g>`;
  })}`);
}

export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
  colour: string;
}

export interface ScatterOptions {
  id: string;
  title: string;
  desc: string;
  points: ScatterPoint[];
  /** y = intercept + slope·x, drawn across the data's x range. */
  fit: { slope: number; intercept: number } | null;
  xLabel: string;
  yLabel: string;
  xLog: boolean;
  xFormat: (v: number) => string;
  yFormat: (v: number) => string;
  width?: number;
  height?: number;
}

export function scatterChart(o: ScatterOptions): Html {
  const width = o.width ?? 720;
  const height = o.height ?? (o.points.length > 12 ? 460 : 380);
  const m = { left: 60, right: 24, top: 16, bottom: 50 };
  const xs = o.points.map((p) => p.x);
  const ys = o.points.map((p) => p.y);
  const tx = (v: number) => (o.xLog ? Math.log10(Math.max(v, 1e-9)) : v);
  let xLo = Math.min(...xs.map(tx));
  let xHi = Math.max(...xs.map(tx));
  if (!(xHi > xLo)) { xLo -= 1; xHi += 1; }
  const pad = (xHi - xLo) * 0.06;
  xLo -= pad;
  xHi += pad;
  if (!o.xLog) xLo = Math.max(0, xLo);
  const yTicks = niceTicks(0, Math.max(1e-6, ...ys) * 1.08);
  const yHi = Math.max(yTicks.at(-1)!, 1e-6);
  const xTicks = o.xLog
    ? [1, 10, 100, 1000, 10_000, 100_000].filter((v) => Math.log10(v) >= xLo && Math.log10(v) <= xHi)
    : niceTicks(Math.max(0, xLo), xHi);
  // A linear axis ends on its last tick, so no tick (nor its gridline) falls outside the plot.
  if (!o.xLog) xHi = Math.max(xHi, xTicks.at(-1) ?? xHi);
  const X = (v: number) => m.left + ((tx(v) - xLo) / (xHi - xLo)) * (width - m.left - m.right);
  const Y = (v: number) => m.top + (1 - v / yHi) * (height - m.top - m.bottom);
  let fitLine: Html | string = '';
  if (o.fit) {
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    const steps = o.xLog ? 40 : 1;
    const pts: string[] = [];
    for (let i = 0; i <= steps; i++) {
      const v = o.xLog ? 10 ** (Math.log10(lo) + ((Math.log10(hi) - Math.log10(lo)) * i) / steps) : lo + ((hi - lo) * i) / steps;
      const yv = Math.min(yHi, Math.max(0, o.fit.intercept + o.fit.slope * v));
      pts.push(`${f(X(v))},${f(Y(yv))}`);
    }
    fitLine = html`<polyline points="${pts.join(' ')}" fill="none" stroke="#555" stroke-width="2" stroke-dasharray="7 4"/>`;
  }
  return frame(o.id, o.title, o.desc, width, height, html`
<g class="grid">${yTicks.map((t) => html`<line x1="${m.left}" x2="${width - m.right}" y1="${f(Y(t))}" y2="${f(Y(t))}"/><text x="${m.left - 6}" y="${f(Y(t) + 4)}" text-anchor="end">${o.yFormat(t)}</text>`)}
${xTicks.map((t) => html`<line x1="${f(X(t))}" x2="${f(X(t))}" y1="${m.top}" y2="${height - m.bottom}"/><text x="${f(X(t))}" y="${height - m.bottom + 16}" text-anchor="${X(t) > width - m.right - 12 ? 'end' : 'middle'}">${o.xFormat(t)}</text>`)}</g>
<text class="axis-label" x="${f((width + m.left - m.right) / 2)}" y="${height - 8}" text-anchor="middle">${o.xLabel}</text>
<text class="axis-label" transform="translate(14 ${f((height - m.bottom + m.top) / 2)}) rotate(-90)" text-anchor="middle">${o.yLabel}</text>
${fitLine}
${placeLabels(o.points.map((p) => ({ x: X(p.x), y: Y(p.y), text: p.label })), width, height).map((l, i) => html`<g>${marker('circle', l.px, l.py, o.points[i]!.colour, 5)}<text class="point-label" x="${f(l.x)}" y="${f(l.y)}" text-anchor="${l.anchor}">${l.text}</text></g>`)}`);
}

/**
 * Greedy label placement for a scatter: try a few spots around each point (right-above first) and
 * take the first that overlaps no label placed so far, nor any point.
 */
function placeLabels(points: { x: number; y: number; text: string }[], width: number, height: number) {
  const boxes: { x0: number; y0: number; x1: number; y1: number }[] = points.map((p) => ({ x0: p.x - 5, y0: p.y - 5, x1: p.x + 5, y1: p.y + 5 }));
  const overlaps = (b: { x0: number; y0: number; x1: number; y1: number }) =>
    boxes.some((o) => b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0);
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.y - points[b]!.y);
  const out = new Array<{ px: number; py: number; x: number; y: number; text: string; anchor: 'start' | 'end' }>(points.length);
  for (const i of order) {
    const p = points[i]!;
    const w = p.text.length * 7 + 2;
    const spots: [number, number, 'start' | 'end'][] = [[7, -6, 'start'], [7, 12, 'start'], [-7, -6, 'end'], [-7, 12, 'end'], [7, -17, 'start'], [7, 23, 'start'], [-7, -17, 'end'], [-7, 23, 'end']];
    let chosen = spots[0]!;
    for (const s of spots) {
      const x0 = s[2] === 'start' ? p.x + s[0] : p.x + s[0] - w;
      const b = { x0, y0: p.y + s[1] - 10, x1: x0 + w, y1: p.y + s[1] + 2 };
      if (b.x0 < 0 || b.x1 > width || b.y0 < 0 || b.y1 > height) continue;
      if (!overlaps(b)) { chosen = s; break; }
    }
    const x0 = chosen[2] === 'start' ? p.x + chosen[0] : p.x + chosen[0] - w;
    boxes.push({ x0, y0: p.y + chosen[1] - 10, x1: x0 + w, y1: p.y + chosen[1] + 2 });
    out[i] = { px: p.x, py: p.y, x: p.x + chosen[0], y: p.y + chosen[1], text: p.text, anchor: chosen[2] };
  }
  return out;
}

export interface BarGroup {
  label: string;
  colour: string;
}

export interface BarChartOptions {
  id: string;
  title: string;
  desc: string;
  categories: string[];
  groups: BarGroup[];
  /** values[category][group] */
  values: number[][];
  format: (v: number) => string;
  width?: number;
}

/** Horizontal grouped bars: one row per category, one bar per group. */
export function barChart(o: BarChartOptions): Html {
  const width = o.width ?? 720;
  const barH = 10;
  const rowH = o.groups.length * (barH + 2) + 10;
  const m = { left: 64, right: 70, top: 8, bottom: 8 };
  const height = m.top + m.bottom + rowH * o.categories.length;
  const max = Math.max(1e-9, ...o.values.flat());
  const W = (v: number) => (v / max) * (width - m.left - m.right);
  return frame(o.id, o.title, o.desc, width, height, html`${o.categories.map((c, i) => {
    const y0 = m.top + i * rowH;
    return html`<g><text x="${m.left - 8}" y="${f(y0 + rowH / 2 + 2)}" text-anchor="end" class="bar-label">${c}</text>${o.groups.map((g, j) => {
      const v = o.values[i]![j]!;
      const y = y0 + j * (barH + 2) + 4;
      return html`<rect x="${m.left}" y="${f(y)}" width="${f(Math.max(0.5, W(v)))}" height="${barH}" fill="${g.colour}"/><text x="${f(m.left + W(v) + 4)}" y="${f(y + barH - 1)}" class="bar-value">${o.format(v)}</text>`;
    })}</g>`;
  })}`);
}

/** A legend for bar groups. */
export function barLegend(groups: readonly BarGroup[]): Html {
  return html`<ul class="legend">${groups.map((g) => html`<li><svg class="key" width="14" height="12" viewBox="0 0 14 12" aria-hidden="true" focusable="false"><rect x="1" y="1" width="12" height="10" fill="${g.colour}"/></svg>${g.label}</li>`)}</ul>`;
}
