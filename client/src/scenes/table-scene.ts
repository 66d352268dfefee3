import Phaser from 'phaser';
import { getLocale, onLocaleChange, t, tx } from '../i18n/index.ts';
import type { ClientState } from '../store/store.ts';
import { store } from '../store/store.ts';
import { same } from '../ui/control.ts';
import { bn, num } from '../ui/format.ts';
import { COLORS, memberColour } from '../ui/palette.ts';
import { potRadius, tableLayout } from './layout.ts';

const hex = (c: string) => Number.parseInt(c.replace('#', ''), 16);
const VOTE_COLOURS = { yes: COLORS.yes, no: COLORS.no, abstain: COLORS.abstain } as const;

/** Everything the picture shows: it redraws whenever any of it changes (issue #14), and only then. */
function selectPicture(s: ClientState) {
  const { table, scenario } = s;
  if (!table || !scenario) return null;
  const open = Object.entries(table.proposals).filter(([, p]) => p.status === 'open').map(([id, p]) => ({ id, votes: p.votes }));
  return {
    locale: getLocale(), mine: s.seat?.member ?? null, phase: table.phase, round: table.round, rounds: table.rounds, pool: table.pool,
    members: scenario.members.filter((m) => table.members[m.id]).map((spec) => {
      const m = table.members[spec.id]!;
      const players = Object.values(table.players).filter((p) => p.role === 'member' && p.member === spec.id);
      return { id: spec.id, name: tx(spec.name), colour: spec.colour, seat: m.seat, participant: m.participant, online: players.filter((p) => p.status === 'online').length,
        players: players.length, pledge: m.pledge ? (m.pledge.settled >= 0 ? m.pledge.settled : m.pledge.amount) : 0, settled: m.pledge ? m.pledge.settled : -1 };
    }),
    votes: table.phase === 'voting' ? open : [],
    tracks: scenario.tracks.map((spec) => ({ id: spec.id, name: tx(spec.name), ...(table.tracks[spec.id] ?? { capability: 0, threat: 0, crisis: false }) })),
    meters: [[t('meter.cohesion'), table.cohesion], [t('meter.usEngagement'), table.usEngagement], [t('meter.autonomy'), table.autonomy]] as [string, number][],
  };
}
type Picture = NonNullable<ReturnType<typeof selectPicture>>;

/** A track's figures beside its bar, in the reader's locale ("4,5/6"), or its crisis. */
const trackLine = (tr: Picture['tracks'][number]): string => (tr.crisis ? `⚠ ${t('table.crisis')}` : `${num(tr.capability, 1)}/${num(tr.threat, 1)}`);

/** A seat card's bottom line: bot or players (connected/all), and its pledge. */
const seatLine = (m: Picture['members'][number]): string =>
  `${m.seat === 'bot' ? '⚙' : m.players ? `● ${m.online}/${m.players}` : '○'}${m.pledge ? `  ${bn(m.pledge)}` : ''}`;

/**
 * The table as a picture: a card per seat (colour, code, name, players and presence, pledge, a ★
 * for fund participants), the fund pot with money flowing in when pledges settle, each seat's vote
 * lit during voting, crises flashing on their track, the meters. Drawn in CSS pixels through a
 * camera zoomed by the device pixel ratio, with text rasterised at that ratio, so it is crisp on
 * phones. Motion is skipped when the reader prefers reduced motion. It is never the only way to
 * act or to know: the HTML beside it holds the same facts, and its legend.
 */
export class TableScene extends Phaser.Scene {
  private unsubscribe: (() => void) | null = null;
  private last: Picture | null = null;
  private lastPool = -1;
  private lastCrises = new Set<string>();
  private maxPool = 1;
  private projector = false;
  private dpr = 1;
  private idleTimer: Phaser.Time.TimerEvent | null = null;
  private readonly calm = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  private draws = 0;
  private motions = 0;

  constructor() {
    super('table');
  }

  init(data: { projector?: boolean; dpr?: number }): void {
    this.projector = !!data.projector;
    this.dpr = data.dpr ?? 1;
  }

  create(): void {
    this.cameras.main.setOrigin(0, 0).setZoom(this.dpr);
    this.scale.on('resize', () => this.redraw(true));
    this.unsubscribe = store.subscribe(() => this.redraw(false));
    const offLocale = onLocaleChange(() => this.redraw(true));
    this.events.once('shutdown', () => { this.unsubscribe?.(); offLocale(); });
    this.game.events.emit('first-frame-ready');
  }

  private redraw(force: boolean): void {
    const picture = selectPicture(store.state);
    if (!picture || (!force && same(picture, this.last))) return;
    this.wake();
    this.draw(picture, this.last);
    this.last = picture;
    // What was drawn, on the canvas for anyone to check (tests/browser/screens.test.ts): how many
    // times, how many animations started, and each seat's line as written on its card.
    const canvas = this.game.canvas;
    canvas.dataset.draws = String(++this.draws);
    canvas.dataset.motions = String(this.motions);
    canvas.dataset.seats = picture.members.map((m) => `${m.id} ${seatLine(m)}`).join(' | ');
    canvas.dataset.tracks = picture.tracks.map(trackLine).join(' | ');
  }

  /** Starts an animation (never when the reader prefers reduced motion), counted. */
  private animate(config: Phaser.Types.Tweens.TweenBuilderConfig): void {
    if (this.calm) return;
    this.motions += 1;
    this.tweens.add(config);
  }

  private wake(): void {
    if (!this.game.loop.running) this.game.loop.wake();
    this.idleTimer?.remove();
    this.idleTimer = this.time.delayedCall(2500, () => this.game.loop.sleep());
  }

  /** Text no wider than `max` CSS pixels (scaled down to fit rather than cut). */
  private fitted(x: number, y: number, value: string, size: number, max: number, colour: string = COLORS.ink, bold = false): Phaser.GameObjects.Text {
    const text = this.text(x, y, value, size, colour, bold);
    if (text.width > max && max > 0) text.setScale(max / text.width);
    return text;
  }

  private text(x: number, y: number, value: string, size: number, colour: string = COLORS.ink, bold = false): Phaser.GameObjects.Text {
    return this.add.text(x, y, value, { fontFamily: 'system-ui, sans-serif', fontSize: `${Math.max(9, Math.round(size))}px`, color: colour, fontStyle: bold ? 'bold' : '' }).setResolution(this.dpr);
  }

  private draw(v: Picture, before: Picture | null): void {
    this.children.removeAll(true);
    const width = this.scale.width / this.dpr;
    const height = this.scale.height / this.dpr;
    this.add.rectangle(width / 2, height / 2, width, height, hex(COLORS.paper));
    const L = tableLayout(width, height, v.members.length);

    // The table and the fund pot.
    this.add.ellipse(L.centre.x, L.centre.y, L.radius.x * 2 - 40, L.radius.y * 2 - 30, hex(COLORS.table)).setStrokeStyle(3, 0x0f1e26);
    this.maxPool = Math.max(this.maxPool, v.pool, 1000);
    const r = potRadius(v.pool, this.maxPool, L.pot.min, L.pot.max);
    const pot = this.add.circle(L.pot.centre.x, L.pot.centre.y, r, hex(COLORS.pool)).setStrokeStyle(3, 0xffffff);
    this.fitted(L.pot.centre.x, L.pot.centre.y, `ASPF\n${bn(v.pool)}`, Math.max(11, Math.min(r / 2.6, 30)), r * 1.7, COLORS.ink, true).setAlign('center').setOrigin(0.5);

    // Seat cards.
    v.members.forEach((m, i) => {
      const c = L.cards[i]!;
      const mine = m.id === v.mine;
      const colour = hex(memberColour(m.colour, i));
      const card = this.add.graphics();
      card.fillStyle(0xffffff, 1).fillRoundedRect(c.x, c.y, c.w, c.h, 6);
      card.fillStyle(colour, 1).fillRect(c.x, c.y + 3, 6, c.h - 6);
      card.lineStyle(mine ? 4 : m.participant ? 2.5 : 1, mine ? 0x000000 : m.participant ? hex(COLORS.pool) : 0x7b8391, 1).strokeRoundedRect(c.x, c.y, c.w, c.h, 6);
      const big = c.h > 40;
      const size = Math.min(c.h * (big ? 0.3 : 0.42), c.w / 4.2);
      // The seat's votes: a chip per open proposal while they fit half the card, else a count.
      const chip = Math.max(6, Math.min(14, c.h * 0.22));
      const chips = v.votes.length * (chip + 3) <= c.w / 2;
      const inner = c.w - 14 - (v.votes.length ? (chips ? v.votes.length * (chip + 3) : c.w * 0.4) : 0);
      this.fitted(c.x + 10, c.y + 3, `${m.id}${m.participant ? ' ★' : ''}`, size, inner, COLORS.ink, true);
      if (big) this.fitted(c.x + 10, c.y + 3 + size * 1.15, m.name, size * 0.72, c.w - 14);
      this.fitted(c.x + 10, c.y + c.h - size * 1.1 - 2, seatLine(m), size * 0.78, c.w - 14);
      if (v.votes.length && !chips) {
        const cast = v.votes.map((p) => p.votes[m.id]);
        const count = (choice: string) => cast.filter((x) => x === choice).length;
        this.fitted(c.x + c.w - 4, c.y + 3, `✔${count('yes')} ✘${count('no')} –${count('abstain')}`, size * 0.7, c.w * 0.4 - 4).setOrigin(1, 0);
      }
      // The seat's votes, lit during voting: one chip per open proposal.
      if (chips) v.votes.forEach((p, k) => {
        const choice = p.votes[m.id];
        const x = c.x + c.w - (k + 1) * (chip + 3);
        const g = this.add.graphics();
        if (choice) g.fillStyle(hex(VOTE_COLOURS[choice]), 1).fillRect(x, c.y + 3, chip, chip);
        g.lineStyle(1.5, 0x1b1f24, choice ? 1 : 0.5).strokeRect(x, c.y + 3, chip, chip);
        if (choice && before?.votes[k]?.votes[m.id] !== choice) this.animate({ targets: g, alpha: { from: 0.2, to: 1 }, duration: 500 });
      });
    });

    // Money flows to the pot when pledges settle.
    if (this.lastPool >= 0 && v.pool > this.lastPool) {
      v.members.forEach((m, i) => {
        if (m.settled <= 0 || this.calm) return;
        const from = L.cards[i]!;
        const coin = this.add.circle(from.x + from.w / 2, from.y + from.h / 2, 6, hex(COLORS.pool)).setStrokeStyle(1, 0x000000);
        this.animate({ targets: coin, x: L.pot.centre.x, y: L.pot.centre.y, duration: 900, delay: i * 30, ease: 'Sine.easeInOut', onComplete: () => coin.destroy() });
      });
      this.animate({ targets: pot, scale: { from: 1.12, to: 1 }, duration: 600 });
    }
    this.lastPool = v.pool;

    // Capability against threat, one row per track; meters beside them when there is room.
    const T = L.tracks;
    const meterW = width >= 700 ? Math.min(300, width * 0.28) : 0;
    const trackW = T.width - meterW;
    const row = Math.min(T.rowHeight, (height - T.y - 4) / Math.max(1, v.tracks.length));
    const labelW = Math.min(200, trackW * 0.36);
    const barW = Math.max(40, trackW - labelW - 78);
    const crises = new Set<string>();
    v.tracks.forEach((tr, i) => {
      const y = T.y + i * row;
      const fs = Math.min(26, Math.max(11, row * 0.62));
      const label = this.text(T.x, y, tr.name, fs);
      if (label.width > labelW - 6) label.setScale((labelW - 6) / label.width, 1);
      this.add.rectangle(T.x + labelW, y + 2, barW, row * 0.7, 0xdedad2).setOrigin(0, 0);
      this.add.rectangle(T.x + labelW, y + 2, (barW * tr.capability) / 10, row * 0.7, hex(COLORS.capability)).setOrigin(0, 0);
      this.add.rectangle(T.x + labelW + (barW * tr.threat) / 10, y, 4, row * 0.9, hex(COLORS.threat)).setOrigin(0.5, 0);
      const status = this.text(T.x + labelW + barW + 8, y, trackLine(tr), fs, tr.crisis ? '#a33a00' : COLORS.ink, tr.crisis);
      if (tr.crisis) {
        crises.add(tr.id);
        const flash = this.add.rectangle(T.x - 4, y - 1, labelW + barW + 80, row * 0.95, hex(COLORS.threat), 0.18).setOrigin(0, 0);
        if (!this.lastCrises.has(tr.id)) this.animate({ targets: [flash, status], alpha: { from: 1, to: 0.25 }, duration: 350, yoyo: true, repeat: 3 });
      }
    });
    this.lastCrises = crises;
    if (meterW) {
      v.meters.forEach(([name, value], i) => {
        const x = T.x + trackW + 16;
        const y = T.y + i * Math.max(row, 18);
        const fs = Math.min(24, Math.max(row, 18) * 0.6);
        this.fitted(x, y, name, fs, meterW * 0.48);
        const bx = x + meterW * 0.5;
        const bw = meterW * 0.35;
        this.add.rectangle(bx, y + 3, bw, fs * 0.8, 0xdedad2).setOrigin(0, 0);
        this.add.rectangle(bx, y + 3, (bw * value) / 10, fs * 0.8, hex(COLORS.yes)).setOrigin(0, 0);
        this.text(bx + bw + 4, y, num(value, 1), fs);
      });
    }
    if (this.projector && width >= 900) this.text(width - 12, 8, `${t(`phase.${v.phase}` as never)} · ${v.round}/${v.rounds}`, 22, COLORS.ink, true).setOrigin(1, 0);
  }
}

/** Boots Phaser into a container, sized in device pixels. Keyboard capture is off: every control is HTML, so the keyboard belongs to the page. */
export function mountTable(parent: HTMLElement, opts: { projector?: boolean } = {}): Phaser.Game {
  const dpr = Math.min(3, Math.max(1, globalThis.devicePixelRatio || 1));
  const size = () => ({ w: Math.max(1, parent.clientWidth || 800), h: Math.max(1, parent.clientHeight || 560) });
  const { w, h } = size();
  // The canvas holds w×h CSS pixels drawn at w·dpr × h·dpr device pixels.
  const fit = (g: Phaser.Game) => {
    g.canvas.style.width = `${g.scale.width / dpr}px`;
    g.canvas.style.height = `${g.scale.height / dpr}px`;
  };
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: COLORS.paper,
    scale: { mode: Phaser.Scale.NONE, width: Math.round(w * dpr), height: Math.round(h * dpr) },
    input: { keyboard: false },
    fps: { target: 30, limit: 30 },
    banner: false,
    scene: [],
    callbacks: {
      postBoot: (g) => {
        fit(g);
        g.canvas.setAttribute('role', 'img');
        g.canvas.setAttribute('aria-label', t('table.canvas'));
        g.canvas.tabIndex = -1;
      },
    },
  });
  game.scene.add('table', TableScene, true, { ...opts, dpr });
  // The container's size follows the page (rotation, window resize): the canvas follows it.
  new ResizeObserver(() => {
    const next = size();
    if (Math.round(next.w * dpr) !== game.scale.width || Math.round(next.h * dpr) !== game.scale.height) {
      game.scale.resize(Math.round(next.w * dpr), Math.round(next.h * dpr));
      fit(game);
    }
  }).observe(parent);
  return game;
}
