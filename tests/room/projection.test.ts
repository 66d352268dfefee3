import { describe, expect, it } from 'vitest';
import { Encoder, Reflection, StateView, type Decoder } from '@colyseus/schema';
import { apply, createGame, view, type Action, type Actor, type GameState } from '@aspf/shared';
import { project, type PlayerProjection } from '../../server/src/room/projection.ts';
import { createTable, syncTable } from '../../server/src/room/sync.ts';
import { snapshotFromState } from '../../client/src/store/from-state.ts';
import { decodeTable } from '../../client/src/store/store.ts';
import { fixtureScenario } from '../fixtures/scenario.ts';

/**
 * The projection is a pure function of the engine's state: public fields come from the observer's
 * view only, private fields from each member's own view; the schema's views deliver the latter to
 * their owners alone.
 */

const F: Actor = { kind: 'facilitator' };
const member = (id: string): Actor => ({ kind: 'member', member: id });

function play(state: GameState, steps: [Actor, Action][]): GameState {
  let s = state;
  for (const [actor, action] of steps) {
    const r = apply(s, actor, action, 1_000_000);
    if (!r.ok) throw new Error(`${action.type}: ${r.error.code}`);
    s = r.value.state;
  }
  return s;
}

const players: Record<string, PlayerProjection> = {
  a1: { name: 'Ann', role: 'member', member: 'DEU', status: 'online', request: '' },
  a2: { name: 'Abe', role: 'member', member: 'DEU', status: 'away', request: '' },
  f1: { name: 'Teacher', role: 'facilitator', member: '', status: 'online', request: '' },
};

function sealedPledging(): GameState {
  const game = createGame(fixtureScenario({ sealedPledges: true }), 5);
  return play(game, [[F, { type: 'start' }], [F, { type: 'advance' }], [member('DEU'), { type: 'pledge', amount: 300 }], [member('POL'), { type: 'pledge', amount: 50, condition: { kind: 'member-at-least', member: 'DEU', amount: 100 } }]]);
}

describe('projection', () => {
  it('is pure: the same state gives the same projection, and the state is not touched', () => {
    const state = sealedPledging();
    const before = JSON.stringify(state);
    expect(project(state, 'CODE777', players, 0)).toEqual(project(state, 'CODE777', players, 0));
    expect(JSON.stringify(state)).toBe(before);
  });

  it('keeps sealed pledges out of the public fields and gives each member its own', () => {
    const state = sealedPledging();
    const p = project(state, 'CODE777', players, 0);
    for (const m of Object.values(p.members)) expect(m.pledge).toBeNull();
    expect(p.members.DEU!.sealed).toMatchObject({ amount: 300, status: 'pending', condition: '' });
    expect(p.members.POL!.sealed).toMatchObject({ amount: 50, condition: 'member-at-least', target: 'DEU', threshold: 100 });
    expect(p.members.FRA!.sealed).toBeNull();
    expect(p.members.DEU!.online).toBe(1);

    const settled = project(play(state, [[F, { type: 'advance' }]]), 'CODE777', players, 0);
    expect(settled.members.DEU!.pledge).toMatchObject({ amount: 300, status: 'honoured', settled: 300 });
    expect(settled.members.DEU!.sealed).toBeNull();
  });

  it("fills each member's private fields with exactly what its own view adds to the public one", () => {
    for (const state of [sealedPledging(), createGame(fixtureScenario(), 5)]) {
      const p = project(state, 'C', players, 0);
      const pub = view(state, { kind: 'observer' });
      for (const id of state.memberOrder) {
        const own = view(state, { kind: 'member', member: id });
        expect(p.members[id]!.objective).toBe(own.members[id]!.objective);
        expect(pub.members[id]!.objective).toBeNull();
        const sealed = own.pledges[id] && !pub.pledges[id] ? own.pledges[id] : undefined;
        expect(p.members[id]!.sealed?.amount).toBe(sealed?.amount);
        // Nothing of another member's leaks into this member's own view either.
        for (const other of state.memberOrder) if (other !== id) expect(own.members[other]!.objective).toBeNull();
      }
    }
  });

  it('derives every public field from the public view: secrets do not leak into it', () => {
    const state = sealedPledging();
    const other = structuredClone(state);
    for (const m of Object.values(other.members)) m.objective = 'bridge';
    other.pledges.DEU!.amount = 999;
    other.pendingInject = { id: 'x', title: { en: 'Secret', fr: 'Secret' }, text: { en: 'x', fr: 'x' }, effects: [], source: 'injected' };
    const strip = (p: ReturnType<typeof project>) => ({
      ...p, pendingInject: '',
      members: Object.fromEntries(Object.entries(p.members).map(([id, m]) => [id, { ...m, objective: '', sealed: null }])),
    });
    expect(strip(project(other, 'C', players, 0))).toEqual(strip(project(state, 'C', players, 0)));
    expect(project(other, 'C', players, 0).pendingInject).toBe('Secret');
  });

  it('reveals objectives once the game has ended', () => {
    const ended = play(createGame(fixtureScenario(), 5), [[F, { type: 'start' }], [F, { type: 'end' }]]);
    const p = project(ended, 'C', {}, 0);
    for (const [id, m] of Object.entries(p.members)) expect(m.objective).toBe(ended.members[id]!.objective);
  });

  it('encodes private fields only for the views that hold them', () => {
    const state = sealedPledging();
    const table = createTable(project(state, 'C', players, 0));
    const encoder = new Encoder(table);
    const handshake = Reflection.encode(encoder);
    const decode = (view: StateView | undefined) => {
      const it = { offset: 0 };
      const shared = encoder.encodeAll(it);
      const bytes = view ? encoder.encodeAllView(view, it.offset, it) : shared;
      const decoder = Reflection.decode(handshake) as Decoder;
      decoder.decode(bytes);
      return (decoder.state as unknown as { toJSON(): Record<string, any> }).toJSON(); // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const deuView = new StateView();
    deuView.add(table.members.get('DEU')!);
    const deu = decode(deuView);
    expect(deu.members.DEU.objective).toBe(state.members.DEU!.objective);
    expect(deu.members.DEU.sealedAmount).toBe(300);
    expect(deu.members.POL.objective).toBeUndefined();
    expect(deu.members.POL.sealedAmount).toBeUndefined();
    const observer = decode(new StateView());
    expect(Object.values(observer.members).every((m) => (m as { objective?: string }).objective === undefined)).toBe(true);

    // Syncing a later state touches only what changed.
    syncTable(table, project(play(state, [[F, { type: 'advance' }]]), 'C', players, 0));
    expect(table.members.get('DEU')!.pledge!.status).toBe('honoured');
    expect(table.members.get('DEU')!.sealedAmount).toBe(0);
  });

  it('reaches the client as exactly the rows it projected: levels in integer tenths on the wire, the sealed pledge reassembled', () => {
    const state = sealedPledging();
    state.tracks = Object.fromEntries(Object.entries(state.tracks).map(([id, t]) => [id, { ...t, threat: 8.4, capability: 4.7 }]));
    state.meters = { ...state.meters, cohesion: 6.3 };
    const p = project(state, 'C', players, 3);
    const table = createTable(p);
    const track = [...table.tracks.values()][0]!;
    expect([track.threat, track.capability, table.cohesion]).toEqual([84, 47, 63]);

    const encoder = new Encoder(table);
    const handshake = Reflection.encode(encoder);
    const facilitator = new StateView();
    facilitator.add(table.control!);
    for (const m of table.members.values()) facilitator.add(m);
    const it = { offset: 0 };
    encoder.encodeAll(it);
    const decoder = Reflection.decode(handshake) as Decoder;
    decoder.decode(encoder.encodeAllView(facilitator, it.offset, it));
    const client = decodeTable((decoder.state as unknown as { toJSON(): Record<string, unknown> }).toJSON());

    const { pendingInject, ...rows } = p;
    expect(client).toEqual({ ...rows, control: { pendingInject } });
    expect(client.members.DEU!.sealed).toMatchObject({ amount: 300, status: 'pending' });
    expect(client.members.POL!.sealed).toMatchObject({ amount: 50, condition: 'member-at-least', target: 'DEU', threshold: 100 });
    expect(Object.values(client.tracks)[0]).toMatchObject({ threat: 8.4, capability: 4.7 });
    expect(client.cohesion).toBe(6.3);
  });

  it('writes nothing for a chat line, and the public seq it is given for a table change', () => {
    const state = play(createGame(fixtureScenario(), 5), [[F, { type: 'start' }]]);
    const table = createTable(project(state, 'C', players, 1));
    const said = play(state, [[member('DEU'), { type: 'chat', to: [], text: 'hello' }]]);
    expect(syncTable(table, project(said, 'C', players, 1))).toBe(false);
    expect(table.seq).toBe(1);
    const advanced = play(said, [[F, { type: 'advance' }]]);
    expect(syncTable(table, project(advanced, 'C', players, 2))).toBe(true);
    expect(table.seq).toBe(2);
  });

  it('builds the same public table as the replay viewer does from the same state', () => {
    const state = play(sealedPledging(), [[F, { type: 'advance' }], [member('DEU'), { type: 'propose', project: 'cyber-shield', channel: 'fund' }]]);
    const live = project(state, 'C', {}, 0);
    const replayed = snapshotFromState(state, { kind: 'observer' });
    // The replay viewer (the facilitator's) numbers by the log; the live table by its public seq.
    const { code: _c, endsAt: _e, members, players: _p, pendingInject: _i, seq: _q, ...head } = live;
    expect({ ...replayed, code: undefined, endsAt: undefined, members: undefined, players: undefined, seq: undefined }).toEqual({ ...head, code: undefined, endsAt: undefined, members: undefined, players: undefined, seq: undefined });
    for (const [id, m] of Object.entries(members)) {
      const { online: _o, objective: _ob, sealed: _s, pledge, ...row } = m;
      const { online: _ro, pledge: replayedPledge, ...replayedRow } = replayed.members[id]!;
      expect(replayedRow, id).toEqual(row);
      expect(replayedPledge ?? null, id).toEqual(pledge);
    }
  });
});
