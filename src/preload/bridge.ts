/**
 * The renderer's whole API, built from the contract: one frozen function per channel, each a fixed
 * `invoke('foundry:<name>', input)`. No generic invoke, no listener, no ipcRenderer leaks out.
 * Pure (the invoke function is passed in), so a test runs it without Electron.
 */
import { CHANNEL_NAMES, ipcChannel } from '../shared/channels';
// Types only: the preload bundle must not pull in the schemas (zod) at run time.
import type { FoundryApi } from '../shared/contract';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;

export function buildBridge(invoke: Invoke): FoundryApi {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of CHANNEL_NAMES) {
    const channel = ipcChannel(name);
    // Exactly one argument is forwarded; main validates it against the channel's schema.
    api[name] = Object.freeze((input: unknown) => invoke(channel, input));
  }
  // Each function's result is the router's IpcResult for that channel (checked in main).
  return Object.freeze(api) as unknown as FoundryApi;
}
