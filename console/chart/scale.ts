/** A linear map from a domain to a pixel range. */
export function linearScale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1; // a flat series still draws (on the range's start)
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** A 1, 2 or 5 × 10^n step giving about `count` intervals over [0, max]. */
export function niceStep(max: number, count = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Y ticks from 0 to a round top that covers `max`. Counts are integers: the step never drops
 * below 1 when `integer` (no "0.5 clicks" gridline).
 */
export function niceTicks(max: number, count = 4, integer = true): number[] {
  let step = niceStep(max, count);
  if (integer) step = Math.max(1, Math.round(step));
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** At most `max` evenly spaced indexes of `n` points, always including the first and last. */
export function labelIndexes(n: number, max = 6): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (max - 1);
  return [...new Set(Array.from({ length: max }, (_, i) => Math.round(i * step)))];
}

/** The SVG path of a polyline through the points. */
export function linePath(points: [number, number][]): string {
  return points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
}

/**
 * Label positions for values ending at `ys` (pixels): kept in order, at least `gap` apart and
 * within [min, max], each as near its own point as that allows (two series ending on the same
 * value get two readable labels instead of one over the other).
 */
export function spreadLabels(ys: number[], gap: number, min: number, max: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const placed = order.map((o) => Math.min(max, Math.max(min, o.y)));
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k]!, placed[k - 1]! + gap);
  // Pushed past the bottom: shift the stack up as a whole.
  const over = placed.length ? placed[placed.length - 1]! - max : 0;
  if (over > 0) for (let k = 0; k < placed.length; k++) placed[k] = placed[k]! - over;
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k]!, placed[k - 1]! + gap);
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => {
    out[o.i] = placed[k]!;
  });
  return out;
}

/** A direct label short enough for the chart's margin (the legend and the table name it in full). */
export function clipLabel(text: string, max = 16): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** How many x labels fit `width` pixels of plot (~80 px each, room for a short date), 2 to 6. */
export function labelsThatFit(width: number): number {
  return Math.max(2, Math.min(6, Math.floor(width / 80)));
}
