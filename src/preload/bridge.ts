/**
 * The renderer's whole API, built from the contract: one frozen function per channel, each a fixed
 * `invoke('foundry:<name>', input)`, and under `on` one frozen subscribe function per declared
 * event. No generic invoke, no generic listener, no ipcRenderer or IPC event object leaks out.
 * Pure (invoke and listen are passed in), so a test runs it without Electron.
 */
import { CHANNEL_NAMES, EVENT_NAMES, eventChannel, ipcChannel } from '../shared/channels';
// Types only: the preload bundle must not pull in the schemas (zod) at run time.
import type { FoundryApi } from '../shared/contract';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
/** Listens on one fixed event channel; hands over the payload only; returns the way to stop. */
export type Listen = (channel: string, listener: (payload: unknown) => void) => () => void;

export function buildBridge(invoke: Invoke, listen: Listen): FoundryApi {
  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) {
    const channel = ipcChannel(name);
    // Exactly one argument is forwarded; main validates it against the channel's schema.
    api[name] = Object.freeze((input: unknown) => invoke(channel, input));
  }
  const on: Record<string, unknown> = {};
  for (const name of EVENT_NAMES) {
    const channel = eventChannel(name);
    on[name] = Object.freeze((listener: unknown) => {
      if (typeof listener !== 'function') throw new TypeError('a listener function is required');
      // Only the payload reaches the page's function; the returned function is the only way to stop it.
      const stop = listen(channel, (payload) => (listener as (payload: unknown) => void)(payload));
      return Object.freeze(() => stop());
    });
  }
  api['on'] = Object.freeze(on);
  // Each function's result is the router's IpcResult for that channel (checked in main).
  return Object.freeze(api) as unknown as FoundryApi;
}
