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
import { COMPILE_HINT, HINTED_MIN_BYTES } from '../../scripts/build/start-chunks';

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

/** The chunks a chunk imports statically (`import … from "./x.js"`, not `import("./x.js")`), at the start of the file, a line or a statement. */
function staticImports(text: string): string[] {
  return [...text.matchAll(/(?:^|[;}])import[^"'`()]*["'`]\.\/([\w.-]+\.js)["'`]/gm)].map((match) => match[1] as string);
}

/** What the window runs before its first screen: the entry, what index.html preloads (the app, boot.tsx) and every chunk those import statically. */
function firstScreenChunks(): Set<string> {
  const html = readFileSync(path.join(RENDERER, 'index.html'), 'utf8');
  const js = new Map(assets('.js').map((asset) => [asset.name, asset.text]));
  const start = [...html.matchAll(/<(?:link rel="modulepreload"|script type="module")[^>]*(?:href|src)="\.?\/?assets\/([^"]+\.js)"/g)].map((match) => match[1] as string);
  const loaded = new Set<string>();
  const visit = (name: string): void => {
    if (loaded.has(name)) return;
    loaded.add(name);
    staticImports(js.get(name) ?? '').forEach(visit);
  };
  start.forEach(visit);
  return loaded;
}

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
      // A chunk of a few hundred bytes (a helper two lazy screens share) is a line or two either
      // way; past that, the average below tells minified from not (a small chunk with a line break
      // in a template string still averages hundreds of characters a line).
      if (asset.raw < 2000 && lines <= 2) continue;
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
    for (const file of staticImports(boot?.text ?? '')) expect([...preloaded]).toContain(`assets/${file}`);
  });

  it('has no import cycle between its chunks (a cycle can run a chunk before what it reads is set)', () => {
    const js = new Map(assets('.js').map((asset) => [asset.name, asset.text]));
    const importsOf = (name: string): string[] => staticImports(js.get(name) ?? '');
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (name: string, path: string[]): void => {
      state.set(name, 'open');
      for (const next of importsOf(name)) {
        if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next, [...path, next]);
      }
      state.set(name, 'done');
    };
    for (const name of js.keys()) if (!state.has(name)) visit(name, [name]);
    expect(importsOf([...js.keys()].find((name) => name.startsWith('boot-')) ?? '').length, 'the import scan finds no imports at all').toBeGreaterThan(0);
    expect(cycles).toEqual([]);
  });

  it('loads no zod for the first screen: the rules it shows are zod-free, schemas come with the screens that parse', () => {
    const js = new Map(assets('.js').map((asset) => [asset.name, asset.text]));
    const loaded = firstScreenChunks();
    // zod's own error class name survives minification: the mark of its code in a chunk.
    const hasZod = (name: string): boolean => (js.get(name) ?? '').includes('ZodError');
    expect([...loaded].some((name) => name.startsWith('boot-')), `the first screen's chunks (${[...loaded].join(', ')}) do not include the app`).toBe(true);
    expect([...js.keys()].some(hasZod), 'no chunk holds zod at all: the marker no longer finds it').toBe(true);
    const withZod = [...loaded].filter(hasZod);
    // Nor the chunks meant for later (electron.vite.config.ts): one static import from the first screen would load them at start.
    const later = [...loaded].filter((name) => name.startsWith('schemas-') || name.startsWith('later-parts-'));
    expect([...js.keys()].filter((name) => name.startsWith('schemas-') || name.startsWith('later-parts-'))).toHaveLength(2);
    expect(later, `loaded at start: ${later.join(', ')}`).toEqual([]);
    expect(
      withZod,
      `zod is loaded at start by ${withZod.join(', ')}: a module of the first screen imports a schema-bearing shared module; import its zod-free half instead (naming-rules.ts, fleet-rules.ts, catalog-entries.ts, key-check-providers.ts, secret-limits.ts, value-rules.ts)`,
    ).toEqual([]);
  });

  it("asks V8 to compile the first screen's chunks as they load, and only those (scripts/build/start-chunks.ts)", () => {
    const loaded = firstScreenChunks();
    const js = assets('.js');
    expect([...loaded].some((name) => name.startsWith('boot-')) && [...loaded].some((name) => name.startsWith('index-')), `first screen: ${[...loaded].join(', ')}`).toBe(true);
    const hinted = (asset: Asset): boolean => asset.text.startsWith(`${COMPILE_HINT}\n`);
    // The small ones are left out on purpose (HINTED_MIN_BYTES); the app's and React DOM's chunks are far above it.
    expect(js.filter((asset) => loaded.has(asset.name) && asset.raw >= HINTED_MIN_BYTES + COMPILE_HINT.length + 1 && !hinted(asset)).map((asset) => asset.name), 'first-screen chunks without the hint').toEqual([]);
    expect(js.filter((asset) => loaded.has(asset.name) && hinted(asset)).length, 'hinted first-screen chunks').toBeGreaterThanOrEqual(2);
    // A lazy chunk compiled whole would cost the background thread for code that may never run.
    expect(js.filter((asset) => !loaded.has(asset.name) && hinted(asset)).map((asset) => asset.name), 'lazy chunks with the hint').toEqual([]);
    expect(js.filter((asset) => !loaded.has(asset.name)).length, 'no lazy chunk at all').toBeGreaterThan(5);
  });
});
