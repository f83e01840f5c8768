// Placeholder until the lead wires the service (issue 3). Signature is fixed; see the helper brief.
import type { SafeStorageLike } from './vault/index';
import type { ChannelHandlers } from './ipc/router';

export interface MainServices {
  readonly handlers: ChannelHandlers;
  close(): Promise<void>;
}

export async function composeMain(_opts: {
  userDataDir: string;
  safeStorage?: SafeStorageLike;
  env?: NodeJS.ProcessEnv;
}): Promise<MainServices> {
  throw new Error('composeMain is not wired yet');
}
