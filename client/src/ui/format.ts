import { formatMoney } from '@aspf/shared';
import { getLocale } from '../i18n/index.ts';

const tag = () => (getLocale() === 'fr' ? 'fr-FR' : 'en-GB');

/** A number in the reader's locale (Intl): 2.5 → "2.5" or "2,5". */
export const num = (x: number, digits = 2): string => x.toLocaleString(tag(), { maximumFractionDigits: digits });

/** $m (the engine's unit) as $bn, exactly as the report writes it (shared/src/debrief/format.ts). */
export const bn = (millions: number): string => formatMoney(millions, getLocale());

/** A share (0–1) as a percentage in the reader's locale: "65%" or "65 %". */
export const pct = (x: number): string => (x).toLocaleString(tag(), { style: 'percent', maximumFractionDigits: 0 });

/** m:ss for countdowns. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Whole $m from a $bn text field. A decimal point or a decimal comma are both accepted ("2.5",
 * "2,5" → 2500), whatever the page's language; anything else ("2,5,1", "1 000", "abc", "") is NaN,
 * so the form can say so before anything is sent.
 */
export function parseBn(text: string): number {
  const clean = text.trim().replace(/\s/g, '');
  if (!/^\d+([.,]\d+)?$|^[.,]\d+$/.test(clean)) return Number.NaN;
  return Math.round(Number(clean.replace(',', '.')) * 1000);
}

/** A $bn amount written for an input field in the reader's locale ("2,5" in French). */
export const bnInput = (millions: number): string => num(millions / 1000, 3).replace(/[\s\u202f\u00a0]/g, '');
