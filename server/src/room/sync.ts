import { ArraySchema, type MapSchema } from '@colyseus/schema';
import type { MemberProjection, PledgeProjection, ProposalProjection, TableProjection } from './projection.ts';
import { ControlState, MemberState, PlayerState, PledgeState, ProposalState, ScoreState, TableState, TrackState } from './schema.ts';

/**
 * Mirrors a projection into the Colyseus schema, touching only what changed, so a patch carries
 * exactly the differences (a vote is one map entry). The only code that writes the schema.
 */

type Scalar = string | number | boolean;

/** Schema writes in the current `syncTable` call. */
let writes = 0;

/** Assigns the scalar fields of `source` that differ (schema setters would mark equal values dirty). */
function assign<T extends object>(target: T, source: Partial<Record<keyof T, unknown>>, keys: readonly (keyof T)[]): void {
  const t = target as Record<keyof T, Scalar>;
  for (const key of keys) {
    const value = source[key] as Scalar;
    if (t[key] !== value) {
      t[key] = value;
      writes++;
    }
  }
}

const PLEDGE_KEYS = ['amount', 'status', 'settled', 'condition', 'target', 'threshold'] as const;
const SCORE_KEYS = ['security', 'influence', 'objectives', 'returns', 'prudence', 'total'] as const;
const MEMBER_KEYS = ['seat', 'profile', 'online', 'participant', 'balance', 'allocation', 'support', 'arrears', 'pledged', 'weight', 'returns', 'ratificationRisk', 'objective'] as const;
const PROPOSAL_KEYS = ['round', 'lead', 'project', 'name', 'channel', 'cost', 'baseCost', 'delay', 'status', 'override'] as const;
const TABLE_KEYS = [
  'code', 'scenario', 'phase', 'round', 'rounds', 'endsAt', 'paused', 'remainingMs', 'sealedPledges', 'event',
  'eventTitle', 'pool', 'cohesion', 'usEngagement', 'autonomy', 'allianceIndex', 'ended',
] as const;

function syncPledge(current: PledgeState | undefined, next: PledgeProjection | null): PledgeState | undefined {
  if (!next) return undefined;
  const target = current ?? new PledgeState();
  assign(target, next, PLEDGE_KEYS);
  return target;
}

function syncMember(m: MemberState, p: MemberProjection): void {
  assign(m, p, MEMBER_KEYS);
  assign(m.score, p.score, SCORE_KEYS);
  const pledge = syncPledge(m.pledge, p.pledge);
  if (m.pledge !== pledge) {
    m.pledge = pledge;
    writes++;
  }
  const sealed = {
    sealedAmount: p.sealed?.amount ?? 0,
    sealedCondition: p.sealed?.condition ?? '',
    sealedTarget: p.sealed?.target ?? '',
    sealedThreshold: p.sealed?.threshold ?? 0,
  };
  assign(m, sealed, ['sealedAmount', 'sealedCondition', 'sealedTarget', 'sealedThreshold']);
}

function syncProposal(s: ProposalState, p: ProposalProjection): void {
  assign(s, p, PROPOSAL_KEYS);
  if (s.coSponsors.length !== p.coSponsors.length || s.coSponsors.some((id, i) => id !== p.coSponsors[i])) {
    s.coSponsors = new ArraySchema<string>(...p.coSponsors);
    writes++;
  }
  syncMap(s.votes, p.votes, (v) => v, (map, key, value) => {
    if (map.get(key) === value) return;
    map.set(key, value);
    writes++;
  });
}

/** Adds, updates and removes entries so `map` matches `source`. */
function syncMap<S, P>(
  map: MapSchema<S>,
  source: Record<string, P>,
  create: (p: P) => S,
  update: (map: MapSchema<S>, key: string, p: P) => void,
): void {
  for (const key of [...map.keys()]) {
    if (key in source) continue;
    map.delete(key);
    writes++;
  }
  for (const [key, value] of Object.entries(source)) {
    if (map.has(key)) {
      update(map, key, value);
      continue;
    }
    map.set(key, create(value));
    writes++;
  }
}

/** A fresh table for a projection: members are created once here so StateViews can hold them. */
export function createTable(p: TableProjection): TableState {
  const table = new TableState();
  table.control = new ControlState();
  for (const id of Object.keys(p.members)) {
    const m = new MemberState();
    m.score = new ScoreState();
    table.members.set(id, m);
  }
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
  if (table.seq !== p.seq) {
    table.seq = p.seq;
    writes++;
  }
  assign(table, p, TABLE_KEYS);
  assign(table.control!, p, ['pendingInject']);
  syncMap(table.members, p.members, () => {
    const m = new MemberState();
    m.score = new ScoreState();
    return m;
  }, () => undefined);
  for (const [id, m] of table.members) syncMember(m, p.members[id]!);
  syncMap(table.proposals, p.proposals, () => new ProposalState(), () => undefined);
  for (const [id, s] of table.proposals) syncProposal(s, p.proposals[id]!);
  syncMap(table.tracks, p.tracks, () => new TrackState(), () => undefined);
  for (const [id, s] of table.tracks) assign(s, p.tracks[id]!, ['threat', 'capability', 'crisis']);
  syncMap(table.players, p.players, () => new PlayerState(), () => undefined);
  for (const [id, s] of table.players) assign(s, p.players[id]!, ['name', 'role', 'member', 'status', 'request']);
  return writes > 0;
}
