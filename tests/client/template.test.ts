import { describe, expect, it } from 'vitest';
import { fillTemplate } from '@aspf/shared';
import { en } from '../../client/src/i18n/en.ts';
import { fr } from '../../client/src/i18n/fr.ts';
import { label } from '../../shared/src/debrief/labels.ts';

describe('templates: plurals by the locale, never "(s)"', () => {
  it('picks the word by Intl plural rules (French 0 and 1 are singular)', () => {
    const tpl = '{n} {n|round|rounds}';
    expect(fillTemplate(tpl, { n: 1 }, 'en')).toBe('1 round');
    expect(fillTemplate(tpl, { n: 0 }, 'en')).toBe('0 rounds');
    expect(fillTemplate(tpl, { n: 2 }, 'en')).toBe('2 rounds');
    const fr1 = '{n} {n|manche|manches}';
    expect(fillTemplate(fr1, { n: 0 }, 'fr')).toBe('0 manche');
    expect(fillTemplate(fr1, { n: 1 }, 'fr')).toBe('1 manche');
    expect(fillTemplate(fr1, { n: 3 }, 'fr')).toBe('3 manches');
  });

  it('leaves a missing parameter visible and fills plain ones', () => {
    expect(fillTemplate('{a} and {b}', { a: 'x' }, 'en')).toBe('x and {b}');
  });

  it('no catalog string of the game or the report writes a plural as "(s)"', () => {
    for (const table of [en, fr]) for (const [key, text] of Object.entries(table)) expect(`${key}: ${text}`).not.toMatch(/\w\(s\)/);
    expect(label('en', 'qConditionalHonoured', { count: 1 })).toMatch(/^1 conditional pledge was honoured\./);
    expect(label('fr', 'qConditional', { count: 2, member: 'X', round: 1, condition: 'c' })).toMatch(/^2 contributions conditionnelles sont tombées/);
  });
});
