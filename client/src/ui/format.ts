import { getLocale } from '../i18n/index.ts';

/** $m (the engine's unit) shown as $bn with one decimal, in the reader's locale. */
export function bn(millions: number): string {
  const value = (millions / 1000).toLocaleString(getLocale() === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return getLocale() === 'fr' ? `${value} Md$` : `$${value}bn`;
}

export const pct = (x: number): string => `${Math.round(x * 100)} %`.replace(' %', getLocale() === 'fr' ? ' %' : '%');

/** m:ss for countdowns. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Whole $m from a $bn text field ("2.5" or "2,5"); NaN when it is not a number. */
export function parseBn(text: string): number {
  const n = Number(text.trim().replace(',', '.'));
  return Number.isFinite(n) ? Math.round(n * 1000) : Number.NaN;
}
