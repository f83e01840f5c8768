/**
 * The app's store: profiles, orgs, secret statuses, the audit page and UI state, as zustand slices. It holds
 * metadata only — never a secret value (the write form keeps that in its own React state), which
 * is why exposing a snapshot of it to tests is harmless.
 */
import { create } from 'zustand';
import { createAuditSlice } from './audit';
import { createFleetSlice } from './fleet';
import { createOrgsSlice } from './orgs';
import { createProfilesSlice } from './profiles';
import { createSecretsSlice } from './secrets';
import { createSettingsSlice } from './settings';
import type { AppState } from './types';
import { createUiSlice } from './ui';

export const useAppStore = create<AppState>()((...args) => ({
  ...createProfilesSlice(...args),
  ...createOrgsSlice(...args),
  ...createSecretsSlice(...args),
  ...createUiSlice(...args),
  ...createAuditSlice(...args),
  ...createSettingsSlice(...args),
  ...createFleetSlice(...args),
  // The home screen: every org's coverage at a glance.
  view: 'fleet',
}));

export { activeProfileOf, contextKeyOf, switchedProfileOf } from './context';
export type { AppState, AuditQuery, FleetTarget, MatrixCellRef, Notice, ProfileEditorTarget, View } from './types';
export { DEFAULT_AUDIT_PAGE_SIZE } from './types';

/** The store's data as JSON text (actions dropped). */
export function stateSnapshot(): string {
  return JSON.stringify(useAppStore.getState(), (_key, value: unknown) => (typeof value === 'function' ? undefined : value));
}

declare global {
  /** Read-only: a fresh JSON snapshot of the store at each read (see exposeStateForTests). */
  var __FOUNDRY_STATE__: string | undefined;
}

/**
 * Lets the end-to-end tests prove the store never holds a typed value: they scan this snapshot
 * with every other sink. It ships in the production build on purpose — the tests drive that very
 * build (through the browser host), and a test-only build would prove nothing about what ships.
 *
 * What it exposes is harmless by construction: a getter (no setter, not configurable, not
 * enumerable) whose every read returns a new JSON string of the store's data. Nothing callable
 * reaches the page through it — no action, no store reference — so nothing can change state, and
 * the data is what the screens already show (metadata, never a value: see the file's comment).
 */
export function exposeStateForTests(): void {
  if (Object.getOwnPropertyDescriptor(globalThis, '__FOUNDRY_STATE__')) return; // HMR re-runs main.tsx
  Object.defineProperty(globalThis, '__FOUNDRY_STATE__', { get: stateSnapshot, configurable: false, enumerable: false });
}
