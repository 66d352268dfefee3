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
}

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
  const seatSize = Math.max(12, Math.min(34, (circumference / Math.max(1, seats)) * 0.42));
  return {
    centre,
    radius,
    seats: points,
    seatSize,
    pot: { centre, min: 24, max: Math.min(radius.x, radius.y) * 0.55 },
    tracks: { x: 24, y: height - bottom + 16, width: width - 48, rowHeight: Math.max(14, (bottom - 24) / 6) },
  };
}

/** The pot's radius grows with the square root of the money (area ∝ $). */
export function potRadius(pool: number, maxPool: number, min: number, max: number): number {
  if (maxPool <= 0) return min;
  return min + (max - min) * Math.sqrt(Math.max(0, Math.min(1, pool / maxPool)));
}
