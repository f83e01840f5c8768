/** Composes main (embedded vault, real SDK) with a captured logger, and calls channels through the router. */
import { composeMain, type ComposeOptions, type MainServices } from '../../../src/main/composition';
import { createRouter, type Router } from '../../../src/main/ipc/router';
import { createLogger, type Logger } from '../../../src/main/log/index';
import { APP_ENTRY_URL } from '../../../src/main/security';
import { ipcChannel, type ChannelName } from '../../../src/shared/channels';
import type { ChannelOutput, IpcResult, WireError } from '../../../src/shared/contract';
import { approveProfileChanges } from '../../fixtures/confirm';
import { tempDir } from '../../vault/helpers';

export const APP = { url: APP_ENTRY_URL, isMainFrame: true };
export const ENV = { FOUNDRY_VAULT_KEY: 'audit-test-key-0123456789' };

export interface Harness {
  readonly userDataDir: string;
  readonly logLines: string[];
  readonly logger: Logger;
  readonly answers: IpcResult<unknown>[];
  services: MainServices;
  router: Router;
  call(name: ChannelName, input?: unknown): Promise<IpcResult<unknown>>;
  ok<C extends ChannelName>(name: C, input?: unknown): Promise<ChannelOutput<C>>;
  failure(name: ChannelName, input?: unknown): Promise<WireError>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<ComposeOptions> = {}): Promise<Harness> {
  const userDataDir = options.userDataDir ?? (await tempDir('foundry-audit-main-'));
  const logLines: string[] = [];
  const answers: IpcResult<unknown>[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const compose = () => composeMain({ userDataDir, env: ENV, logger, osUser: 'ana', confirmProfileChange: approveProfileChanges, ...options });
  const services = await compose();
  const harness: Harness = {
    userDataDir,
    logLines,
    logger,
    answers,
    services,
    router: createRouter(services.handlers, { log: (message) => logger.error(message, { component: 'ipc' }) }),
    async call(name, input = {}) {
      const result = await harness.router.dispatch(ipcChannel(name), APP, input);
      answers.push(result);
      return result;
    },
    async ok<C extends ChannelName>(name: C, input: unknown = {}) {
      const result = await harness.call(name, input);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
      return result.value as ChannelOutput<C>;
    },
    async failure(name, input = {}) {
      const result = await harness.call(name, input);
      if (result.ok) throw new Error(`${name} was expected to fail`);
      return result.error;
    },
    async restart() {
      await harness.services.close();
      harness.services = await compose();
      harness.router = createRouter(harness.services.handlers, { log: (message) => logger.error(message, { component: 'ipc' }) });
    },
    close: () => harness.services.close(),
  };
  return harness;
}
