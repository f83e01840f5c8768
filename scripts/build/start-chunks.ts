/**
 * Build plugins for the chunks the window runs at start (electron.vite.config.ts; compileHints also
 * builds the floor page of bench/renderer-floor the same way). tests/build/bundle-size.test.ts
 * checks what they produce on the built bundle.
 */
import type { Plugin } from 'vite';

type Bundle = Parameters<NonNullable<Extract<Plugin['generateBundle'], (...args: never[]) => unknown>>>[1];
type OutputChunk = Extract<Bundle[string], { type: 'chunk' }>;

/**
 * The app's chunks: what the entry imports dynamically (boot.tsx) and every chunk those import
 * statically. Not the entry nor its own static imports, which index.html loads already. The lazy
 * parts (screens, dialogs, schemas) are dynamic imports of the app and stay out.
 */
function appChunks(entry: OutputChunk, bundle: Bundle): OutputChunk[] {
  const found = new Map<string, OutputChunk>();
  const add = (file: string): void => {
    const chunk = bundle[file];
    if (found.has(file) || file === entry.fileName || entry.imports.includes(file) || chunk?.type !== 'chunk') return;
    found.set(file, chunk);
    chunk.imports.forEach(add);
  };
  entry.dynamicImports.forEach(add);
  return [...found.values()];
}

/**
 * The renderer's entry (main.tsx) sends the start-up reads, then imports the app (boot.tsx) as a
 * chunk of its own. This preloads the entry's imports and the app's chunks from index.html, so
 * they are fetched and compiled alongside the entry instead of after it.
 */
export function preloadBoot(): Plugin {
  return {
    name: 'foundry:preload-boot',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { chunk: entry, bundle }) {
        if (!entry || !bundle) return;
        // The entry's own imports too (startup-reads.ts): Vite's preloading is off (electron.vite.config.ts).
        const files = [...entry.imports, ...appChunks(entry, bundle).map((chunk) => chunk.fileName)];
        return files.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/**
 * A line was put before the chunk's code: its source map (with --sourcemap) starts with an empty
 * line too. The map is on the chunk and, already serialized, in the bundle as `<chunk>.map`.
 */
function shiftSourceMap(chunk: OutputChunk, bundle: Bundle): void {
  if (chunk.map) chunk.map.mappings = `;${chunk.map.mappings}`;
  const file = bundle[chunk.sourcemapFileName ?? `${chunk.fileName}.map`];
  if (file?.type !== 'asset' || typeof file.source !== 'string') return;
  const map = JSON.parse(file.source) as { mappings: string };
  file.source = JSON.stringify({ ...map, mappings: `;${map.mappings}` });
}

/**
 * Below this size a chunk is left unmarked: compiling a few functions on first call costs next to
 * nothing, and the comment would cost bytes in every one of them.
 */
export const HINTED_MIN_BYTES = 8_000;

/** V8's explicit compile hint: compile every function of the file as it is loaded, not on first call. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Marks the chunks the window runs at start (the entry, its imports and the app's chunks) with
 * COMPILE_HINT. Nearly every function in them runs before the first screen (React DOM, the store,
 * the shell), and without the hint V8 compiles each one on the main thread the first time it is
 * called, in the middle of the first render. With it, they are compiled with the script on the
 * background thread that parses it as it arrives (script streaming), while the window waits for
 * the start-up answers. Lazy chunks are left alone: most of what they hold may never run. Added
 * after minification (which would drop a comment).
 */
export function compileHints(): Plugin {
  return {
    name: 'foundry:compile-hints',
    apply: 'build',
    // Last: Vite's own generateBundle puts `const __vite__mapDeps=…` at the top of chunks that import lazily.
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const entries = Object.values(bundle).filter((item): item is OutputChunk => item.type === 'chunk' && item.isEntry);
        for (const entry of entries) {
          const imported = entry.imports.map((file) => bundle[file]).filter((item): item is OutputChunk => item?.type === 'chunk');
          for (const chunk of [entry, ...imported, ...appChunks(entry, bundle)]) {
            if (chunk.code.startsWith(COMPILE_HINT) || chunk.code.length < HINTED_MIN_BYTES) continue;
            chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
            shiftSourceMap(chunk, bundle);
          }
        }
      },
    },
  };
}
