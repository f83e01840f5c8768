/**
 * `npm run icons`: draws the app icon (scripts/icons/draw.ts) and writes every file
 * electron-builder.config.ts names under resources/:
 *   icon.png (1024×1024), icons/<n>x<n>.png (Linux), icon.icns (macOS), icon.ico (Windows).
 * The files are committed; tests/build/icons.test.ts checks they are what this script draws.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawIcon } from './draw';
import { encodeIco, encodeIcns, encodePng } from './formats';

export const RESOURCES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources');
export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 32, 48, 64, 128, 256] as const;

/** Every icon file, by its path relative to resources/. */
export function iconFiles(): Map<string, Buffer> {
  const png = new Map<number, Buffer>(LINUX_SIZES.map((size) => [size, encodePng(size, size, drawIcon(size))]));
  const pick = (sizes: readonly number[]) => new Map(sizes.map((size) => [size, png.get(size) as Buffer] as const));
  const files = new Map<string, Buffer>();
  files.set('icon.png', png.get(1024) as Buffer);
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, png.get(size) as Buffer);
  files.set('icon.icns', encodeIcns(pick(ICNS_SIZES)));
  files.set('icon.ico', encodeIco(pick(ICO_SIZES)));
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [name, bytes] of iconFiles()) {
    const file = path.join(RESOURCES, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    console.log(`${path.relative(process.cwd(), file)}: ${bytes.length} bytes`);
  }
}
