/**
 * electron-builder.ts: what gets packaged and how. electron-builder itself cannot run to the end
 * here (it downloads Electron), so the configuration is held to its promises directly: only the
 * built app goes in, inside asar; the fuses are flipped by our hook (and only by it); every
 * target has its icon; and the browser host — test/dev only — cannot reach the built app.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../electron-builder';
import { afterPack } from '../../scripts/packaging/fuses';

const ROOT = path.resolve(__dirname, '../..');

describe('electron-builder.ts', () => {
  it('names the app', () => {
    expect(config.productName).toBe('Foundry Secrets');
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/);
  });

  it('packages the built app only — out/ and package.json, no source maps — inside asar', () => {
    expect(config.files).toEqual(['out/**/*', 'package.json', '!**/*.map']);
    expect(config.asar).toBe(true);
    // Nothing rides along beside the archive.
    for (const key of ['extraFiles', 'extraResources', 'asarUnpack'] as const) expect(config[key]).toBeUndefined();
  });

  it('flips the fuses in its own afterPack hook, and not a second time through electronFuses', () => {
    expect(config.afterPack).toBe(afterPack);
    expect(config.electronFuses).toBeUndefined();
  });

  it('rebuilds no native module and publishes nothing on its own', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.publish).toBeNull();
  });

  it('builds AppImage + deb, dmg and nsis', () => {
    const targets = (platform: { target?: unknown } | null | undefined) =>
      (platform?.target as { target: string }[] | undefined)?.map((t) => t.target);
    expect(targets(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targets(config.mac)).toEqual(['dmg']);
    expect(targets(config.win)).toEqual(['nsis']);
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'resources' });
  });

  it('gives every platform an icon from resources/ that exists', () => {
    expect(config.mac?.icon).toBe('resources/icon.icns');
    expect(config.win?.icon).toBe('resources/icon.ico');
    expect(config.linux?.icon).toBe('resources/icons');
    for (const file of ['resources/icon.icns', 'resources/icon.ico', 'resources/icons/512x512.png', 'resources/icons/1024x1024.png']) {
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    }
  });
});

// ── the browser host is never packaged ──────────────────────────────────────────────────────
// Only out/ is packaged, and out/ holds what electron-vite bundles from its three entries. So the
// browser host stays out exactly when nothing those entries import (transitively) is in it.

const IMPORT = /(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function resolveSource(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null; // a package, not our source
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && /\.(tsx?|m?js)$/.test(candidate)) return candidate;
  }
  return null;
}

/** Every source file reachable from `entries` through relative imports. */
function reachable(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const next = resolveSource(file, (match[1] ?? match[2] ?? match[3]) as string);
      if (next) queue.push(next);
    }
  }
  return seen;
}

describe('the browser host (test/dev only)', () => {
  const viteConfig = readFileSync(path.join(ROOT, 'electron.vite.config.ts'), 'utf8');
  const html = readFileSync(path.join(ROOT, 'src/renderer/index.html'), 'utf8');
  const rendererEntries = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => path.join(ROOT, 'src/renderer', m[1] as string));

  it('is no electron-vite entry: the built app comes from main, preload and the renderer page only', () => {
    // Every path the config names, less the renderer's alias targets (a module a bare import resolves to, not an entry).
    const aliased = new Set([...viteConfig.matchAll(/find:[^}]*replacement:\s*resolve\(__dirname,\s*'([^']+)'\)/g)].map((m) => m[1]));
    expect([...aliased]).toEqual(['src/renderer/src/zod-jitless.ts']);
    const inputs = [...viteConfig.matchAll(/resolve\(__dirname,\s*'([^']+)'\)/g)].map((m) => m[1]).filter((file) => !aliased.has(file));
    expect(inputs.sort()).toEqual(['src/main/index.ts', 'src/preload/index.ts', 'src/renderer', 'src/renderer/index.html'].sort());
    expect(rendererEntries.length).toBeGreaterThan(0);
  });

  it('is imported by nothing that is bundled into out/', () => {
    const bundled = reachable([path.join(ROOT, 'src/main/index.ts'), path.join(ROOT, 'src/preload/index.ts'), ...rendererEntries]);
    // The walk does find the app (so an empty walk cannot pass).
    expect(bundled.size).toBeGreaterThan(50);
    expect([...bundled].some((file) => file.includes(`${path.sep}src${path.sep}main${path.sep}window.ts`))).toBe(true);
    const hostFiles = [...bundled].filter((file) => file.includes(`${path.sep}src${path.sep}browser-host${path.sep}`));
    expect(hostFiles).toEqual([]);
    // The walk does follow imports into the host when asked to start there.
    const fromHost = [...reachable([path.join(ROOT, 'src/browser-host/cli.ts')])];
    expect(fromHost.some((file) => file.endsWith(path.join('src', 'browser-host', 'server.ts')))).toBe(true);
    // Nor do tests, benches or the CLI get in.
    for (const dir of ['tests', 'bench', 'bin', path.join('src', 'cli')]) {
      expect([...bundled].filter((file) => file.startsWith(path.join(ROOT, dir) + path.sep))).toEqual([]);
    }
  });
});
