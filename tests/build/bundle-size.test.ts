/**
 * The renderer's size budget, on the bundle `npm test` builds before running the tests
 * (out/renderer). Every byte of it is parsed before the window shows anything, so it is kept
 * minified and under budget; `npm run bench:renderer` prints the same sizes and the time to the
 * first secret card.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const RENDERER = path.resolve('out/renderer');
const ASSETS = path.join(RENDERER, 'assets');
/** All of the renderer's JavaScript together, gzip-compressed, in bytes. */
const JS_GZIP_BUDGET = 250_000;

interface Asset {
  readonly name: string;
  readonly raw: number;
  readonly gzip: number;
  readonly text: string;
}

function assets(extension: string): Asset[] {
  if (!existsSync(ASSETS)) return [];
  return readdirSync(ASSETS)
    .filter((name) => name.endsWith(extension))
    .map((name) => {
      const bytes = readFileSync(path.join(ASSETS, name));
      return { name, raw: bytes.length, gzip: gzipSync(bytes).length, text: bytes.toString('utf8') };
    });
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

describe('the renderer bundle', () => {
  it('is built (npm test builds it first; otherwise run npm run build)', () => {
    expect(existsSync(path.join(RENDERER, 'index.html')), `${RENDERER} has no index.html`).toBe(true);
  });

  it(`keeps its JavaScript under ${kB(JS_GZIP_BUDGET)} gzip`, () => {
    const js = assets('.js');
    expect(js.length).toBeGreaterThan(0);
    const total = js.reduce((sum, asset) => sum + asset.gzip, 0);
    const detail = js.map((asset) => `${asset.name}: ${kB(asset.raw)} raw, ${kB(asset.gzip)} gzip`).join('; ');
    expect(total, `renderer JS is ${kB(total)} gzip (${detail})`).toBeLessThanOrEqual(JS_GZIP_BUDGET);
  });

  it('is minified', () => {
    for (const asset of [...assets('.js'), ...assets('.css')]) {
      // Unminified, the lines average a few dozen characters; minified, thousands (the few line
      // breaks left are inside template strings).
      const lines = asset.text.split('\n').length;
      // A chunk of a few hundred bytes (a helper two lazy screens share) is one line either way.
      if (asset.raw < 2000) {
        expect(lines, `${asset.name} has ${lines} lines: is build.minify on for the renderer?`).toBeLessThanOrEqual(2);
        continue;
      }
      const average = asset.raw / lines;
      expect(average, `${asset.name} averages ${average.toFixed(0)} characters a line: is build.minify on for the renderer?`).toBeGreaterThan(400);
    }
  });

  it('is loaded from the bundle only: every script and stylesheet index.html names exists', () => {
    const html = readFileSync(path.join(RENDERER, 'index.html'), 'utf8');
    const referenced = [...html.matchAll(/(?:src|href)="(?:\.?\/)?(assets\/[^"]+)"/g)].map((match) => match[1] as string);
    expect(referenced.length).toBeGreaterThan(0);
    for (const file of referenced) expect(existsSync(path.join(RENDERER, file)), file).toBe(true);
  });

  it('fetches the app (boot.tsx and what it imports) with the entry, not after it', () => {
    // The entry imports the app dynamically (main.tsx says why); without these preloads its
    // ~500 kB would only be requested once the entry has run.
    const html = readFileSync(path.join(RENDERER, 'index.html'), 'utf8');
    // What index.html loads at once: its entry script and the modules it preloads.
    const preloaded = new Set([...html.matchAll(/<(?:link rel="modulepreload"|script type="module")[^>]*(?:href|src)="\.?\/?(assets\/[^"]+)"/g)].map((match) => match[1] as string));
    const boot = assets('.js').find((asset) => asset.name.startsWith('boot-'));
    expect(boot, 'no boot-*.js chunk: main.tsx should import ./boot dynamically').toBeDefined();
    expect([...preloaded]).toContain(`assets/${boot?.name ?? ''}`);
    // Every chunk the app imports statically is preloaded too.
    for (const match of (boot?.text ?? '').matchAll(/(?:^|[;}])import[^"'`]*["'`]\.\/([\w.-]+\.js)["'`]/g)) expect([...preloaded]).toContain(`assets/${match[1] ?? ''}`);
  });
});
