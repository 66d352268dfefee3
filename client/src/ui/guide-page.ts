import guideText from '../../../docs/FACILITATOR.md?raw';
import { t } from '../i18n/index.ts';
import { h, replace } from './dom.ts';
import { renderMarkdown } from './markdown.ts';

/**
 * The facilitator guide in the app (issue #15, item 2): docs/FACILITATOR.md, bundled into the
 * client at build time (nothing is read from the server's disk) and rendered at /guide.
 */
export function guidePage(root: HTMLElement): void {
  replace(root,
    h('main', { class: 'guide-page' },
      h('p', {}, h('a', { href: '/' }, t('guide.back'))),
      h('h1', {}, t('guide.title')),
      h('p', { class: 'hint' }, t('guide.englishOnly')),
      h('article', { lang: 'en' }, ...renderMarkdown(guideText.replace(/^# .*\n/, ''))),
    ),
  );
}
