import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from './src/main/security';
import { compileHints, preloadBoot } from './scripts/build/start-chunks';

/**
 * `electron-vite dev` only: the dev server injects an inline React-refresh preamble and <style>
 * tags, which the strict CSP blocks. Vite stamps them with a nonce (html.cspNonce) and the <meta>
 * CSP is swapped for the same policy plus that nonce. Builds keep the strict policy untouched.
 */
function devCsp(): Plugin {
  const nonce = randomBytes(18).toString('base64');
  return {
    name: 'foundry:dev-csp',
    apply: 'serve',
    config: () => ({ html: { cspNonce: nonce } }),
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(CONTENT_SECURITY_POLICY)) throw new Error('index.html must carry CONTENT_SECURITY_POLICY');
        return html.replace(CONTENT_SECURITY_POLICY, devContentSecurityPolicy(nonce));
      },
    },
  };
}

/** zod, its jitless switch, and the shared modules that import zod (they build schemas at load). */
function isSchemaModule(id: string): boolean {
  if (/zod-jitless|[\\/]node_modules[\\/]zod[\\/]/.test(id)) return true;
  return /[\\/]src[\\/]shared[\\/][\w-]+\.ts$/.test(id) && /^import (?!type )[^;]*from 'zod';/m.test(readFileSync(id, 'utf8'));
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // The renderer is sandboxed: its preload may only require('electron'), so everything
      // else (zod, the contract) is bundled in. CommonJS because sandboxed preloads cannot be ESM.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // electron-vite leaves every bundle unminified. Main and the preload stay so (readable stack
      // traces; the preload test loads the built file); the renderer is minified: it is what the
      // window parses before anything shows (tests/build/bundle-size.test.ts holds its budget).
      minify: true,
      // No preload wrapper around each lazy import (with the list of its chunk's imports in every
      // chunk that imports lazily: about 0.9 kB gzip in all). Its use is to fetch a lazy chunk's
      // imports in parallel over a network; this bundle loads from app:// on the same disk, where
      // fetching them one after the other costs milliseconds. What the first screen needs is
      // preloaded from index.html all the same (preloadBoot, scripts/build/start-chunks.ts).
      modulePreload: false,
      // Rollup's warning counts raw bytes; the budget that matters is the gzip one in that test.
      chunkSizeWarningLimit: 800,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
        // The entry's first chunk: startup-reads.ts alone (its calls to main leave before React is
        // evaluated, ~100 ms earlier). zod (behind zod-jitless.ts, see resolve.alias) and every shared
        // module that builds schemas are one chunk, which only the screens that validate a form with
        // a schema load, never the first screen (one chunk rather than one per module: each chunk
        // costs its own header and imports in the gzip budget).
        output: {
          codeSplitting: {
            groups: [
              { name: 'startup', test: /startup-reads/, priority: 100 },
              // Only the modules the test names: their zod-free dependencies (naming-rules.ts, errors.ts…)
              // stay where the first screen has them, or this chunk would be loaded at start.
              { name: 'schemas', test: isSchemaModule, priority: 90, includeDependenciesRecursively: false },
            ],
          },
        },
        // Building a schema changes nothing outside it, but a bundler cannot know: a screen that
        // imports one schema from a shared module would build all of that module's schemas, used or
        // not. The shared schema builders are declared pure (by name, for this build only: no other
        // function of the window's code or its packages has these names), so the schemas nothing in
        // the window uses are left out; contract.ts marks its channel map the same way.
        treeshake: { manualPureFunctions: ['strictObject', 'plainText', 'segmentSchema'] },
      },
    },
    // Tailwind compiles to a plain stylesheet in the bundle: nothing inline, so style-src 'self' holds.
    // Every `zod` import of the window's code goes through zod-jitless.ts (zod, set to jitless first):
    // the switch then precedes any schema wherever zod is loaded, and nothing loads it at start.
    resolve: { alias: [{ find: /^zod$/, replacement: resolve(__dirname, 'src/renderer/src/zod-jitless.ts') }] },
    plugins: [react(), tailwindcss(), devCsp(), preloadBoot(), compileHints()],
  },
});
