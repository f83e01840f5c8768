/**
 * Sandboxed preload (bundled to out/preload/index.cjs; it may require nothing but electron).
 * Exposes `window.foundry` and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'foundry',
  buildBridge((channel, input) => ipcRenderer.invoke(channel, input)),
);
