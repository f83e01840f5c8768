/**
 * Two walls, both ways:
 *  - the app (main, preload, renderer, the browser host, shared) never imports src/runtime — the
 *    reader is the one client that reads values, and it must not be reachable from the app (the
 *    app's Secrets Manager call scan, tests/main/secrets/blind-client-allow-list.test.ts, leaves
 *    src/runtime out for this reason: it is not the app's client);
 *  - src/runtime imports only itself, src/shared and a few packages — no Electron, no src/main,
 *    nothing of the renderer — so it builds and runs on its own in an agent backend.
 * (The CLI is left out of the first wall on purpose: `foundry-secrets verify`, issue 14 item 3,
 * runs where reading is allowed and may use the reader; the CLI is never packaged into the app.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');
const RUNTIME = path.join(SRC, 'runtime') + path.sep;

const IMPORT = /(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function specifiers(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => (match[1] ?? match[2] ?? match[3]) as string);
}

function resolveSource(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.js$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && /\.(tsx?|m?js)$/.test(candidate)) return candidate;
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every source file reachable from `entries` through relative imports, and the packages they import. */
function walk(entries: readonly string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of specifiers(file)) {
      const next = resolveSource(file, specifier);
      if (next) queue.push(next);
      else if (!specifier.startsWith('.')) packages.add(specifier);
    }
  }
  return { files, packages };
}

describe('the app never imports src/runtime', () => {
  const appDirs = ['main', 'preload', 'renderer', 'browser-host', 'shared'].map((dir) => path.join(SRC, dir));
  const appFiles = appDirs.flatMap(sourceFiles);

  it('no file of the app names src/runtime or foundry-secrets/runtime', () => {
    expect(appFiles.length).toBeGreaterThan(100);
    const offenders = appFiles.filter((file) =>
      specifiers(file).some((specifier) => specifier.startsWith('foundry-secrets/') || (resolveSource(file, specifier) ?? '').startsWith(RUNTIME)),
    );
    expect(offenders).toEqual([]);
  });

  it('nothing reachable from the app entries is in src/runtime (and the walk does reach the app)', () => {
    const { files } = walk([path.join(SRC, 'main/index.ts'), path.join(SRC, 'preload/index.ts'), path.join(SRC, 'renderer/src/main.tsx')].filter(existsSync));
    expect(files.size).toBeGreaterThan(50);
    expect([...files].filter((file) => file.startsWith(RUNTIME))).toEqual([]);
    // The same walk started in the runtime does find it, so an empty result above means something.
    expect([...walk([path.join(SRC, 'runtime/index.ts')]).files].some((file) => file.endsWith(path.join('runtime', 'reader.ts')))).toBe(true);
  });
});

describe('src/runtime stands alone', () => {
  const { files, packages } = walk([path.join(SRC, 'runtime/index.ts')]);

  it('reaches only src/runtime and src/shared', () => {
    const outside = [...files].filter((file) => !file.startsWith(RUNTIME) && !file.startsWith(path.join(SRC, 'shared') + path.sep));
    expect(outside).toEqual([]);
    // Every file of src/runtime is part of the build (nothing unreachable that tests alone use).
    expect(sourceFiles(path.join(SRC, 'runtime')).filter((file) => !files.has(file))).toEqual([]);
  });

  it('imports no Electron and only packages that are production dependencies', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const packageName = (specifier: string): string => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string));
    const external = [...packages].filter((specifier) => !specifier.startsWith('node:')).map(packageName);
    expect(external).not.toContain('electron');
    expect(external.length).toBeGreaterThan(0);
    for (const name of external) expect(Object.keys(pkg.dependencies), name).toContain(name);
  });

  it('never writes to the console', () => {
    for (const file of [...files].filter((candidate) => candidate.startsWith(RUNTIME))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\bconsole\.|process\.(stdout|stderr)/);
    }
  });
});
