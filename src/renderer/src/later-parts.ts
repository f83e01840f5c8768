/**
 * Parts of the window its first screen never shows: the write form (opened from a card or a
 * matrix cell), the confirmation dialogs (delete, restore, remove an org) and a background job's
 * report (opened from its line in the notice bar), with Radix's dialog
 * machinery behind them. They come in one chunk of their own (later-parts-load.ts), not in the
 * app's start-up chunk, every byte of which is parsed before the first screen renders
 * (bench/renderer.bench.ts). It is fetched once the first screen has been up a moment and the
 * window is idle (prefetchLaterParts, called by boot.tsx), so by the time a person opens one it is
 * there; one opened sooner is fetched then (a few milliseconds from the app's own bundle). Each is
 * rendered inside a LazyPart (components/lazy-part.tsx): a chunk that cannot be loaded shows a
 * message in its place, never a blank window.
 */
import { lazy } from 'react';

const load = () => import('./later-parts-load');

export const WriteForm = lazy(() => load().then((module) => ({ default: module.WriteForm })));
export const DeleteDialog = lazy(() => load().then((module) => ({ default: module.DeleteDialog })));
export const RestoreDialog = lazy(() => load().then((module) => ({ default: module.RestoreDialog })));
export const RemoveOrgDialog = lazy(() => load().then((module) => ({ default: module.RemoveOrgDialog })));
export const JobReportDialog = lazy(() => load().then((module) => ({ default: module.JobReportDialog })));

/** How long after the first render the prefetch waits before asking for an idle moment: the first screen's own work comes first. */
const PREFETCH_AFTER_MS = 1_000;

/** Fetches the chunk in the background (a module is loaded once, whoever asks first). */
export function prefetchLaterParts(): void {
  setTimeout(() => {
    // A failed fetch is not retried here: opening a part asks again, and LazyPart says if it fails.
    const fetchNow = (): void => void load().catch(() => undefined);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(fetchNow, { timeout: PREFETCH_AFTER_MS });
    else fetchNow();
  }, PREFETCH_AFTER_MS);
}
