import { getLocale } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h, replace } from '../dom.ts';

/**
 * The country brief from the table (docs/FACILITATOR.md "Country briefs"): a delegation's players
 * open their own brief and secret slip; the facilitator opens every brief to print. The server
 * decides what this seat may read (GET /api/sessions/:code/briefs, opened with a ticket the seat
 * token buys); the page is shown in a sandboxed frame with a link to open it in a tab and print it.
 */
const WORDS = {
  en: { title: 'Country brief', member: 'Open my country brief', facilitator: 'Open every country brief (to print)', hide: 'Hide the brief', tab: 'Open in a new tab to print', report: 'Open our after-action report', loading: 'Loading…', failed: 'The brief could not be loaded: {message}', frame: 'Country brief' },
  fr: { title: 'Dossier pays', member: 'Ouvrir mon dossier pays', facilitator: 'Ouvrir tous les dossiers pays (pour imprimer)', hide: 'Masquer le dossier', tab: 'Ouvrir dans un nouvel onglet pour imprimer', report: 'Ouvrir notre rapport après action', loading: 'Chargement…', failed: 'Le dossier n’a pas pu être chargé : {message}', frame: 'Dossier pays' },
} as const;

/** The briefs' address for this seat: a frame or a tab cannot send the seat token, so a short-lived ticket stands for it. */
async function briefsUrl(code: string, page: 'briefs' | 'report' = 'briefs'): Promise<string> {
  const token = sessionStorage.getItem(`aspf.seat.${code}`) ?? '';
  const base = `/api/sessions/${encodeURIComponent(code)}/briefs`;
  const response = await fetch(`${base}/ticket`, { method: 'POST', headers: { 'x-seat-token': token } });
  const body = (await response.json().catch(() => ({}))) as { ticket?: string; message?: string };
  if (!response.ok || !body.ticket) throw new Error(body.message ?? `HTTP ${response.status}`);
  return `/api/sessions/${encodeURIComponent(code)}/${page}?ticket=${encodeURIComponent(body.ticket)}&locale=${getLocale()}`;
}

export const briefButton = control('brief-button',
  (s) => ({ code: s.table?.code ?? null, role: s.seat?.role ?? null, member: s.seat?.member ?? null, ended: s.table?.phase === 'ended' }),
  (v) => {
    if (!v.code || !(v.role === 'facilitator' || (v.role === 'member' && v.member))) return null;
    const code = v.code;
    const w = WORDS[getLocale()];
    const shown = h('div', { class: 'brief-frame', 'aria-live': 'polite' });
    let open = false;
    const button = h('button', { type: 'button', id: 'brief-open', 'aria-expanded': 'false', onclick: () => {
      if (open) {
        open = false;
        replace(shown);
        button.textContent = v.role === 'facilitator' ? w.facilitator : w.member;
        button.setAttribute('aria-expanded', 'false');
        return;
      }
      open = true;
      replace(shown, h('p', {}, w.loading));
      briefsUrl(code).then((url) => {
        if (!open) return;
        const frame = h('iframe', { title: w.frame, sandbox: '', src: url, width: '100%', height: '520' });
        replace(shown, frame, h('p', {}, h('a', { href: url, target: '_blank', rel: 'noopener', id: 'brief-tab' }, w.tab)));
        button.textContent = w.hide;
        button.setAttribute('aria-expanded', 'true');
      }, (error: unknown) => {
        open = false;
        replace(shown, h('p', { class: 'notice', role: 'alert' }, w.failed.replace('{message}', (error as Error).message)));
      });
    } }, v.role === 'facilitator' ? w.facilitator : w.member);
    // Once the game has ended a delegation opens its own copy of the report (docs/DEBRIEF.md "Privacy").
    const report = v.role === 'member' && v.ended ? h('button', { type: 'button', id: 'report-open', onclick: () => {
      const tab = window.open('', '_blank');
      briefsUrl(code, 'report').then((url) => {
        if (tab) tab.location.href = url;
        else window.location.assign(url);
      }, (error: unknown) => {
        tab?.close();
        replace(shown, h('p', { class: 'notice', role: 'alert' }, w.failed.replace('{message}', (error as Error).message)));
      });
    } }, w.report) : null;
    return h('section', { class: 'card brief', 'aria-labelledby': 'brief-title' }, h('h2', { id: 'brief-title' }, w.title), button, report, shown);
  });
