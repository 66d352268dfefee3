import { ArraySchema, type MapSchema } from '@colyseus/schema';
import { CONTROL, HEAD, MEMBER, PLAYER, PROPOSAL, TRACK, encodeValue, flatKey, type Fields, type RowDescriptor } from '@aspf/shared/protocol';
import type { TableProjection } from './projection.ts';
import { ControlState, TableState, schemaOf, type RowState } from './schema.ts';

/**
 * Mirrors a projection into the Colyseus schema, touching only what changed, so a patch carries
 * exactly the differences (a vote is one map entry). The only code that writes the schema; it walks
 * the row descriptors of shared/src/protocol/table.ts, so it has no field list of its own.
 */

/** Schema writes in the current `syncTable` call. */
let writes = 0;

function set(target: RowState, key: string, value: unknown): void {
  if (target[key] === value) return; // schema setters would mark equal values dirty
  target[key] = value;
  writes++;
}

/** A fresh row instance with its required children, so StateViews that hold it hold them too. */
function create(d: RowDescriptor<Fields>): RowState {
  const s = new (schemaOf(d))();
  for (const [key, f] of Object.entries(d.fields)) if (f.kind === 'child' && !f.optional) s[key] = create(f.row);
  return s;
}

/** Writes the fields of `row` that differ into `target`, as descriptor `d` lays them on the wire. */
function mirror(target: RowState, d: RowDescriptor<Fields>, row: Record<string, unknown>): void {
  for (const [key, f] of Object.entries(d.fields)) {
    const value = row[key];
    if (f.kind === 'scalar') set(target, key, encodeValue(f, value));
    else if (f.kind === 'list') {
      const next = value as string[];
      const current = target[key] as ArraySchema<string>;
      if (current.length !== next.length || current.some((x, i) => x !== next[i])) {
        target[key] = new ArraySchema<string>(...next);
        writes++;
      }
    } else if (f.kind === 'dict') {
      const next = value as Record<string, string>;
      syncMap(target[key] as MapSchema<string>, next, (k) => next[k]!, (map, k) => {
        if (map.get(k) === next[k]) return;
        map.set(k, next[k]!);
        writes++;
      });
    } else if (f.kind === 'child') {
      if (value === null) {
        set(target, key, undefined);
        continue;
      }
      const existing = target[key] as RowState | undefined;
      const child = existing ?? create(f.row);
      mirror(child, f.row, value as Record<string, unknown>);
      if (!existing) set(target, key, child);
    } else {
      const parts = (value ?? {}) as Record<string, unknown>;
      set(target, key, value !== null);
      for (const [part, p] of Object.entries(f.row.fields)) {
        if (p.kind !== 'scalar') continue;
        set(target, flatKey(key, part), value === null ? (p.wire === 'string' ? '' : 0) : encodeValue(p, parts[part]));
      }
    }
  }
}

/** Adds, updates and removes entries so `map` matches `source`. */
function syncMap<S>(map: MapSchema<S>, source: Record<string, unknown>, create: (key: string) => S, update: (map: MapSchema<S>, key: string) => void): void {
  for (const key of [...map.keys()]) {
    if (key in source) continue;
    map.delete(key);
    writes++;
  }
  for (const key of Object.keys(source)) {
    if (map.has(key)) {
      update(map, key);
      continue;
    }
    map.set(key, create(key));
    writes++;
  }
}

/** Mirrors a map of rows: each entry is created once, then only its changed fields are written. */
function mirrorRows(map: MapSchema<RowState>, d: RowDescriptor<Fields>, rows: Record<string, object>): void {
  syncMap(map, rows, () => create(d), () => undefined);
  for (const [id, s] of map) mirror(s, d, rows[id] as Record<string, unknown>);
}

/** A fresh table for a projection: members are created once here so StateViews can hold them. */
export function createTable(p: TableProjection): TableState {
  const table = new TableState() as TableState;
  table.control = new ControlState();
  for (const id of Object.keys(p.members)) table.members.set(id, create(MEMBER));
  syncTable(table, p);
  return table;
}

/**
 * Brings the table in line with a projection; returns whether anything was written. `seq` is the
 * room's public sequence, which chat lines and private acts do not move, so they send no public
 * patch at all (shared/src/protocol/secrecy.ts).
 */
export function syncTable(table: TableState, p: TableProjection): boolean {
  writes = 0;
  // `seq` first: the root's changes then lead the patch, which saves a switch back to the root (2 B).
  set(table, 'seq', p.seq);
  set(table, 'code', p.code);
  mirror(table, HEAD, p as unknown as Record<string, unknown>);
  mirror(table.control!, CONTROL, { pendingInject: p.pendingInject });
  mirrorRows(table.members, MEMBER, p.members);
  mirrorRows(table.proposals, PROPOSAL, p.proposals);
  mirrorRows(table.tracks, TRACK, p.tracks);
  mirrorRows(table.players, PLAYER, p.players);
  return writes > 0;
}
