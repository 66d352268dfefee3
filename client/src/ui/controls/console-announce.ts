import { t } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { clearField, control } from '../control.ts';
import { field, h } from '../dom.ts';
import { confirmationFor, rejectionFor } from '../names.ts';

/** An announcement to everyone (it also runs on the projector's ticker). */
export const consoleAnnounce = control('console-announce',
  (s) => ({ rejection: s.rejection?.control === 'announce' ? s.rejection : null, confirmed: s.confirmed }),
  (v) => {
    const text = h('input', { id: 'announce-text', maxlength: 500 });
    return h('form', { class: 'card inline announce', onsubmit: async (e: Event) => {
      e.preventDefault();
      if (await send('announce', { text: text.value }, 'announce', t('fac.announced'))) {
        const now = document.getElementById('announce-text');
        if (now instanceof HTMLInputElement) clearField(now);
      }
    } }, field(t('fac.announce'), text), h('button', { type: 'submit' }, t('fac.announceButton')), rejectionFor(v.rejection, 'announce'), confirmationFor(v.confirmed, 'announce'));
  });
