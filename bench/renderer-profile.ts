/**
 * Where the window's main thread spends its time before the first secret card (for
 * bench/renderer.bench.ts with BENCH_PROFILE=1): a V8 CPU profile of one page load, taken through
 * CDP, its samples from navigation to the first card summed by self time per package or source
 * file. With source maps next to the built chunks (`npx electron-vite build --sourcemap --outDir
 * /tmp/x`, then BENCH_RENDERER_DIR=/tmp/x/renderer) minified code is mapped back to
 * `npm:<package>` and `src/<file>`; without them it is named by chunk. "(program)" is the
 * browser's own work outside JavaScript (parsing, style, layout, compiling); a layout forced by
 * script is counted in the function that forced it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { SourceMap } from 'node:module';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Runs first in the page: a 2 ms busy function whose samples tie the profile's clock to the page's. */
export const PROFILE_MARK = `globalThis.__benchMarkAt = performance.now();
(function __benchProfileMark() { const t = performance.now(); while (performance.now() - t < 2) {} })();`;

const IDLE = new Set(['(idle)', '(root)']);

/** Names a frame: `npm:<package>` / `src/<file>` through the chunk's source map, else the chunk or the native name. */
function namer(rendererDir: string): (frame: CallFrame) => string {
  const maps = new Map<string, SourceMap | null>();
  return (frame) => {
    const chunk = frame.url.split('/assets/')[1]?.split('?')[0];
    if (!chunk) return frame.url ? `${frame.functionName || '(anonymous)'} (${frame.url.split('?')[0]?.split('/').pop() ?? ''})` : frame.functionName || '(native)';
    if (!maps.has(chunk)) {
      try {
        maps.set(chunk, new SourceMap(JSON.parse(readFileSync(path.join(rendererDir, 'assets', `${chunk}.map`), 'utf8')) as ConstructorParameters<typeof SourceMap>[0]));
      } catch {
        maps.set(chunk, null);
      }
    }
    // Both 0-based here (CDP call frames and SourceMap#findEntry).
    const entry = maps.get(chunk)?.findEntry(frame.lineNumber, frame.columnNumber);
    const source = entry && 'originalSource' in entry ? entry.originalSource : undefined;
    if (!source) return `assets/${chunk}`;
    return source.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, 'npm:$1').replace(/.*\/src\//, 'src/');
  };
}

/** Starts profiling a page that is already on the host's origin (same renderer process as the app will use). */
export async function startProfile(context: BrowserContext, page: Page): Promise<() => Promise<CpuProfile>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return async () => ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile;
}

/**
 * Time (ms) per name between navigation and `untilPageMs` on the page's clock. By self time, or
 * (`bySource`, BENCH_PROFILE_BY=src) charged to the innermost `src/` frame on the sample's stack: a
 * schema file's top level then carries the zod work of building its schemas, api.ts the parsing of
 * answers, a component the rendering it asks for — what each of our files costs, libraries included.
 */
export function selfTimes(profile: CpuProfile, rendererDir: string, markAtPageMs: number, untilPageMs: number, bySource = false): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const named = namer(rendererDir);
  const ownSource = (id: number): string | undefined => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = nodes.get(at)?.callFrame;
      const label = frame && frame.url ? named(frame) : undefined;
      if (label?.startsWith('src/')) return label;
    }
    return undefined;
  };
  const withFunction = process.env['BENCH_PROFILE_FN'] === '1';
  const name = (frame: CallFrame, id: number): string => {
    const base = bySource ? (ownSource(id) ?? named(frame)) : named(frame);
    return withFunction ? `${base} ${frame.functionName || '(anonymous)'}` : base;
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  const markIndex = profile.samples.findIndex((id) => nodes.get(id)?.callFrame.functionName === '__benchProfileMark');
  const totals = new Map<string, number>();
  if (markIndex < 0) return totals;
  const offsetMs = (times[markIndex] ?? 0) / 1000 - markAtPageMs;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const pageMs = (times[i] ?? 0) / 1000 - offsetMs;
    const id = profile.samples[i] ?? -1;
    const frame = nodes.get(id)?.callFrame;
    if (!frame || pageMs < 0 || pageMs > untilPageMs || IDLE.has(frame.functionName)) continue;
    const key = name(frame, id);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return totals;
}

/** Adds `more` into `into`. */
export function addTimes(into: Map<string, number>, more: ReadonlyMap<string, number>): void {
  for (const [key, ms] of more) into.set(key, (into.get(key) ?? 0) + ms);
}

/** The biggest entries, averaged over `runs`, one per line. */
export function formatTimes(totals: ReadonlyMap<string, number>, runs: number, top = 15): string[] {
  const busy = [...totals.values()].reduce((sum, ms) => sum + ms, 0) / runs;
  const lines = [`main thread busy before the first card: ${busy.toFixed(0)} ms (self time, mean of ${runs} profiled loads; sampling adds a few %)`];
  for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${(ms / runs).toFixed(1).padStart(8)} ms  ${key}`);
  return lines;
}
