import { schema, t, type Schema, type MapSchema } from '@colyseus/schema';
import { CONTROL, HEAD, MEMBER, PLAYER, PROPOSAL, TRACK, flatKey, type Fields, type RowDescriptor, type WireType } from '@aspf/shared/protocol';

/**
 * The room's synchronised state, derived from the row descriptors of shared/src/protocol/table.ts:
 * one schema class per row, private fields tagged `.view()` (only clients whose StateView holds the
 * row see them: their own delegation; the facilitator holds all). Fields are compact (ids, integers
 * in $m, levels in integer tenths, scores in hundredths) because every change is sent to every
 * client. Nothing here is written by hand: `sync.ts` mirrors `projection.ts`'s rows into it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SchemaClass = new () => Schema & Record<string, any>;

const classes = new Map<RowDescriptor<Fields>, SchemaClass>();
const primitive = (wire: WireType, isPrivate: boolean): Builder => (isPrivate ? t[wire]().view() : t[wire]());

/** The schema fields of a row (flattened children spread into it, each part private). */
function definition(d: RowDescriptor<Fields>): Record<string, Builder> {
  const def: Record<string, Builder> = {};
  for (const [key, f] of Object.entries(d.fields)) {
    if (f.kind === 'scalar') def[key] = primitive(f.wire, f.private);
    else if (f.kind === 'list') def[key] = t.array('string');
    else if (f.kind === 'dict') def[key] = t.map('string');
    else if (f.kind === 'child') def[key] = f.optional ? t.ref(schemaOf(f.row)).optional() : t.ref(schemaOf(f.row));
    else {
      def[key] = primitive('boolean', true);
      for (const [part, p] of Object.entries(f.row.fields)) {
        if (p.kind !== 'scalar') throw new Error(`${d.name}.${key}: only scalar parts can be flattened`);
        def[flatKey(key, part)] = primitive(p.wire, true);
      }
    }
  }
  return def;
}

/** The schema class of a row descriptor, made once. */
export function schemaOf(d: RowDescriptor<Fields>): SchemaClass {
  let c = classes.get(d);
  if (!c) {
    c = schema(definition(d), d.name) as unknown as SchemaClass;
    classes.set(d, c);
  }
  return c;
}

export const MemberState = schemaOf(MEMBER);
export const ProposalState = schemaOf(PROPOSAL);
export const TrackState = schemaOf(TRACK);
export const PlayerState = schemaOf(PLAYER);
export const ControlState = schemaOf(CONTROL);
export type RowState = InstanceType<SchemaClass>;

export const TableState = schema({
  code: t.string(),
  ...definition(HEAD),
  members: t.map(MemberState),
  proposals: t.map(ProposalState),
  tracks: t.map(TrackState),
  players: t.map(PlayerState),
  /** Facilitator only (root fields are never filtered, so this is a child in a view). */
  control: t.ref(ControlState).view(),
}, 'TableState');
export interface TableState extends Schema {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
  code: string;
  seq: number;
  members: MapSchema<RowState>;
  proposals: MapSchema<RowState>;
  tracks: MapSchema<RowState>;
  players: MapSchema<RowState>;
  control: RowState | undefined;
}
