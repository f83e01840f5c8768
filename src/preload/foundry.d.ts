// The renderer's view of the preload bridge (src/preload/bridge.ts).
import type { FoundryApi } from '../shared/contract';

declare global {
  interface Window {
    readonly foundry: FoundryApi;
  }
}

export {};
