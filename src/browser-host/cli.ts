/**
 * `npm run preview:browser -- [--data <dir>] [--port <p>]`: the UI in an ordinary browser, on the
 * real main-process code and the embedded vault. Test and development only. The first line on
 * stdout is the URL to open (it carries the access token); everything else goes to stderr.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createInterface } from 'node:readline/promises';
import { createSerialQueue } from '../main/serial-queue';
import type { PendingConfirmation } from './confirmations';
import { startBrowserHost } from './server';

const USAGE = 'usage: npm run preview:browser -- [--data <dir>] [--port <0-65535>]';

function fail(message: string): never {
  console.error(`preview:browser: ${message}`);
  process.exit(2);
}

const askInTurn = createSerialQueue();
/** Main's confirmation box, at the terminal: the page cannot answer it. Without a terminal, declined. */
function askAtTerminal(pending: PendingConfirmation): void {
  void askInTurn(async () => {
    const { request } = pending;
    console.error(`\npreview:browser: ${request.title}\n  ${request.message}\n  ${request.detail.filter(Boolean).join('\n  ')}`);
    if (!process.stdin.isTTY) {
      console.error('preview:browser: declined (stdin is not a terminal, so nobody can confirm it).');
      return pending.decline();
    }
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const yes = /^y(es)?$/i.test((await terminal.question(`  ${request.confirmLabel}? [y/N] `)).trim());
      const cleartext = yes && request.cleartextHost !== null && /^y(es)?$/i.test((await terminal.question(`  Allow unencrypted http to ${request.cleartextHost}? [y/N] `)).trim());
      if (yes) pending.approve({ allowCleartext: cleartext });
      else pending.decline();
    } finally {
      terminal.close();
    }
  });
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' } }, strict: true }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const port = z.coerce.number().int().min(0).max(65_535).default(0).safeParse(values.port);
  if (!port.success) fail(`--port must be a whole number from 0 to 65535.\n${USAGE}`);
  const temporary = values.data === undefined;
  const userDataDir = temporary ? await mkdtemp(path.join(os.tmpdir(), 'foundry-preview-')) : path.resolve(values.data as string);

  const host = await startBrowserHost({ userDataDir, port: port.data, onConfirmationRequest: askAtTerminal });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`preview:browser: ${signal} received, stopping`);
    void (async () => {
      await host.close();
      if (temporary) await rm(userDataDir, { recursive: true, force: true });
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  console.log(host.url);
  console.error(`preview:browser: serving the UI on ${host.origin} with data in ${userDataDir}${temporary ? ' (temporary)' : ''}; Ctrl+C to stop`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
