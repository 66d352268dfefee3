import { CSV_TABLES } from '@aspf/shared';
import { getLocale, t } from '../i18n/index.ts';
import { field, h, option, replace } from './dom.ts';

/**
 * The facilitator's debrief: the after-action report shown in the page (an iframe loading the
 * server's self-contained report), the downloads, and the replay. Files are fetched with a
 * short-lived ticket the server issues to this seat (an iframe or a link cannot send headers).
 */
async function ticket(code: string): Promise<string> {
  const token = sessionStorage.getItem(`aspf.seat.${code}`) ?? '';
  const response = await fetch(`/api/sessions/${encodeURIComponent(code)}/ticket`, { method: 'POST', headers: { 'x-seat-token': token } });
  if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { message?: string } | null)?.message ?? response.statusText);
  return ((await response.json()) as { ticket: string }).ticket;
}

export function debriefPanel(s: { code: string | null; role: string | null; ended: boolean }): HTMLElement | null {
  const code = s.code;
  if (!code || s.role !== 'facilitator') return null;
  const anonymise = h('input', { type: 'checkbox', id: 'debrief-anonymise' });
  const messages = h('input', { type: 'checkbox', id: 'debrief-messages' });
  const table = h('select', { id: 'debrief-csv' }, ...CSV_TABLES.filter((n) => n !== 'messages').map((n, i) => option(n, n, i === 0)));
  const frame = h('div', { class: 'report-frame' });
  const error = h('p', { class: 'error', role: 'alert' });
  const url = async (path: string, extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({ ticket: await ticket(code), locale: getLocale(), ...extra });
    if (anonymise.checked) q.set('anonymise', '1');
    if (messages.checked) q.set('messages', '1');
    return `/api/sessions/${encodeURIComponent(code)}/${path}?${q}`;
  };
  const run = (fn: () => Promise<void>) => () => { replace(error); fn().catch((e: Error) => replace(error, t('error.generic', { message: e.message }))); };
  const download = (path: string, extra: Record<string, string> = {}) => run(async () => { location.assign(await url(path, extra)); });
  return h('details', { class: 'card debrief', open: s.ended, id: 'debrief' },
    h('summary', {}, h('h2', { class: 'inline-heading' }, t('debrief.title'))),
    h('div', { class: 'field checkbox' }, anonymise, h('label', { for: 'debrief-anonymise' }, t('debrief.anonymise'))),
    h('div', { class: 'field checkbox' }, messages, h('label', { for: 'debrief-messages' }, t('debrief.messages'))),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', class: 'primary', onclick: run(async () => {
        replace(frame, h('iframe', { src: await url('report'), title: t('debrief.frame'), class: 'report', loading: 'lazy' }));
      }) }, t('debrief.show')),
      h('button', { type: 'button', onclick: download('report', { download: '1' }) }, t('debrief.downloadReport')),
      h('button', { type: 'button', onclick: download('export') }, t('debrief.downloadSession')),
      // A new tab, so the console stays where the facilitator left it. A new tab does not share this
      // tab's sessionStorage (where the seat token is), so it gets a download ticket in its fragment.
      h('a', { class: 'button', href: `/replay/${code}`, target: '_blank', onclick: (e: Event) => {
        e.preventDefault();
        const tab = window.open('', '_blank');
        run(async () => {
          const url = `/replay/${encodeURIComponent(code)}#ticket=${encodeURIComponent(await ticket(code))}`;
          if (!tab) return location.assign(url);
          tab.opener = null;
          tab.location.href = url;
        })();
      } }, t('debrief.replay'), h('span', { class: 'sr-only' }, ` (${t('debrief.replayHint')})`)),
    ),
    h('form', { class: 'inline', onsubmit: (e: Event) => { e.preventDefault(); download(`csv/${table.value}`)(); } },
      field(t('debrief.csv'), table), h('button', { type: 'submit' }, t('debrief.downloadCsv'))),
    error,
    frame,
  );
}

export { ticket as debriefTicket };
