import { t } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';

/** The chat card's heading and the privacy note. */
export const chatHeading = control('chat-heading', () => 0, () => [h('h2', { id: 'chat-title' }, t('chat.title')), h('p', { class: 'hint' }, t('conn.privacy'))]);

/** The messages this seat may read, newest at the bottom. */
export const chatMessages = control('chat-messages',
  (s) => s.chat.slice(-60),
  (chat) => {
    const list = h('ol', { class: 'messages', 'aria-label': t('chat.title'), tabindex: 0 },
      ...chat.map((m) => h('li', { class: m.to.length ? 'private' : m.from === 'facilitator' ? 'announcement' : '' },
        h('strong', {}, m.from === 'facilitator' ? t('chat.facilitator') : m.from),
        m.to.length ? h('span', { class: 'to' }, ` ${t('chat.to', { list: m.to.filter((x) => x !== m.from).join(', ') })}`) : null,
        ': ', m.text)));
    if (!chat.length) list.append(h('li', { class: 'empty' }, t('chat.empty')));
    queueMicrotask(() => { list.scrollTop = list.scrollHeight; });
    return list;
  });
