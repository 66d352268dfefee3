import { t, tx } from '../../i18n/index.ts';
import { send } from '../../net/connection.ts';
import { clearField, control } from '../control.ts';
import { field, h, option } from '../dom.ts';
import { rejectionFor } from '../names.ts';

/** Write to the whole table or privately to one member. */
export const chatForm = control('chat-form',
  (s) => ({ me: s.seat?.member ?? null, members: s.scenario?.members ?? [], rejection: s.rejection?.control === 'chat' ? s.rejection : null }),
  (v) => {
    const others = v.members.filter((m) => m.id !== v.me);
    const channel = h('select', { id: 'chat-channel' }, option('', t('chat.public'), true), ...others.map((m) => option(m.id, `${t('chat.private')} ${tx(m.name)} (${m.id})`)));
    const text = h('input', { id: 'chat-message', maxlength: 500, autocomplete: 'off', required: true });
    const form = h('form', { class: 'chat-form' }, field(t('chat.channel'), channel), field(t('chat.message'), text), h('button', { type: 'submit' }, t('chat.send')), rejectionFor(v.rejection, 'chat'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (await send('chat', { to: channel.value ? [channel.value] : [], text: text.value }, 'chat')) {
        const now = document.getElementById('chat-message');
        if (now instanceof HTMLInputElement) clearField(now);
      }
    });
    return form;
  });
