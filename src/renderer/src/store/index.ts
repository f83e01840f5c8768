/**
 * The app's store: profiles, orgs, secret statuses and UI state, as zustand slices. It holds
 * metadata only — never a secret value (the write form keeps that in its own React state), which
 * is why exposing a snapshot of it to tests is harmless.
 */
import { create } from 'zustand';
import { createOrgsSlice } from './orgs';
import { createProfilesSlice } from './profiles';
import { createSecretsSlice } from './secrets';
import type { AppState } from './types';
import { createUiSlice } from './ui';

export const useAppStore = create<AppState>()((...args) => ({
  ...createProfilesSlice(...args),
  ...createOrgsSlice(...args),
  ...createSecretsSlice(...args),
  ...createUiSlice(...args),
}));

export { activeProfileOf, contextKeyOf } from './context';
export type { AppState } from './types';

/** The store's data as JSON (actions dropped). */
export function stateSnapshot(): unknown {
  return JSON.parse(JSON.stringify(useAppStore.getState(), (_key, value: unknown) => (typeof value === 'function' ? undefined : value)));
}

declare global {
  var __FOUNDRY_STATE__: (() => unknown) | undefined;
}

/** Lets the end-to-end tests prove the store never holds a typed value. */
export function exposeStateForTests(): void {
  globalThis.__FOUNDRY_STATE__ = stateSnapshot;
}
