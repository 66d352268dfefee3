import { t, tx } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';

/** This round's event card (title and text in the reader's language). */
export const eventCard = control('event-card',
  (s) => ({ round: s.table?.round ?? 0, event: s.table?.event ?? '', title: s.table?.eventTitle ?? '', card: s.scenario?.events.find((e) => e.id === s.table?.event) ?? null }),
  (v) => {
    if (v.round === 0) return null;
    return h('section', { class: 'card event', 'aria-labelledby': 'event-title' },
      h('h2', { id: 'event-title' }, `${t('table.event')}${t('punct.colon')}${v.card ? tx(v.card.title) : v.title || t('table.quiet')}`),
      v.card ? h('p', {}, tx(v.card.text)) : null,
    );
  });
