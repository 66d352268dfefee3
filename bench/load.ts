/**
 * A load generator (a child process of bench/capacity.ts): real @colyseus/sdk clients in sessions of
 * 33 (a facilitator and the 32 delegations of Brussels 2026, or 33 clients of the echo room). Each
 * client acts about every 10 s (uniform 5–15 s): in the game, a vote in the voting phase, a pledge
 * while pledging, a proposal now and then, otherwise a public chat line; the phase timers run on the
 * server. Latency of an accepted action = from the request to the moment the last client of its
 * session has the patch (all clients of a session live in this process, on one clock); for a chat
 * line, which changes nothing on the table and sends no patch, until the last client has the line.
 *
 *
 * Only one client per session decodes the state (the facilitator's, a full SDK client: it checks
 * the table moves and times its patches). The other 32 join through the SDK, then receive at the
 * socket level: a state patch is counted (bytes, arrival time) and never decoded; messages (replies,
 * `legal`, chat) still go through the SDK, which they need to act. Decoding 33 copies of every patch
 * made the load processes, not the server, the first to fall behind (issue 18). A table change's
 * latency runs to its last byte: the decoding client's patch or, later, the first patch each other
 * client of the session received after the request (a frame that never came within a second, as for
 * a sealed pledge others do not see, is left out). `LOAD_DECODE=all` decodes at every client, as before.
 *
 * Input: LOAD_CONFIG (JSON). Output on stdout: "joined <n> <failed>", then after "go" on stdin, one
 * line "result <json>" with the counts only; the raw latency samples go to `samplesFile` (a JSON
 * array), written before that line, so that the pipe never carries them (a line of every sample
 * passed 64 KiB at 100 sessions and arrived cut).
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Client, Protocol, type Room } from '@colyseus/sdk';
import { builtinScenario } from '@aspf/shared';
import { PROTOCOL_VERSION } from '@aspf/shared/protocol';

interface Config {
  url: string;
  target: 'aspf' | 'echo';
  /** aspf: sessions created by the orchestrator; echo: how many rooms to create. */
  sessions: { code: string; facilitatorKey: string }[];
  echoRooms: number;
  clientsPerSession: number;
  meanIntervalMs: number;
  durationMs: number;
  /** Where to write the latency samples (ms), a file the orchestrator reads and then deletes. */
  samplesFile: string;
}

const config = JSON.parse(process.env.LOAD_CONFIG!) as Config;
const decodeAll = process.env.LOAD_DECODE === 'all';
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const now = () => performance.now();

interface Tracker {
  clients: number;
  /** seq → how many clients have it, and when the last one got it. */
  seen: Map<number, { count: number; last: number }>;
  /** seq → when its request was sent (accepted requests only). */
  sent: Map<number, number>;
  /** A chat line's text (unique) → when it was sent, and how many clients have it. */
  chats: Map<string, { sent: number; count: number }>;
  /** The clients of the session that count patches without decoding them. */
  receivers: Receiver[];
}

/** A client that receives patches at the socket level: arrival times of its recent patches. */
interface Receiver {
  arrivals: number[];
}

let receivedBytes = 0;
let receivedFrames = 0;
let patchesSkipped = 0;
let receiverMisses = 0;

/** From now on, `room` counts its state patches instead of decoding them. */
function receiveRaw(room: Room, t: Tracker): void {
  const r: Receiver = { arrivals: [] };
  t.receivers.push(r);
  const events = (room as unknown as { connection: { events: { onmessage: (e: { data: ArrayBuffer }) => void } } }).connection.events;
  const decode = events.onmessage;
  events.onmessage = (event) => {
    const bytes = new Uint8Array(event.data);
    receivedBytes += bytes.byteLength;
    receivedFrames++;
    if ((bytes[0]! & 0x1f) === Protocol.ROOM_STATE_PATCH) { // the low 5 bits are the code (Colyseus' PROTOCOL_CODE_MASK)
      patchesSkipped++;
      r.arrivals.push(now());
      if (r.arrivals.length > 64) r.arrivals.splice(0, 32);
      return;
    }
    decode(event);
  };
}

/** The latency of a table change, once the decoding client has it: to the last receiver's patch. */
function lastByte(t: Tracker, sent: number, decoded: number): void {
  if (!t.receivers.length) {
    latencies.push(Math.max(0, decoded - sent));
    return;
  }
  setTimeout(() => {
    let last = decoded;
    for (const r of t.receivers) {
      const at = r.arrivals.find((x) => x >= sent);
      if (at === undefined || at > decoded + 1000) receiverMisses++;
      else last = Math.max(last, at);
    }
    latencies.push(Math.max(0, last - sent));
  }, 1000);
}

const latencies: number[] = [];
let accepted = 0;
let refused = 0;
let failedRequests = 0;
const refusals = new Map<string, number>();
let measuring = false;

function complete(t: Tracker, seq: number): void {
  const seen = t.seen.get(seq);
  const sent = t.sent.get(seq);
  if (!seen || sent === undefined || seen.count < t.clients) return;
  if (measuring) lastByte(t, sent, seen.last);
  t.seen.delete(seq);
  t.sent.delete(seq);
}

function watch(room: Room, t: Tracker): void {
  let last = 0;
  room.onStateChange((state: { seq?: number }) => {
    const seq = state.seq ?? 0;
    if (seq <= last) return;
    const at = now();
    for (let s = last + 1; s <= seq; s++) {
      const e = t.seen.get(s) ?? { count: 0, last: 0 };
      e.count++;
      e.last = at;
      t.seen.set(s, e);
      complete(t, s);
    }
    last = seq;
    // Entries of actions no client of ours sent (timers, joins) are dropped once they are old.
    if (t.seen.size > 200) for (const s of t.seen.keys()) if (s < seq - 100) t.seen.delete(s);
  });
}

/** Game chat lines are tracked by their text (each one unique), as they carry no patch. */
function watchChat(room: Room, t: Tracker): void {
  room.onMessage('chat', (m: { text: string }) => {
    const c = t.chats.get(m.text);
    if (!c || ++c.count < t.clients + t.receivers.length) return;
    if (measuring) latencies.push(Math.max(0, now() - c.sent));
    t.chats.delete(m.text);
  });
}

const quiet = (room: Room) => {
  for (const type of ['welcome', 'clock', 'events', 'chat', 'legal']) room.onMessage(type, () => undefined);
  room.reconnection.enabled = false;
};

interface Actor {
  room: Room;
  legal: { type: string; [k: string]: unknown }[];
  tracker: Tracker;
}

const actors: Actor[] = [];
const rooms: Room[] = [];
const random = (n: number) => Math.floor(Math.random() * n);
let remarks = 0;

function choose(a: Actor): { type: string; payload: unknown } {
  if (config.target === 'echo') return { type: 'act', payload: { text: `note ${random(1000)}` } };
  const legal = new Map(a.legal.map((l) => [l.type, l]));
  const vote = legal.get('vote') as { proposals: string[] } | undefined;
  if (vote && vote.proposals.length && Math.random() < 0.8) return { type: 'vote', payload: { proposal: vote.proposals[random(vote.proposals.length)], choice: ['yes', 'no', 'abstain'][random(3)] } };
  const pledge = legal.get('pledge') as { min: number; max: number } | undefined;
  if (pledge && Math.random() < 0.7) return { type: 'pledge', payload: { amount: pledge.min + random(Math.max(1, Math.min(pledge.max - pledge.min, 400))) } };
  const propose = legal.get('propose') as { projects: string[]; channels: string[] } | undefined;
  if (propose && propose.projects.length && Math.random() < 0.1) return { type: 'propose', payload: { project: propose.projects[random(propose.projects.length)], channel: propose.channels[0] } };
  return { type: 'chat', payload: { text: `Delegation remark ${++remarks} on the fund` } };
}

async function act(a: Actor): Promise<void> {
  const { type, payload } = choose(a);
  const t0 = now();
  const chat = config.target === 'aspf' && type === 'chat' ? (payload as { text: string }).text : null;
  if (chat) a.tracker.chats.set(chat, { sent: t0, count: 0 });
  try {
    const reply = (await a.room.request(type, payload)) as { ok: boolean; seq?: number; code?: string };
    if (reply.ok) {
      accepted++;
      if (!chat) {
        a.tracker.sent.set(reply.seq!, t0);
        complete(a.tracker, reply.seq!);
      }
    } else {
      if (chat) a.tracker.chats.delete(chat);
      refused++;
      refusals.set(reply.code!, (refusals.get(reply.code!) ?? 0) + 1);
    }
  } catch {
    failedRequests++;
  }
}

let joinFailures = 0;

async function joinAspf(s: { code: string; facilitatorKey: string }): Promise<void> {
  const scenario = builtinScenario('brussels-2026')!;
  const tracker: Tracker = { clients: 0, seen: new Map(), sent: new Map(), chats: new Map(), receivers: [] };
  const client = new Client(config.url);
  const f = await client.joinById(s.code, { protocol: PROTOCOL_VERSION, role: 'facilitator', name: 'Control', key: s.facilitatorKey });
  quiet(f);
  rooms.push(f);
  const members = scenario.members.map((m) => m.id).slice(0, config.clientsPerSession - 1);
  const joined = await Promise.allSettled(members.map((id) => new Client(config.url).joinById(s.code, { protocol: PROTOCOL_VERSION, role: 'member', name: `Delegation ${id}`, member: id })));
  for (const j of joined) {
    if (j.status === 'rejected') {
      joinFailures++;
      continue;
    }
    const room = j.value;
    const actor: Actor = { room, legal: [], tracker };
    quiet(room);
    room.onMessage('legal', (l: Actor['legal']) => (actor.legal = l));
    rooms.push(room);
    actors.push(actor);
  }
  const mine = rooms.filter((r) => r.roomId === s.code);
  for (const r of mine) {
    if (decodeAll || r === f) watch(r, tracker);
    else receiveRaw(r, tracker);
    watchChat(r, tracker);
  }
  tracker.clients = mine.length - tracker.receivers.length;
  await f.request('start', {});
}

async function joinEcho(): Promise<void> {
  const tracker: Tracker = { clients: 0, seen: new Map(), sent: new Map(), chats: new Map(), receivers: [] };
  const first = await new Client(config.url).create('echo', {});
  const joined = await Promise.allSettled(Array.from({ length: config.clientsPerSession - 1 }, () => new Client(config.url).joinById(first.roomId, {})));
  const mine = [first];
  for (const j of joined) {
    if (j.status === 'rejected') joinFailures++;
    else mine.push(j.value);
  }
  for (const room of mine) {
    quiet(room);
    rooms.push(room);
    actors.push({ room, legal: [], tracker });
    if (decodeAll || room === first) watch(room, tracker);
    else receiveRaw(room, tracker);
  }
  tracker.clients = mine.length - tracker.receivers.length;
}

// Join in small batches so that the server is not flooded with 33 × N handshakes at once.
const BATCH = 4;
if (config.target === 'aspf') {
  for (let i = 0; i < config.sessions.length; i += BATCH) {
    await Promise.all(config.sessions.slice(i, i + BATCH).map((s) => joinAspf(s).catch(() => void (joinFailures += config.clientsPerSession))));
  }
} else {
  for (let i = 0; i < config.echoRooms; i += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, config.echoRooms - i) }, () => joinEcho().catch(() => void (joinFailures += config.clientsPerSession))));
  }
}
process.stdout.write(`joined ${actors.length + (config.target === 'aspf' ? config.sessions.length : 0)} ${joinFailures}\n`);

await new Promise<void>((done) => {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (line.trim() === 'go') {
      rl.close();
      done();
    }
  });
});

// Each client acts about every 10 s; the first action falls anywhere in the first interval.
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const end = Date.now() + config.durationMs;
const loops = actors.map(async (a) => {
  await sleep(Math.min(Math.random() * config.meanIntervalMs, config.durationMs));
  while (Date.now() < end) {
    void act(a);
    await sleep(Math.min(config.meanIntervalMs * (0.5 + Math.random()), Math.max(0, end - Date.now())));
  }
});
// The first 2 s warm up (joins settle, JIT); then measure (the orchestrator reads CPU from then too).
setTimeout(() => (measuring = true), 2000);
await Promise.all(loops);
await sleep(1500); // the last changes' receivers are read a second after them
lag.disable();
const used = process.cpuUsage(cpu0);
const loadCpu = (used.user + used.system) / 1000 / (performance.now() - wall0);
const loadLagP99 = lag.percentile(99) / 1e6;
// The samples go to the file first: once the orchestrator reads "result", the file is complete.
writeFileSync(config.samplesFile, JSON.stringify(latencies));
await new Promise<void>((flushed) => process.stdout.write(`result ${JSON.stringify({ samples: latencies.length, accepted, refused, failedRequests, joinFailures, refusals: Object.fromEntries(refusals), loadCpu, loadLagP99, receivedBytes, receivedFrames, patchesSkipped, receiverMisses })}\n`, () => flushed()));
for (const r of rooms) void r.leave(true).catch(() => undefined);
await sleep(300);
process.exit(0);
