import Phaser from 'phaser';
import { onLocaleChange, t, tx } from '../i18n/index.ts';
import type { ClientState } from '../store/store.ts';
import { store } from '../store/store.ts';
import { bn } from '../ui/format.ts';
import { COLORS, memberColour } from '../ui/palette.ts';
import { potRadius, tableLayout } from './layout.ts';

const hex = (c: string) => Number.parseInt(c.replace('#', ''), 16);

/**
 * The table as a picture: seats round the table with names and colours, the fund pot with flows of
 * money, capability against threat, the alliance meters. It redraws when the store changes and
 * lets the loop sleep when nothing moves (a turn-based table should not burn laptop batteries).
 * It is never the only way to act or to know: the HTML beside it holds the same facts.
 */
export class TableScene extends Phaser.Scene {
  private unsubscribe: (() => void) | null = null;
  private lastPool = -1;
  private lastSeq = -1;
  private maxPool = 1;
  private projector = false;
  private idleTimer: Phaser.Time.TimerEvent | null = null;

  constructor() {
    super('table');
  }

  init(data: { projector?: boolean }): void {
    this.projector = !!data.projector;
  }

  create(): void {
    this.scale.on('resize', () => this.draw(store.state));
    this.unsubscribe = store.subscribe((s) => {
      if (!s.table || s.table.seq === this.lastSeq && s.table.pool === this.lastPool) return;
      this.lastSeq = s.table.seq;
      this.wake();
      this.draw(s);
    });
    const offLocale = onLocaleChange(() => { this.wake(); this.draw(store.state); });
    this.events.once('shutdown', () => { this.unsubscribe?.(); offLocale(); });
    this.game.events.emit('first-frame-ready');
  }

  private wake(): void {
    if (!this.game.loop.running) this.game.loop.wake();
    this.idleTimer?.remove();
    this.idleTimer = this.time.delayedCall(1500, () => this.game.loop.sleep());
  }

  private draw(s: ClientState): void {
    const { table, scenario, seat } = s;
    this.children.removeAll(true);
    const { width, height } = this.scale;
    this.add.rectangle(width / 2, height / 2, width, height, hex(COLORS.paper));
    if (!table || !scenario) return;
    const members = scenario.members.filter((m) => table.members[m.id]);
    const L = tableLayout(width, height, members.length);
    const font = (size: number, color = COLORS.ink) => ({ fontFamily: 'system-ui, sans-serif', fontSize: `${Math.round(size)}px`, color });

    // The table itself and the fund pot.
    this.add.ellipse(L.centre.x, L.centre.y, L.radius.x * 2 - 40, L.radius.y * 2 - 30, hex(COLORS.table)).setStrokeStyle(3, 0x0f1e26);
    this.maxPool = Math.max(this.maxPool, table.pool, scenario.constants.openingBalance * 1.5);
    const r = potRadius(table.pool, this.maxPool, L.pot.min, L.pot.max);
    const pot = this.add.circle(L.pot.centre.x, L.pot.centre.y, r, hex(COLORS.pool)).setStrokeStyle(3, 0xffffff);
    this.add.text(L.pot.centre.x, L.pot.centre.y, `ASPF\n${bn(table.pool)}`, { ...font(Math.max(13, r / 3.2), '#1b1f24'), align: 'center', fontStyle: 'bold' }).setOrigin(0.5);

    // Seats: colour + id (text), a ring for fund participants, a dot for who is online.
    members.forEach((spec, i) => {
      const m = table.members[spec.id]!;
      const p = L.seats[i]!;
      const mine = spec.id === seat?.member;
      const c = this.add.circle(p.x, p.y, L.seatSize, hex(memberColour(spec.colour, i)));
      c.setStrokeStyle(mine ? 5 : m.participant ? 3 : 1, mine ? 0x000000 : m.participant ? 0xffffff : 0x555555);
      this.add.text(p.x, p.y, spec.id, { ...font(L.seatSize * 0.62), fontStyle: 'bold' }).setOrigin(0.5);
      const pledge = m.pledge ? m.pledge.settled >= 0 ? m.pledge.settled : m.pledge.amount : 0;
      const label = `${m.seat === 'bot' ? '⚙ ' : m.online ? '● ' : ''}${pledge ? bn(pledge) : ''}`;
      if (label.trim()) this.add.text(p.x, p.y + L.seatSize + 3, label, { ...font(Math.max(10, L.seatSize * 0.42)), backgroundColor: '#ffffffee', padding: { x: 3, y: 1 } }).setOrigin(0.5, 0);
    });

    // Money flows: when the pool grows, coins travel from the seats that pledged to the pot.
    if (this.lastPool >= 0 && table.pool !== this.lastPool) {
      const into = table.pool > this.lastPool;
      members.forEach((spec, i) => {
        const m = table.members[spec.id]!;
        if (into && !(m.pledge && m.pledge.settled > 0)) return;
        const from = into ? L.seats[i]! : L.pot.centre;
        const to = into ? L.pot.centre : L.seats[i]!;
        const coin = this.add.circle(from.x, from.y, 6, hex(COLORS.pool)).setStrokeStyle(1, 0x000000);
        this.tweens.add({ targets: coin, x: to.x, y: to.y, duration: 900, delay: i * 25, ease: 'Sine.easeInOut', onComplete: () => coin.destroy() });
      });
      this.tweens.add({ targets: pot, scale: { from: 1.12, to: 1 }, duration: 600 });
    }
    this.lastPool = table.pool;

    // Capability against threat, one row per track; a crisis is marked in words too.
    const T = L.tracks;
    scenario.tracks.forEach((spec, i) => {
      const tr = table.tracks[spec.id];
      if (!tr) return;
      const y = T.y + i * T.rowHeight;
      const labelW = Math.min(190, T.width * 0.3);
      const barW = T.width - labelW - 70;
      this.add.text(T.x, y, tx(spec.name), font(Math.min(14, T.rowHeight * 0.8))).setOrigin(0, 0);
      this.add.rectangle(T.x + labelW, y + 2, barW, T.rowHeight * 0.7, 0xdedad2).setOrigin(0, 0);
      this.add.rectangle(T.x + labelW, y + 2, (barW * tr.capability) / 10, T.rowHeight * 0.7, hex(COLORS.capability)).setOrigin(0, 0);
      this.add.rectangle(T.x + labelW + (barW * tr.threat) / 10, y, 4, T.rowHeight * 0.9, hex(COLORS.threat)).setOrigin(0.5, 0);
      this.add.text(T.x + labelW + barW + 8, y, tr.crisis ? `⚠ ${t('table.crisis')}` : `${tr.capability}/${tr.threat}`, font(Math.min(13, T.rowHeight * 0.75), tr.crisis ? COLORS.threat : COLORS.ink));
    });

    // Meters in the top corner (on narrow screens they stay in the HTML beside the canvas).
    const meters: [string, number][] = width < 560 ? [] : [[t('meter.cohesion'), table.cohesion], [t('meter.usEngagement'), table.usEngagement], [t('meter.autonomy'), table.autonomy]];
    meters.forEach(([name, value], i) => {
      const x = 16;
      const y = 14 + i * 22;
      this.add.text(x, y, name, font(12));
      this.add.rectangle(x + 150, y + 3, 80, 10, 0xdedad2).setOrigin(0, 0);
      this.add.rectangle(x + 150, y + 3, value * 8, 10, hex(COLORS.yes)).setOrigin(0, 0);
      this.add.text(x + 236, y, String(value), font(12));
    });
    if (this.projector) this.add.text(width - 16, 14, `${t(`phase.${table.phase}` as never)} · ${table.round}/${table.rounds}`, font(18)).setOrigin(1, 0);
  }
}

/** Boots Phaser into a container. Keyboard capture is off: every control is HTML (TECH_NOTES). */
export function mountTable(parent: HTMLElement, opts: { projector?: boolean } = {}): Phaser.Game {
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: COLORS.paper,
    scale: { mode: Phaser.Scale.RESIZE, width: parent.clientWidth || 800, height: parent.clientHeight || 560 },
    input: { keyboard: false },
    fps: { target: 30, limit: 30 },
    banner: false,
    scene: [],
    callbacks: {
      postBoot: (g) => {
        g.canvas.setAttribute('role', 'img');
        g.canvas.setAttribute('aria-label', t('table.canvas'));
        g.canvas.tabIndex = -1;
      },
    },
  });
  game.scene.add('table', TableScene, true, opts);
  return game;
}
