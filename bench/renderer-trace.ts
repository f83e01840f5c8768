/**
 * The window main thread's CPU time before the first secret card, from a Chromium trace (for
 * bench/renderer.bench.ts with BENCH_TRACE=N). Thread time, not wall time: a machine busy with
 * other work stretches the wall clock (and a sampling profile's attribution) but not this, so two
 * builds can be compared on a loaded machine, where the wall-clock medians swing by ±300 ms.
 * Summed from the navigation's first script until the first card's frame is painted, on the
 * page's main thread, as self time per trace event (script, compile, style, layout, paint, GC…).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';

/** What the page logs once its first card is shown (bench/renderer.bench.ts's probe) or its frame has run (TRACE_END). */
export const CARD_SIGNAL = 'foundry-bench-first-card';
const TRACED_SIGNAL = 'foundry-bench-traced';

/**
 * Resolves once the page logs `signal`. Waiting this way runs nothing in the page, unlike
 * Playwright's locators and waitForFunction, which inject a script and poll with it on the page's
 * main thread while it loads (20–45 ms of the window being measured).
 */
export function firstCardReported(page: Page, signal: string = CARD_SIGNAL, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      page.off('console', listener);
      reject(new Error(`the page did not log ${signal} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (message: ConsoleMessage): void => {
      if (message.text() !== signal) return;
      clearTimeout(timer);
      page.off('console', listener);
      resolve();
    };
    page.on('console', listener);
  });
}

/**
 * Marks the window in the trace, for the page's probe (renderer.bench.ts's pageProbe): TRACE_START
 * as the probe starts; TRACE_END once the first card (or the home screen's first row) is shown,
 * stamped after the frame that shows it has run.
 */
export const TRACE_START = `console.timeStamp('bench-start');`;
export const TRACE_END = `requestAnimationFrame(() => setTimeout(() => { console.timeStamp('bench-card'); console.debug('${TRACED_SIGNAL}'); }));`;

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { data?: { message?: string } };
}

export interface TraceTotals {
  /** Thread time of the main thread's tasks in the window (ms). */
  readonly cpuMs: number;
  readonly layouts: number;
  /** Self thread time per event name (ms). */
  readonly byEvent: ReadonlyMap<string, number>;
}

const TASK = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** What a trace records (the timeline, V8's execution and compiling, GC). */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'disabled-by-default-v8.compile', 'disabled-by-default-v8.gc'];

/**
 * Loads `url` in `page` under a trace taken through the DevTools protocol (which costs the page:
 * plain-chromium.ts); resolves with the main thread's CPU totals.
 */
export async function traceLoad(browser: Browser, page: Page, url: string): Promise<TraceTotals> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const traced = firstCardReported(page, TRACED_SIGNAL);
  await page.goto(url, { waitUntil: 'commit' });
  await traced;
  return traceTotals((await browser.stopTracing()).toString());
}

/** The main thread's CPU totals of a trace (JSON) whose page stamped TRACE_START and TRACE_END. */
export function traceTotals(raw: string): TraceTotals {
  // BENCH_TRACE_SAVE=dir keeps each trace (open it in Chromium's Performance panel for the timeline).
  const saveDir = process.env['BENCH_TRACE_SAVE'];
  if (saveDir) writeFileSync(path.join(saveDir, `trace-${Date.now()}.json`), raw);
  const parsed = JSON.parse(raw) as TraceEvent[] | { traceEvents: TraceEvent[] };
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const stamp = (message: string) => events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === message);
  const start = stamp('bench-start');
  const end = stamp('bench-card');
  if (!start || !end) throw new Error('the trace has no bench-start/bench-card stamps (a load slower than the trace, or a page without the probe)');
  const spans = events
    .filter((e) => e.ph === 'X' && e.pid === start.pid && e.tid === start.tid && e.ts >= start.ts && e.ts <= end.ts && e.tdur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Self time: each span's thread time less that of the spans nested in it.
  const byEvent = new Map<string, number>();
  const open: { end: number; name: string }[] = [];
  for (const span of spans) {
    while (open.length > 0 && (open[open.length - 1]?.end ?? 0) <= span.ts) open.pop();
    const parent = open[open.length - 1];
    const ms = (span.tdur ?? 0) / 1000;
    byEvent.set(span.name, (byEvent.get(span.name) ?? 0) + ms);
    if (parent) byEvent.set(parent.name, (byEvent.get(parent.name) ?? 0) - ms);
    open.push({ end: span.ts + (span.dur ?? 0), name: span.name });
  }
  const cpuMs = spans.filter((e) => TASK.has(e.name)).reduce((sum, e) => sum + (e.tdur ?? 0) / 1000, 0);
  return { cpuMs, layouts: spans.filter((e) => e.name === 'Layout').length, byEvent };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Median CPU, layouts, and the biggest self times (medians per event), one per line. */
export function formatTraces(traces: readonly TraceTotals[], top = 10): string[] {
  const names = new Set(traces.flatMap((t) => [...t.byEvent.keys()]));
  const medians = [...names].map((name) => [name, median(traces.map((t) => t.byEvent.get(name) ?? 0))] as const).filter(([name]) => !TASK.has(name));
  return [
    `main-thread CPU before the first card's frame (thread time, median of ${traces.length} traced loads): ${median(traces.map((t) => t.cpuMs)).toFixed(0)} ms ` +
      `[${traces.map((t) => t.cpuMs.toFixed(0)).join(' ')}], layouts ${median(traces.map((t) => t.layouts))}`,
    ...medians
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${name}`),
  ];
}
