/**
 * The app's store: profiles, orgs, secret statuses, the audit page and UI state, as zustand slices. It holds
 * metadata only — never a secret value (the write form keeps that in its own React state), which
 * is why exposing a snapshot of it to tests is harmless.
 */
import { create } from 'zustand';
import { createAuditSlice } from './audit';
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
  ...createAuditSlice(...args),
}));

export { activeProfileOf, contextKeyOf } from './context';
export type { AppState, AuditQuery, ProfileEditorTarget, View } from './types';
export { DEFAULT_AUDIT_PAGE_SIZE } from './types';

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
