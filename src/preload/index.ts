/**
 * Sandboxed preload (bundled to out/preload/index.cjs; it may require nothing but electron).
 * Exposes `window.foundry` and nothing else.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'foundry',
  buildBridge(
    (channel, input) => ipcRenderer.invoke(channel, input),
    (channel, listener) => {
      // The IPC event (with its sender and ports) stays here: the page gets the payload alone.
      const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, handler);
      return () => void ipcRenderer.removeListener(channel, handler);
    },
  ),
);
