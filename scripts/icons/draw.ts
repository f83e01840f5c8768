/**
 * The app icon, drawn in code (no downloaded or hand-made asset): a white key on an indigo
 * rounded square. Shapes are signed distance functions in a unit square, so every size is drawn
 * sharp and anti-aliased at its own resolution instead of scaled down from the largest.
 */

type Sdf = (x: number, y: number) => number;

const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;

/** An axis-aligned box with rounded corners: centre, half sizes, corner radius. */
const roundedBox =
  (cx: number, cy: number, hw: number, hh: number, r: number): Sdf =>
  (x, y) => {
    const qx = Math.abs(x - cx) - hw + r;
    const qy = Math.abs(y - cy) - hh + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };

const union =
  (...shapes: Sdf[]): Sdf =>
  (x, y) => {
    let d = Infinity;
    for (const shape of shapes) d = Math.min(d, shape(x, y));
    return d;
  };

const subtract =
  (shape: Sdf, hole: Sdf): Sdf =>
  (x, y) =>
    Math.max(shape(x, y), -hole(x, y));

/** Rotates the plane by 45° around the centre (a key drawn level, shown on the diagonal). */
const diagonal =
  (shape: Sdf): Sdf =>
  (x, y) => {
    const dx = x - 0.5;
    const dy = y - 0.5;
    return shape(0.5 + (dx + dy) * Math.SQRT1_2, 0.5 + (dy - dx) * Math.SQRT1_2);
  };

/** The tile: macOS-style margin (about 10 %) and corner radius. */
const tile = roundedBox(0.5, 0.5, 0.41, 0.41, 0.18);

/** The key, level: a ring (the bow), a shaft and two teeth. */
const key = diagonal(
  union(
    subtract(circle(0.3, 0.5, 0.14), circle(0.3, 0.5, 0.065)),
    roundedBox(0.575, 0.5, 0.17, 0.033, 0.015),
    roundedBox(0.68, 0.565, 0.025, 0.06, 0.01),
    roundedBox(0.74, 0.55, 0.022, 0.045, 0.01),
  ),
);

const TOP = [99, 102, 241] as const; // indigo-500
const BOTTOM = [49, 46, 129] as const; // indigo-900

/** Pixel coverage of a shape from its distance at the pixel centre (one pixel of soft edge). */
function coverage(distance: number, size: number): number {
  return Math.min(1, Math.max(0, 0.5 - distance * size));
}

/** The icon at `size`×`size`, as straight (not premultiplied) RGBA bytes, row by row. */
export function drawIcon(size: number): Buffer {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    const y = (py + 0.5) / size;
    const bg = TOP.map((top, i) => top + ((BOTTOM[i] as number) - top) * y);
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const tileAlpha = coverage(tile(x, y), size);
      const keyAlpha = tileAlpha === 0 ? 0 : Math.min(tileAlpha, coverage(key(x, y), size));
      const alpha = keyAlpha + tileAlpha * (1 - keyAlpha);
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) {
        const premultiplied = 255 * keyAlpha + (bg[c] as number) * tileAlpha * (1 - keyAlpha);
        rgba[offset + c] = alpha === 0 ? 0 : Math.round(premultiplied / alpha);
      }
      rgba[offset + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}
