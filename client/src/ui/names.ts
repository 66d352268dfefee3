import type { Scenario } from '@aspf/shared';
import { getLocale, t, tx, type MessageKey } from '../i18n/index.ts';
import { en } from '../i18n/en.ts';
import type { ClientState, ProposalSnapshot } from '../store/store.ts';
import { h } from './dom.ts';
import { bn } from './format.ts';

export const memberName = (scenario: Scenario | null, id: string): string => {
  const m = scenario?.members.find((x) => x.id === id);
  return m ? tx(m.name) : id;
};

export const proposalName = (scenario: Scenario | null, p: Pick<ProposalSnapshot, 'project' | 'name'>): string => {
  const spec = scenario?.projects.find((x) => x.id === p.project);
  return spec ? tx(spec.name) : p.name;
};

export const profileName = (profile: string): string => (`profile.${profile}` in en ? t(`profile.${profile}` as MessageKey) : profile);

/**
 * A refusal in the reader's language, by its stable code (shared/src/engine/result.ts): the page's catalog has a text
 * for every code the engine and the room send. In English the server's own message is exact (it
 * names the amounts), so it is kept; in French the catalog's text is used, with the amounts the
 * page knows (`max`: the pledge limit this seat was offered). An unknown code still reads in French.
 */
export function rejectionText(code: string, message: string, params: { max?: number } = {}): string {
  const key = `reject.${code}` as MessageKey;
  const known = key in en;
  if (getLocale() === 'en' && message && !code.startsWith('client/')) return message;
  if (!known) return getLocale() === 'en' ? message : `${t('reject.action/invalid')} (${code})`;
  return t(key, { max: params.max !== undefined ? bn(params.max) : '—' });
}

/** Shows a rejection next to the control that caused it. */
export function rejectionFor(r: ClientState['rejection'], control: string, params: { max?: number } = {}): HTMLElement | null {
  return r?.control === control ? h('p', { class: 'error', role: 'alert', id: `${control}-error` }, rejectionText(r.code, r.message, params)) : null;
}

/** A confirmation next to the control that was accepted ("Timers set."). */
export function confirmationFor(c: ClientState['confirmed'], control: string): HTMLElement | null {
  return c?.control === control ? h('p', { class: 'confirm', role: 'status', id: `${control}-ok` }, `✔ ${c.message}`) : null;
}
