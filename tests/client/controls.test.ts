import { describe, expect, it } from 'vitest';
import { setLocale } from '../../client/src/i18n/index.ts';
import { same } from '../../client/src/ui/control.ts';
import { bn, bnInput, parseBn, pct } from '../../client/src/ui/format.ts';
import { overlaps, tableLayout } from '../../client/src/scenes/layout.ts';
import { rejectionText } from '../../client/src/ui/names.ts';
import { en } from '../../client/src/i18n/en.ts';
import { REJECTION_CODES } from '@aspf/shared';
import { JOIN_ERRORS, ROOM_REJECTION_CODES } from '@aspf/shared/protocol';

describe('controls re-render on their selection (issue #14, item 8)', () => {
  it('compares selections as data', () => {
    expect(same({ a: [1, { b: 'x' }], c: null }, { a: [1, { b: 'x' }], c: null })).toBe(true);
    expect(same({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(same({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(same([1], { 0: 1 })).toBe(false);
    expect(same(Number.NaN, Number.NaN)).toBe(true);
  });
});

describe('numbers and refusals in the reader\'s language (issue #14, item 6)', () => {
  it('reads a decimal comma or point, refuses anything else', () => {
    expect(parseBn('2,5')).toBe(2500);
    expect(parseBn(' 2.5 ')).toBe(2500);
    expect(parseBn('3,45')).toBe(3450);
    expect(parseBn(',5')).toBe(500);
    for (const bad of ['', '2,5,1', '1 000,5x', 'abc', '-1', '2.']) expect(parseBn(bad), bad).toBeNaN();
  });

  it('shows a limit exactly: $3.45bn is never rounded to 3.5', () => {
    setLocale('en');
    expect(bn(3450)).toBe('$3.45bn');
    expect(bn(3000)).toBe('$3.0bn');
    expect(bn(4)).toBe('$0.004bn'); // a small pledge never reads as nothing, as in the report
    expect(pct(0.65)).toBe('65%');
    setLocale('fr');
    expect(bn(3450)).toBe('3,45\u00a0Md$');
    expect(bnInput(2500)).toBe('2,5');
    expect(pct(0.65)).toMatch(/^65\s%$/);
    setLocale('en');
  });

  it('has a French text for every rejection code the engine and the room send', () => {
    const codes = [...REJECTION_CODES, ...ROOM_REJECTION_CODES, ...Object.keys(JOIN_ERRORS),
      'join/bad_team_code', 'seat/bad_team_code', 'admit/unknown_player', 'admit/no_request', 'request/rate_limited', 'action/budget', 'join/session_full'];
    for (const code of codes) expect(`reject.${code}` in en, code).toBe(true);
    setLocale('fr');
    expect(rejectionText('pledge/over_budget', 'You have $3.5bn to pledge.', { max: 3450 })).toBe('C\'est plus que vous n\'avez : vous pouvez verser au plus 3,45\u00a0Md$.');
    expect(rejectionText('some/new_code', 'English text')).not.toContain('English');
    setLocale('en');
    expect(rejectionText('pledge/over_budget', 'You have $3.5bn to pledge.')).toBe('You have $3.5bn to pledge.');
  });
});

describe('the table picture (issue #14, item 7)', () => {
  it.each([[390, 340, 5], [320, 260, 10], [1366, 460, 32], [1100, 850, 5], [1100, 850, 32], [700, 500, 12]])('%i×%i with %i seats: cards inside, apart, and clear of the pot', (w, hgt, n) => {
    const L = tableLayout(w, hgt, n);
    L.cards.forEach((a, i) => {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.x + a.w).toBeLessThanOrEqual(w);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.y + a.h).toBeLessThanOrEqual(L.tracks.y);
      L.cards.slice(i + 1).forEach((b) => expect(overlaps(a, b, 0)).toBe(false));
      const dx = Math.max(a.x - L.pot.centre.x, 0, L.pot.centre.x - (a.x + a.w));
      const dy = Math.max(a.y - L.pot.centre.y, 0, L.pot.centre.y - (a.y + a.h));
      expect(Math.hypot(dx, dy)).toBeGreaterThanOrEqual(L.pot.max);
    });
  });
});
