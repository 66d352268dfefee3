import { getLocale } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';

/**
 * The facilitator's way to the projector's debrief mode (docs/DEBRIEF.md "Debrief mode"): six
 * screens in a new tab, opened with a download ticket (a tab cannot send the seat token).
 */
const WORDS = {
  en: { title: 'Debrief mode', open: 'Open the debrief screens (for the projector)', failed: 'The debrief screens could not be opened: {message}' },
  fr: { title: 'Mode débriefing', open: 'Ouvrir les écrans de débriefing (pour le projecteur)', failed: 'Les écrans de débriefing n’ont pas pu s’ouvrir : {message}' },
} as const;

export const debriefSlides = control('debrief-slides',
  (s) => ({ code: s.table?.code ?? null, role: s.seat?.role ?? null }),
  (v) => {
    if (!v.code || v.role !== 'facilitator') return null;
    const code = v.code;
    const w = WORDS[getLocale()];
    const status = h('p', { role: 'status' });
    const open = () => {
      // Opened at once (in the click), so no pop-up blocker stops it; pointed at the screens once the ticket is here.
      const tab = window.open('', '_blank');
      const token = sessionStorage.getItem(`aspf.seat.${code}`) ?? '';
      fetch(`/api/sessions/${encodeURIComponent(code)}/ticket`, { method: 'POST', headers: { 'x-seat-token': token } })
        .then(async (r) => {
          const body = (await r.json()) as { ticket?: string; message?: string };
          if (!r.ok || !body.ticket) throw new Error(body.message ?? `HTTP ${r.status}`);
          const url = `/api/sessions/${encodeURIComponent(code)}/slides?ticket=${encodeURIComponent(body.ticket)}&locale=${getLocale()}`;
          if (tab) tab.location.href = url;
          else window.location.assign(url);
        })
        .catch((error: unknown) => {
          tab?.close();
          status.textContent = w.failed.replace('{message}', (error as Error).message);
        });
    };
    return h('section', { class: 'card', 'aria-labelledby': 'slides-title' }, h('h2', { id: 'slides-title' }, w.title),
      h('button', { type: 'button', id: 'slides-open', onclick: open }, w.open), status);
  });
