import type { StateCreator } from 'zustand';
import type { AppState, Notice, UiSlice } from './types';

let nextNoticeId = 1;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  filter: '',
  openForm: null,
  dialog: null,
  notice: null,
  alert: null,
  view: 'secrets',
  profileEditor: null,

  setFilter(filter) {
    set({ filter });
  },

  openWriteForm(secretName) {
    // One form at a time: opening another discards the first (and the value typed in it).
    set({ openForm: secretName, dialog: null });
  },

  closeWriteForm(secretName) {
    const name = get().openForm;
    // A form closing itself must not close another one opened since (by the time its save answers).
    if (secretName !== undefined && secretName !== name) return;
    const listed = get().secrets.data?.secrets.some((s) => s.secretName === name) ?? false;
    set((state) => ({
      openForm: null,
      // A custom name that was typed but never saved disappears with its form.
      pendingCustom: listed ? state.pendingCustom : state.pendingCustom.filter((n) => n !== name),
    }));
  },

  openDialog(kind, secretName) {
    set({ dialog: { kind, secretName }, openForm: null });
  },

  closeDialog() {
    set({ dialog: null });
  },

  notify(text, tone = 'success') {
    const made: Notice = { id: nextNoticeId++, tone, text };
    set(tone === 'error' ? { alert: made } : { notice: made });
  },

  clearNotice() {
    set({ notice: null });
  },

  clearAlert() {
    set({ alert: null });
  },

  showView(view) {
    if (view === get().view) return;
    set({ view, openForm: null, dialog: null });
  },

  openProfileEditor(target) {
    set({ profileEditor: target });
  },

  closeProfileEditor() {
    set({ profileEditor: null });
  },

  resetContext() {
    set({ openForm: null, dialog: null, pendingCustom: [], notice: null });
  },
});
