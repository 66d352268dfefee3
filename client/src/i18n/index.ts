import { fillTemplate } from '@aspf/shared';
import { en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';

export type Locale = 'en' | 'fr';
export type { MessageKey };
const TABLES: Record<Locale, Record<MessageKey, string>> = { en, fr };
const STORAGE_KEY = 'aspf.locale';

let locale: Locale = detect();
const listeners = new Set<() => void>();

function detect(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'fr') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export const getLocale = (): Locale => locale;

export function setLocale(next: Locale): void {
  locale = next;
  globalThis.localStorage?.setItem(STORAGE_KEY, next);
  if (globalThis.document) document.documentElement.lang = next;
  for (const fn of listeners) fn();
}

export const onLocaleChange = (fn: () => void): (() => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};

/** A UI string with {placeholders} filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}, at: Locale = locale): string {
  return fillTemplate(TABLES[at][key], params, at);
}

/** Scenario texts carry both languages. */
export const tx = (text: { en: string; fr: string } | undefined): string => (text ? text[locale] : '');
