/**
 * The icons in resources/ are real, well-formed images of the sizes electron-builder needs, and
 * they are what scripts/icons/generate.ts draws (so `npm run icons` reproduces them). PNGs are
 * compared by their decoded pixels, not their bytes: zlib's output may differ across Node versions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawIcon } from '../../scripts/icons/draw';
import { ICNS_TYPES } from '../../scripts/icons/formats';
import { ICNS_SIZES, ICO_SIZES, LINUX_SIZES } from '../../scripts/icons/generate';

const RESOURCES = path.resolve(__dirname, '../../resources');
const read = (name: string): Buffer => readFileSync(path.join(RESOURCES, name));
const drawn = new Map<number, Buffer>();
/** Drawing 1024px takes a second or two on a busy machine: once per size. */
const draw = (size: number): Buffer => drawn.get(size) ?? (drawn.set(size, drawIcon(size)).get(size) as Buffer);

interface Png {
  readonly width: number;
  readonly height: number;
  readonly rgba: Buffer;
}

/** A strict reader for the PNGs the generator writes: 8-bit RGBA, CRCs checked, rows unfiltered. */
function decodePng(bytes: Buffer): Png {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length), `${type} CRC`).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
    types.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0]); // 8-bit RGBA, no interlace
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  expect(raw.length).toBe((stride + 1) * height);
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (stride + 1)], `filter of row ${y}`).toBe(0);
    raw.copy(rgba, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, rgba };
}

describe('resources/ icons', () => {
  it.each([
    ['icons/1024x1024.png', 1024],
    ['icons/512x512.png', 512],
  ])('%s is a %ipx square PNG of the drawn icon', (name, size) => {
    const png = decodePng(read(name));
    expect([png.width, png.height]).toEqual([size, size]);
    expect(png.rgba.equals(draw(size))).toBe(true);
  });

  it('icon.png is the 1024px icon', () => {
    expect(read('icon.png').equals(read('icons/1024x1024.png'))).toBe(true);
  });

  it('has every Linux size, each named by its size and that size inside', () => {
    for (const size of LINUX_SIZES) {
      const png = decodePng(read(`icons/${size}x${size}.png`));
      expect([png.width, png.height], `${size}x${size}.png`).toEqual([size, size]);
    }
  });

  it('draws an icon, not an empty square: transparent corners, an opaque tile, a white key', () => {
    const size = 512;
    const rgba = draw(size);
    const pixel = (x: number, y: number) => [...rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];
    expect(pixel(0, 0)[3]).toBe(0);
    expect(pixel(size - 1, size - 1)[3]).toBe(0);
    expect(pixel(size / 2, size - 80)[3]).toBe(255);
    const opaqueWhite = [...Array(size * size).keys()].filter((i) => rgba.readUInt32BE(i * 4) === 0xffffffff).length;
    expect(opaqueWhite / (size * size)).toBeGreaterThan(0.03);
  });

  it('icon.icns holds one PNG per macOS size, from 16 to 1024, each the Linux PNG of that size', () => {
    const icns = read('icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found = new Map<string, Buffer>();
    for (let offset = 8; offset < icns.length; ) {
      const type = icns.toString('latin1', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      found.set(type, icns.subarray(offset + 8, offset + length));
      offset += length;
    }
    expect([...found.keys()]).toEqual(ICNS_SIZES.map((size) => ICNS_TYPES[size]));
    for (const size of ICNS_SIZES) {
      expect(found.get(ICNS_TYPES[size] as string)?.equals(read(`icons/${size}x${size}.png`)), `${size}px`).toBe(true);
    }
  });

  it('icon.ico holds PNGs from 16 to 256 (electron-builder requires 256 for Windows)', () => {
    const ico = read('icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length]);
    ICO_SIZES.forEach((size, i) => {
      const entry = ico.subarray(6 + 16 * i, 6 + 16 * (i + 1));
      expect(entry[0] === 0 ? 256 : entry[0]).toBe(size);
      const png = ico.subarray(entry.readUInt32LE(12), entry.readUInt32LE(12) + entry.readUInt32LE(8));
      expect(png.equals(read(`icons/${size}x${size}.png`)), `${size}px`).toBe(true);
    });
  });
});
