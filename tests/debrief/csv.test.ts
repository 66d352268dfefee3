import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildDebrief, csvActions, csvField, csvTables, CSV_BOM, toCsv, type CsvCell } from '../../shared/src/debrief/index.ts';
import { botGame, CUSTOM_PROJECT, DISPLAY_NAMES, FORMULA, HOSTILE_CHAT, scripted } from './sessions.ts';

/** An independent RFC 4180 parser (csv-parse, tests only): strict quotes, BOM understood, CRLF records. */
const read = (text: string): string[][] => parse(text, { bom: true, record_delimiter: '\r\n', relax_quotes: false, relax_column_count: false });
const objects = (text: string): Record<string, string>[] => parse(text, { bom: true, columns: true, record_delimiter: '\r\n' });

const golden = scripted();
const facilitator = buildDebrief(golden.log, { displayNames: DISPLAY_NAMES, includeMessageContent: true });
const tables = csvTables(facilitator, 'en');

describe('CSV encoding (RFC 4180, UTF-8 with BOM, CRLF)', () => {
  const tricky: CsvCell[][] = [
    ['plain', 'comma, inside', 'quote " inside', 'line\nbreak', 'crlf\r\nbreak', 'Élodie Müller – Łódź – Ça', '', 0, -12.5, true, null],
    ['=SUM(A1:A2)', '+1', '-x', '@cmd', '\ttab', 'a "quoted, comma" value', '1e3', 3.14159, 1_000_000, false, undefined],
  ];
  const text = toCsv(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'], tricky);

  it('starts with a BOM, ends every record with CRLF', () => {
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(`${CSV_BOM}a,b,c,d,e,f,g,h,i,j,k`);
  });

  it('round-trips through an independent parser: every cell back as written (text cells that would run as formulas get an apostrophe)', () => {
    const rows = read(text);
    expect(rows).toEqual([
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'],
      ['plain', 'comma, inside', 'quote " inside', 'line\nbreak', 'crlf\r\nbreak', 'Élodie Müller – Łódź – Ça', '', '0', '-12.5', 'true', ''],
      ["'=SUM(A1:A2)", "'+1", "'-x", "'@cmd", "'\ttab", 'a "quoted, comma" value', '1e3', '3.14159', '1000000', 'false', ''],
    ]);
  });

  it('quotes only what needs quoting', () => {
    expect(csvField('abc')).toBe('abc');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('keeps accents as UTF-8 bytes (no mojibake once the BOM is read)', () => {
    const bytes = new TextEncoder().encode(text);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8').decode(bytes)).toContain('Élodie Müller – Łódź – Ça');
  });
});

describe('the session\'s CSV tables', () => {
  it('every table parses strictly, with a constant column count', () => {
    expect(Object.keys(tables).sort()).toEqual(['actions', 'message-counts', 'messages', 'pledges', 'proposals', 'scores', 'votes']);
    for (const [name, text] of Object.entries(tables)) {
      const rows = read(text!);
      expect(rows.length, name).toBeGreaterThan(1);
      for (const r of rows) expect(r.length, name).toBe(rows[0]!.length);
    }
  });

  it('actions: one row per logged action, in order, with round and phase; custom names intact', () => {
    const rows = objects(tables.actions!);
    expect(rows).toHaveLength(golden.log.entries.length);
    expect(rows.map((r) => Number(r.seq))).toEqual(golden.log.entries.map((e) => e.seq));
    const propose = rows.find((r) => r.action === 'propose' && r.member === 'DEU')!;
    expect(propose).toMatchObject({ round: '1', phase: 'proposals', actor: 'member', member_name: 'DEU', display_names: `Anna Müller; <img src=x onerror=alert(1)>` });
    expect(JSON.parse(propose.detail!)).toEqual({ project: { name: CUSTOM_PROJECT, description: '', cost: 2500, track: 'east' }, channel: 'fund' });
    expect(rows[0]!.time_utc).toBe('2026-03-01T10:00:01.000Z');
    expect(rows.find((r) => r.member === 'USA')!.display_names).toBe("'=cmd|calc!A1");
  });

  it('actions without opt-in carry message lengths, never texts; anonymised exports have no display names column', () => {
    const text = csvActions(buildDebrief(golden.log, { displayNames: DISPLAY_NAMES, anonymise: true }), 'en');
    expect(text).not.toContain('Support our hub');
    expect(text).not.toContain('pwned');
    const rows = objects(text);
    expect(Object.keys(rows[0]!)).not.toContain('display_names');
    expect(text).not.toContain('Élodie');
    expect(JSON.parse(rows.find((r) => r.action === 'chat' && r.member === 'FRA')!.detail!)).toEqual({ to: ['DEU'], chars: HOSTILE_CHAT.length });
  });

  it('votes: the matrix in long form (DEU × p1 = yes, USA × p2 = no, USA not eligible on p1)', () => {
    const rows = objects(tables.votes!);
    expect(rows).toHaveLength(5 * 5);
    const cell = (p: string, m: string) => rows.find((r) => r.proposal === p && r.member === m)!;
    expect(cell('p1', 'DEU')).toMatchObject({ vote: 'yes', eligible: 'true', outcome: 'approved' });
    expect(cell('p2', 'USA')).toMatchObject({ vote: 'no', eligible: 'true', weight: '1', outcome: 'rejected' });
    expect(cell('p1', 'USA')).toMatchObject({ vote: '', eligible: 'false', weight: '' });
    expect(cell('p3', 'EST')).toMatchObject({ vote: 'silent', proposal_name: CUSTOM_PROJECT });
    expect(cell('p5', 'EST')).toMatchObject({ overridden: 'true' });
  });

  it('proposals: both criteria and the counterfactual columns', () => {
    const p1 = objects(tables.proposals!).find((r) => r.proposal === 'p1')!;
    expect(p1).toMatchObject({ yes: '3', no: '1', count_share: '0.75', passed_vote: 'true', passes_nato_consensus: 'false', passes_simple_majority: 'true', co_sponsors: 'EST' });
  });

  it('pledges: every pledge with its condition and status, and running totals', () => {
    const rows = objects(tables.pledges!);
    expect(rows.map((r) => `${r.round}:${r.member}:${r.settled_usd_m}:${r.status}`)).toEqual(['1:DEU:700:honoured', '1:FRA:200:honoured', '1:POL:0:fallen', '1:EST:100:honoured', '2:USA:1500:honoured', '2:DEU:250:honoured']);
    expect(rows.find((r) => r.member === 'POL')).toMatchObject({ condition: 'member-at-least', condition_member: 'USA', condition_amount_usd_m: '1' });
    expect(rows.at(-1)!.cumulative_usd_m).toBe('950');
  });

  it('scores: ranked, with objectives, burden and power', () => {
    const rows = objects(tables.scores!);
    expect(rows.map((r) => r.member)).toEqual(['EST', 'POL', 'USA', 'FRA', 'DEU']);
    expect(rows[0]).toMatchObject({ rank: '1', total: '18.5', objective_id: 'shield', objective_met: 'true', pledged_usd_m: '100', pledged_pct_gdp: '0.2', banzhaf: '0.2' });
    expect(rows.find((r) => r.member === 'FRA')!.display_names).toBe('Élodie Durand');
  });

  it('message counts and (opted-in) messages, with line breaks, quotes and formulas kept safe', () => {
    const counts = objects(tables['message-counts']!);
    expect(counts).toContainEqual({ from: 'DEU', from_name: 'DEU', to: 'FRA', to_name: 'FRA', channel: 'private', count: '2' });
    expect(counts).toContainEqual({ from: 'EST', from_name: 'EST', to: 'table', to_name: '', channel: 'public', count: '1' });
    expect(counts).toContainEqual({ from: 'facilitator', from_name: '', to: 'table', to_name: '', channel: 'announcement', count: '1' });
    const texts = objects(tables.messages!).map((r) => r.text);
    expect(texts).toContain('Élysée d’accord ? Ça marche.\nSecond line, "quoted", with, commas');
    expect(texts).toContain(HOSTILE_CHAT);
    expect(texts).toContain(`'${FORMULA}`);
    expect(csvTables(buildDebrief(golden.log), 'en').messages).toBeUndefined();
  });

  it('French locale: member names with accents survive the round trip', () => {
    const q = buildDebrief(botGame('quick-demo', 7).log);
    const names = objects(csvTables(q, 'fr').scores!).map((r) => r.member_name);
    expect(names).toEqual(expect.arrayContaining(['États-Unis', 'Allemagne', 'Pologne']));
  });
});
