import type { Locale, Text } from '../scenario/schema.ts';

/**
 * Numbers for people, in the report's locale: decimal point and thousands separator differ in
 * French (12,3 ; 1 234). Written out rather than left to Intl so the output is the same on every
 * machine and in every browser.
 */
export function formatNumber(x: number, decimals: number, locale: Locale): string {
  if (!Number.isFinite(x)) return '–';
  const fixed = Math.abs(x).toFixed(decimals);
  const [whole, frac] = fixed.split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'fr' ? '\u202f' : ',');
  const negative = x < 0 && Number(fixed) !== 0;
  return `${negative ? '−' : ''}${grouped}${frac ? (locale === 'fr' ? ',' : '.') + frac : ''}`;
}

/**
 * Money held in $m, shown in $bn as the game shows it (client/src/ui/format.ts): one decimal, two
 * when the amount needs them ("$3.45bn", never "$3.5bn"), and three for a small amount that would
 * otherwise read as nothing ("$0.004bn", never "$0.0bn"). `decimals = 0` rounds to whole $bn (GDP).
 */
export function formatMoney(millions: number, locale: Locale, decimals = 1): string {
  const bn = millions / 1000;
  let places = decimals;
  if (decimals > 0) {
    places = Math.max(decimals, Number(bn.toFixed(2)) === Number(bn.toFixed(decimals)) ? decimals : 2);
    while (bn !== 0 && Number(bn.toFixed(places)) === 0 && places < 3) places += 1;
  }
  const n = formatNumber(bn, places, locale);
  return locale === 'fr' ? `${n}\u00a0Md$` : `$${n}bn`;
}

/** A score as the game's final table shows it: at most two decimals, no trailing zeros ("24.93", "25", "24.9"). */
export function formatScore(x: number, locale: Locale): string {
  return formatNumber(Number(x.toFixed(2)), (x.toFixed(2).split('.')[1] ?? '').replace(/0+$/, '').length, locale);
}

/** A share (0–1) as a percentage: "12.5%" / "12,5 %". */
export function formatPercent(share: number, locale: Locale, decimals = 0): string {
  const n = formatNumber(share * 100, decimals, locale);
  return locale === 'fr' ? `${n}\u00a0%` : `${n}%`;
}

export const pick = (text: Text, locale: Locale): string => text[locale];

/** "2026-03-01 10:00 UTC" from ms since the epoch (a value passed in, never a clock read). */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
