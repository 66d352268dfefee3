/**
 * Builds the built-in scenarios (docs/SCENARIOS.md) from the real member figures (shared/data/nato_members.csv)
 * and the hand-authored content (shared/content/*.json), validates each against ScenarioSchema and
 * writes shared/scenarios/<id>.json.
 *
 *   npx node shared/scripts/build-scenarios.ts            write the files
 *   npx node shared/scripts/build-scenarios.ts --check    fail if a written file is out of date
 *
 * buildScenarios() is exported so that a test can compare the committed files with a fresh build.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ScenarioSchema } from '../src/scenario/schema.ts';
import type {
  Effect,
  Meter,
  Region,
  Scenario,
  ScenarioInput,
  Text,
  Timers,
} from '../src/scenario/schema.ts';

const SHARED = new URL('../', import.meta.url);
const CSV_FILE = new URL('data/nato_members.csv', SHARED);
const CONTENT_DIR = new URL('content/', SHARED);
export const SCENARIOS_DIR = new URL('scenarios/', SHARED);
const COST_SHARES_FILE = new URL('data/nato_cost_shares.csv', SHARED);

/**
 * Common-funding cost shares for all 32 members as the engine derives them under rules v2
 * (docs/RULES.md R9.3): the United States capped at the largest other member's share (Germany's),
 * the rest in proportion to GDP (standing in for gross national income). shared/data/README.md.
 */
export function costSharesCsv(members: { id: string; name: Text; gdp: number }[]): string {
  const raw = new Map(members.map((m) => [m.id, m.gdp]));
  const next = Math.max(...members.filter((m) => m.id !== 'USA').map((m) => m.gdp));
  if (raw.has('USA')) raw.set('USA', Math.min(raw.get('USA')!, next));
  const total = [...raw.values()].reduce((a, b) => a + b, 0);
  const rows = members.map((m) => {
    const share = (100 * raw.get(m.id)!) / total;
    const basis = m.id === 'USA' ? 'capped at the largest other share (Germany)' : 'GDP (for GNI)';
    return `${m.id},${m.name.en},${m.gdp},${share.toFixed(2)},${basis}`;
  });
  return `iso3,name,gdp_usd_bn,cost_share_pct,basis\n${rows.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Gap rules (shared/data/README.md): filled openly and named in each member's `source`.

/** Germany's 2025 estimate was not published in NATO's Aug-2025 report; the SG's Annual Report (Mar 2026) gives 2.4. */
const GERMANY_DEFENCE_PCT_2025 = 2.4;
/** Iceland has no armed forces: the game gives it a small civil contribution. */
const ICELAND_CIVIL_PCT = 0.1;

const SOURCE_NAMES: Record<string, string> = {
  'NATO-DefExp-2014-2025(28Aug2025)[a]': 'NATO, Defence Expenditure of NATO Countries (2014-2025), 28 Aug 2025, 2025e',
  'WB-WDI[b]': 'World Bank WDI, 2025',
};

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF)

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // BOM
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** The CSV as records keyed by header, one per row. */
export function readCsvRecords(text: string): Map<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('CSV: empty file');
  return rows.map((cells, n) => {
    if (cells.length !== header.length)
      throw new Error(`CSV row ${n + 2}: ${cells.length} fields, header has ${header.length}`);
    return new Map(header.map((h, j) => [h, cells[j] ?? '']));
  });
}

/** The columns of nato_members.csv the game reads (shared/data/README.md). */
const CSV_COLUMNS = ['name', 'iso3', 'gdp_usd_bn', 'population_m', 'defence_pct_gdp_2025e', 'flags', 'sources'] as const;
type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

function csvRows(text: string): CsvRow[] {
  return readCsvRecords(text).map((record, n) => {
    const row: Partial<CsvRow> = {};
    for (const column of CSV_COLUMNS) {
      const value = record.get(column);
      if (value === undefined) throw new Error(`CSV: missing column "${column}"`);
      row[column] = value;
    }
    for (const column of ['iso3', 'gdp_usd_bn', 'population_m'] as const)
      if (row[column] === '') throw new Error(`CSV row ${n + 2}: empty "${column}"`);
    return row as CsvRow;
  });
}

// ---------------------------------------------------------------------------------------------
// Content file shapes (checked here for cross-references; ScenarioSchema checks the rest)

interface MemberMeta {
  id: string;
  nameFr: string;
  regions: Region[];
  colour: string;
  participant: boolean;
  /** Rules v2 (docs/RULES.md R9.8): the objectives this member's national interest puts on its list. */
  objectives?: string[];
}
interface TrackSpec {
  id: string;
  name: Text;
  threat: number;
  capability: number;
  drift: number;
  regions: Region[];
}
interface TrackOverride {
  threat?: number;
  capability?: number;
  drift?: number;
}
interface Identified {
  id: string;
}
interface WithEffects extends Identified {
  effects: Effect[];
}
type Selection = 'all' | string[];
type Constants = ScenarioInput['constants'];
type Meters = Record<Meter, number>;
type Rules = ScenarioInput['rules'];

interface Defaults {
  startYear: number;
  rounds: number;
  timers: Timers;
  meters: Meters;
  rules: Rules;
  allowCustomProjects: boolean;
  sealedPledges: boolean;
  rulePresets?: ScenarioInput['rulePresets'];
  constants: Omit<Constants, 'openingBalance'>;
  notes: Text;
}
interface ScenarioDef {
  id: string;
  title: Text;
  description: Text;
  notes: Text;
  startYear?: number;
  rounds?: number;
  timers?: Partial<Timers>;
  meters?: Partial<Meters>;
  rules?: Rules;
  allowCustomProjects?: boolean;
  sealedPledges?: boolean;
  /** Rules v2 (docs/RULES.md R9.6): two-level ratification. */
  ratification?: boolean;
  /** Scenario rule presets; a preset named like a built-in one replaces it in this scenario. */
  rulePresets?: ScenarioInput['rulePresets'];
  /** `scoring` merges with the defaults' field by field. */
  constants: Partial<Omit<Constants, 'scoring'>> & { openingBalance: number; scoring?: Partial<Constants['scoring']> };
  members: Selection;
  tracks?: Record<string, TrackOverride>;
  projects: Selection;
  events: Selection;
  objectives: Selection;
}
interface ObjectiveLike extends Identified {
  regions: Region[];
}

function readJson<T>(name: string, key: string): T {
  const url = new URL(name, CONTENT_DIR);
  const data = JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
  if (!(key in data)) throw new Error(`${name}: missing "${key}"`);
  return data[key] as T;
}

/** A failed build: every problem as "path: message". */
export class ScenarioBuildError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`scenario build failed:\n${issues.map((i) => `  ${i}`).join('\n')}`);
    this.issues = issues;
  }
}

function membersReferenced(effects: Effect[]): string[] {
  return effects.flatMap((e) => (e.kind === 'support' || e.kind === 'allocation' ? (e.members ?? []) : []));
}

/**
 * Picks items by id. "all" takes the whole catalog except items whose effects name a member
 * absent from the scenario (e.g. an event about one ally in a scenario without it).
 */
function select<T extends Identified>(
  catalog: T[],
  selection: Selection,
  what: string,
  scenarioId: string,
  memberIds: Set<string>,
  issues: string[],
): T[] {
  if (selection === 'all')
    return catalog.filter((item) => {
      const effects = (item as Partial<WithEffects>).effects ?? [];
      return membersReferenced(effects).every((m) => memberIds.has(m));
    });
  const byId = new Map(catalog.map((item) => [item.id, item]));
  const picked: T[] = [];
  for (const id of selection) {
    const item = byId.get(id);
    if (item) picked.push(item);
    else issues.push(`${scenarioId}.${what}: unknown id "${id}"`);
  }
  return picked;
}

function memberSource(row: CsvRow, fill: string | null): string {
  const pairs = new Map(
    row.sources.split(';').map((p) => {
      const at = p.indexOf(':');
      return [p.slice(0, at), p.slice(at + 1)] as const;
    }),
  );
  const named = (key: string) => {
    const raw = pairs.get(key);
    return raw === undefined ? 'n/a' : (SOURCE_NAMES[raw] ?? raw);
  };
  const defence = fill ?? `defence % of GDP: ${named('def%')}`;
  return `${defence}; GDP, population: ${named('gdp/pop')}`;
}

function defencePct(row: CsvRow): { pct: number; fill: string | null } {
  const value = row.defence_pct_gdp_2025e.trim();
  if (value !== '') return { pct: Number(value), fill: null };
  if (row.iso3 === 'DEU')
    return {
      pct: GERMANY_DEFENCE_PCT_2025,
      fill: `defence % of GDP: ${GERMANY_DEFENCE_PCT_2025}, NATO Secretary General's Annual Report 2025 (Mar 2026); not in NATO's Aug 2025 report`,
    };
  if (row.iso3 === 'ISL')
    return {
      pct: ICELAND_CIVIL_PCT,
      fill: `defence % of GDP: none (no armed forces); ${ICELAND_CIVIL_PCT} % civil contribution is a game assumption`,
    };
  throw new Error(`CSV: no 2025 defence % for ${row.iso3} and no gap rule`);
}

type MemberSpec = ScenarioInput['members'][number];

function allMembers(csvText: string, metas: MemberMeta[], issues: string[]): MemberSpec[] {
  const rows = new Map(csvRows(csvText).map((r) => [r.iso3, r]));
  const members: MemberSpec[] = [];
  for (const meta of metas) {
    const row = rows.get(meta.id);
    if (!row) {
      issues.push(`members.json: ${meta.id} is not in nato_members.csv`);
      continue;
    }
    const { pct, fill } = defencePct(row);
    members.push({
      id: meta.id,
      name: { en: row.name, fr: meta.nameFr },
      gdp: Number(row.gdp_usd_bn),
      population: Number(row.population_m),
      defencePct: pct,
      regions: meta.regions,
      nuclear: row.flags.split(';').includes('nuclear_weapon_state'),
      participant: meta.participant,
      colour: meta.colour,
      source: memberSource(row, fill),
      ...(meta.objectives ? { objectives: meta.objectives } : {}),
    });
  }
  for (const id of rows.keys())
    if (!metas.some((m) => m.id === id)) issues.push(`members.json: ${id} from nato_members.csv has no entry`);
  return members;
}

/** Builds every built-in scenario, validated. Throws ScenarioBuildError listing every problem. */
export function buildScenarios(): Scenario[] {
  const issues: string[] = [];
  const csvText = readFileSync(CSV_FILE, 'utf8');
  const metas = readJson<MemberMeta[]>('members.json', 'members');
  const tracks = readJson<TrackSpec[]>('tracks.json', 'tracks');
  const projects = readJson<WithEffects[]>('projects.json', 'projects');
  const events = readJson<WithEffects[]>('events.json', 'events');
  const objectives = readJson<ObjectiveLike[]>('objectives.json', 'objectives');
  const defaults = readJson<Defaults>('scenarios.json', 'defaults');
  const defs = readJson<ScenarioDef[]>('scenarios.json', 'scenarios');

  const members = allMembers(csvText, metas, issues);
  const built: Scenario[] = [];

  for (const def of defs) {
    const chosenMembers = select(members, def.members, 'members', def.id, new Set(members.map((m) => m.id)), issues);
    const memberIds = new Set(chosenMembers.map((m) => m.id));
    const chosenObjectives = select(objectives, def.objectives, 'objectives', def.id, memberIds, issues);

    for (const id of Object.keys(def.tracks ?? {}))
      if (!tracks.some((t) => t.id === id)) issues.push(`${def.id}.tracks: unknown track "${id}"`);

    // Every member must be dealt a secret objective (objectives.json: at least 3 eligible per member,
    // from its own list of national interests under rules v2, docs/RULES.md R9.8).
    for (const m of chosenMembers) {
      const listed = chosenObjectives.filter((o) => m.objectives?.includes(o.id)).length;
      const eligible = m.objectives?.length ? listed : chosenObjectives.filter(
        (o) => o.regions.length === 0 || o.regions.some((r) => m.regions.includes(r)),
      ).length;
      if (eligible < 3) issues.push(`${def.id}.objectives: only ${eligible} eligible for ${m.id}`);
    }

    const input: ScenarioInput = {
      format: 1,
      id: def.id,
      title: def.title,
      description: def.description,
      notes: { en: `${def.notes.en}\n\n${defaults.notes.en}`, fr: `${def.notes.fr}\n\n${defaults.notes.fr}` },
      startYear: def.startYear ?? defaults.startYear,
      rounds: def.rounds ?? defaults.rounds,
      timers: { ...defaults.timers, ...def.timers },
      constants: { ...defaults.constants, ...def.constants, scoring: { ...defaults.constants.scoring, ...def.constants.scoring } },
      members: chosenMembers,
      tracks: tracks.map((t) => ({ ...t, ...def.tracks?.[t.id] })),
      meters: { ...defaults.meters, ...def.meters },
      rulePresets: { ...defaults.rulePresets, ...def.rulePresets },
      rules: def.rules ?? defaults.rules,
      allowCustomProjects: def.allowCustomProjects ?? defaults.allowCustomProjects,
      sealedPledges: def.sealedPledges ?? defaults.sealedPledges,
      ...(def.ratification ? { ratification: true } : {}),
      projects: select(projects, def.projects, 'projects', def.id, memberIds, issues) as ScenarioInput['projects'],
      events: select(events, def.events, 'events', def.id, memberIds, issues) as ScenarioInput['events'],
      objectives: chosenObjectives as ScenarioInput['objectives'],
    };
    const result = ScenarioSchema.safeParse(input);
    if (result.success) built.push(result.data);
    else
      for (const issue of result.error.issues)
        issues.push(`${def.id}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  }
  const ids = defs.map((d) => d.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) issues.push(`scenarios.json: duplicate scenario id "${id}"`);
  });
  if (issues.length > 0) throw new ScenarioBuildError(issues);
  return built;
}

/** The file text of a built scenario: 2-space JSON, keys in schema order, trailing newline. */
export function scenarioJson(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

/** A member's defence allocation for one round, $m (R2: GDP × defence% × discretionaryShare). */
export function allocation(scenario: Scenario, memberId: string): number {
  const m = scenario.members.find((x) => x.id === memberId);
  if (!m) throw new Error(`unknown member ${memberId}`);
  return m.gdp * 1000 * (m.defencePct / 100) * scenario.constants.discretionaryShare;
}

function summary(s: Scenario): string {
  const rows = s.members.map((m) => ({ id: m.id, participant: m.participant, value: allocation(s, m.id) }));
  const total = rows.reduce((a, r) => a + r.value, 0);
  const participants = rows.filter((r) => r.participant).reduce((a, r) => a + r.value, 0);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const each = rows.map((r) => `${r.id} ${fmt(r.value)}`).join(', ');
  return [
    `${s.id}: ${s.members.length} members, ${s.rounds} rounds, opening balance $${fmt(s.constants.openingBalance)}m, ` +
      `${s.projects.length} projects, ${s.events.length} events, ${s.objectives.length} objectives`,
    `  allocation per round ($m): all members ${fmt(total)}; participants ${fmt(participants)}`,
    `  ${each}`,
  ].join('\n');
}

function main(args: string[]): number {
  let scenarios: Scenario[];
  try {
    scenarios = buildScenarios();
  } catch (err) {
    if (err instanceof ScenarioBuildError) {
      for (const issue of err.issues) console.error(issue);
      return 1;
    }
    throw err;
  }
  const check = args.includes('--check');
  mkdirSync(SCENARIOS_DIR, { recursive: true });
  let stale = 0;
  const everyone = scenarios.reduce((a, b) => (b.members.length > a.members.length ? b : a));
  const shares = costSharesCsv(everyone.members);
  if (check) {
    if (!existsSync(COST_SHARES_FILE) || readFileSync(COST_SHARES_FILE, 'utf8') !== shares) {
      console.error(`${fileURLToPath(COST_SHARES_FILE)} is out of date: run npm run scenarios`);
      stale++;
    }
  } else writeFileSync(COST_SHARES_FILE, shares);
  for (const s of scenarios) {
    const file = new URL(`${s.id}.json`, SCENARIOS_DIR);
    const text = scenarioJson(s);
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
        console.error(`${fileURLToPath(file)} is out of date: run npm run scenarios`);
        stale++;
      }
    } else writeFileSync(file, text);
    console.log(summary(s));
  }
  return stale > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = main(process.argv.slice(2));
