/**
 * Where things sit on the canvas: pure geometry, tested without Phaser. Seats go round an ellipse
 * starting at the top; the fund pot is in the middle; tracks and meters run along the bottom.
 */
export interface Point { x: number; y: number }
export interface TableLayout {
  centre: Point;
  radius: { x: number; y: number };
  seats: Point[];
  seatSize: number;
  pot: { centre: Point; min: number; max: number };
  tracks: { x: number; y: number; width: number; rowHeight: number };
  /** Each seat's card, centred on its seat: never overlapping one another nor the pot. */
  cards: Rect[];
}
export interface Rect { x: number; y: number; w: number; h: number }

export function tableLayout(width: number, height: number, seats: number): TableLayout {
  const bottom = Math.max(110, height * 0.24);
  const centre = { x: width / 2, y: (height - bottom) / 2 + 8 };
  const radius = { x: Math.max(80, width / 2 - 70), y: Math.max(60, (height - bottom) / 2 - 40) };
  const points: Point[] = [];
  for (let i = 0; i < seats; i++) {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / seats;
    points.push({ x: centre.x + radius.x * Math.cos(a), y: centre.y + radius.y * Math.sin(a) });
  }
  const circumference = Math.PI * (radius.x + radius.y);
  // Seats grow with the picture (a projector's cards are read from the back of the room).
  const seatSize = Math.max(12, Math.min(Math.max(34, Math.min(width, height) / 13), (circumference / Math.max(1, seats)) * 0.42));
  const cards = seatCards(points, seatSize, width, height - bottom + 12);
  // The pot stays clear of every card (a pledge label once sat on it).
  const clear = Math.min(...cards.map((c) => distanceToRect(centre, c)), Math.min(radius.x, radius.y) * 0.55);
  return {
    centre,
    radius,
    seats: points,
    seatSize,
    pot: { centre, min: Math.min(24, clear * 0.6), max: Math.max(Math.min(24, clear * 0.6), clear - 6) },
    cards,
    tracks: { x: 24, y: height - bottom + 16, width: width - 48, rowHeight: Math.max(14, (bottom - 24) / 6) },
  };
}

/** The pot's radius grows with the square root of the money (area ∝ $). */
export function potRadius(pool: number, maxPool: number, min: number, max: number): number {
  if (maxPool <= 0) return min;
  return min + (max - min) * Math.sqrt(Math.max(0, Math.min(1, pool / maxPool)));
}

/**
 * Cards as wide as the seat spacing allows (and within the canvas), shrunk until no two overlap.
 */
function seatCards(points: Point[], seatSize: number, width: number, floor: number): Rect[] {
  let w = seatSize * 2.8;
  let h = seatSize * 1.7;
  for (let attempt = 0; attempt < 40; attempt++) {
    const rects = points.map((p) => {
      const x = Math.max(2, Math.min(width - w - 2, p.x - w / 2));
      const y = Math.max(2, Math.min(floor - h, p.y - h / 2));
      return { x, y, w, h };
    });
    if (!rects.some((a, i) => rects.some((b, j) => j > i && overlaps(a, b)))) return rects;
    w *= 0.93;
    h *= 0.96;
  }
  return points.map((p) => ({ x: p.x - w / 2, y: p.y - h / 2, w, h }));
}

export const overlaps = (a: Rect, b: Rect, gap = 2): boolean =>
  a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;

function distanceToRect(p: Point, r: Rect): number {
  const dx = Math.max(r.x - p.x, 0, p.x - (r.x + r.w));
  const dy = Math.max(r.y - p.y, 0, p.y - (r.y + r.h));
  return Math.hypot(dx, dy);
}
