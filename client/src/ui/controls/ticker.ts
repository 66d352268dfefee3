import { t } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';

/**
 * The projector's ticker: the facilitator's announcements and the public chat, newest first, in
 * type a room can read (issue #14, item 1). Private messages never reach an observer's page.
 */
export const ticker = control('ticker',
  (s) => s.chat.filter((m) => m.to.length === 0).slice(-4).reverse(),
  (lines) => h('section', { class: 'ticker', 'aria-label': t('ticker.label') },
    h('h2', { class: 'sr-only' }, t('ticker.label')),
    h('ol', {}, ...(lines.length ? lines.map((m) => h('li', { class: m.from === 'facilitator' ? 'announcement' : '' },
      // A badge, not an emoji: headless and classroom machines often have no emoji font (a blank box).
      m.from === 'facilitator' ? h('strong', { class: 'from-facilitator' }, t('chat.facilitator')) : h('strong', {}, m.from), t('punct.colon'), m.text)) : [h('li', { class: 'empty' }, t('chat.empty'))])),
  ));
