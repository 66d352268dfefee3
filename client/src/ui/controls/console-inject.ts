import { t, tx } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { control } from '../control.ts';
import { field, h, option } from '../dom.ts';
import { confirmationFor, rejectionFor } from '../names.ts';

/** Inject an event from the deck or one written on the spot (it plays at the next briefing). */
export const consoleInject = control('console-inject',
  (s) => ({ events: s.scenario?.events ?? [], enabled: s.legal.some((l) => l.type === 'inject'), rejection: s.rejection?.control === 'inject' ? s.rejection : null, confirmed: s.confirmed }),
  (v) => {
    const deck = h('select', { id: 'inject-event' }, ...v.events.map((e) => option(e.id, tx(e.title))));
    const title = h('input', { id: 'inject-title', maxlength: 120 });
    const text = h('textarea', { id: 'inject-text', maxlength: 1000, rows: 2 });
    const done = t('fac.injected');
    const fromDeck = h('form', { class: 'inline', onsubmit: (e: Event) => { e.preventDefault(); void send('inject', { event: deck.value }, 'inject', done); } },
      field(t('fac.injectDeck'), deck), h('button', { type: 'submit', disabled: !v.enabled }, t('fac.injectButton')));
    const written = h('form', { class: 'stack', onsubmit: (e: Event) => {
      e.preventDefault();
      const event = { title: { en: title.value.trim(), fr: title.value.trim() }, text: { en: text.value.trim(), fr: text.value.trim() }, effects: [] };
      void send('inject', { event }, 'inject', done);
    } }, field(t('fac.customTitle'), title), field(t('fac.customText'), text), h('button', { type: 'submit', disabled: !v.enabled }, t('fac.customButton')));
    return h('details', { class: 'card group', id: 'console-inject' }, h('summary', {}, t('fac.inject')), fromDeck, h('h3', {}, t('fac.custom')), written,
      rejectionFor(v.rejection, 'inject'), confirmationFor(v.confirmed, 'inject'));
  });
