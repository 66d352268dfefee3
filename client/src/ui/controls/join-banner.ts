import QRCode from 'qrcode';
import { t } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { links } from '../route.ts';

/**
 * The projector's join banner: big code and QR code while the room gathers; once the game has
 * started it shrinks to a corner (the code stays readable for late joiners) so the table gets the screen.
 */
export const joinBanner = (code: string) => control('join-banner',
  (s) => ({ started: !!s.table && s.table.phase !== 'lobby' }),
  ({ started }) => {
    const l = links(location.origin, code);
    const size = started ? 96 : 200;
    const img = h('img', { alt: `QR: ${l.join}`, width: size, height: size, class: 'qr' });
    void QRCode.toDataURL(l.join, { margin: 1, width: size * 2 }).then((src) => { img.src = src; });
    return h('section', { class: `join-banner${started ? ' corner' : ''}`, 'aria-label': t('home.join') },
      h('p', { class: 'join-at' }, started ? t('projector.corner', { url: `${location.host}/join` }) : t('projector.join', { url: `${location.host}/join` })),
      h('p', { class: 'big-code', 'aria-label': code.split('').join(' ') }, code),
      img);
  });
