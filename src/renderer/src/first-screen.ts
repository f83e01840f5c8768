/**
 * When the window renders for the first time. Rendering the moment the script is evaluated shows
 * an empty shell ("Loading profiles…") that is thrown away a few milliseconds later, and while
 * React renders it the start-up answers (startup-reads.ts) wait in the task queue: the first org's
 * secrets are only asked for after that render, and the shell then renders again for each answer.
 * Waiting for the start-up answers first (they are usually in before the script has finished
 * evaluating) gives one render with the data instead of several, and leaves the main thread free
 * to ask for the first org's secrets at once.
 *
 * The wait is bounded: a slow backend (a remote AWS profile) gets the loading screens as before,
 * at most FIRST_RENDER_WAIT_MS later than it would have. And it is for what the first screen shows:
 * the first org's secrets only when that screen is the secrets view. The home screen (the coverage
 * matrix) draws from the org list and the fleet snapshot's events; holding it back for the secrets
 * made the window sit idle for an answer it does not show (about 100–180 ms on a 2-core machine,
 * as that read leaves only once the org list is in), when it could render meanwhile and have the
 * secrets by the time a person opens an org.
 */
import { activeProfileOf } from './store/context';
import type { AppState } from './store/types';

/** The most the first render waits for data (ms after the script has run). */
export const FIRST_RENDER_WAIT_MS = 250;

/** What the first screen needs from the store. */
export type FirstScreenState = Pick<AppState, 'view' | 'profiles' | 'catalog' | 'orgs' | 'selectedOrgId' | 'secrets'>;

const settled = (resource: { data: unknown; error: unknown }): boolean => resource.data !== null || resource.error !== null;

/**
 * Whether the store can show a first screen that is not a loading state: the profiles, the
 * catalog, the org list and — when the screen is the secrets view and there is an org — the first
 * org's secrets are answered or failed.
 */
export function firstScreenReady(state: FirstScreenState): boolean {
  if (state.profiles.error) return true;
  if (!state.profiles.data) return false;
  if (!activeProfileOf(state)) return true;
  if (!settled(state.catalog) || !settled(state.orgs)) return false;
  if (state.view !== 'secrets' || state.orgs.error || state.selectedOrgId === null) return true;
  return settled(state.secrets);
}

interface Store {
  getState(): FirstScreenState;
  subscribe(listener: (state: FirstScreenState) => void): () => void;
}

/** Resolves once firstScreenReady holds, or after `waitMs`, whichever comes first. */
export function whenFirstScreenReady(store: Store, waitMs: number = FIRST_RENDER_WAIT_MS): Promise<void> {
  return new Promise((resolve) => {
    if (firstScreenReady(store.getState())) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    const unsubscribe = store.subscribe((state) => {
      if (firstScreenReady(state)) done();
    });
  });
}
