/**
 * `npm run vault -- --port <p> --data <dir>`: serve the embedded vault on 127.0.0.1 for the AWS CLI
 * and other local tools. Prints one JSON line (endpoint, region, credentials) on stdout; everything
 * else goes to stderr. Stops cleanly on SIGINT / SIGTERM. `foundry-secrets vault serve` shares
 * startVaultServer (serve-command.ts).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { VaultError } from './index';
import { startVaultServer } from './serve-command';

const USAGE = 'usage: npm run vault -- [--port <0-65535>] [--data <dir>]';

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(0),
  data: z.string().min(1).default(path.resolve('.vault-data')),
});

function fail(message: string): never {
  console.error(`vault: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { port: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const args = argsSchema.safeParse(values);
  if (!args.success) fail(`--port must be a whole number from 0 to 65535.\n${USAGE}`);

  const served = await startVaultServer({ port: args.data.port, dataDir: args.data.data, env: process.env });
  // Handlers first: whoever reads the JSON line below may signal us at once.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`vault: ${signal} received, stopping`);
    served.close().then(
      () => process.exit(0),
      (error: unknown) => fail(`could not close cleanly: ${(error as Error).message}`),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (served.warning) console.error(`vault: warning: ${served.warning}`);
  const { endpoint, region, accessKeyId, secretAccessKey, dataDir } = served;
  console.log(JSON.stringify({ endpoint, region, accessKeyId, secretAccessKey, dataDir }));
  console.error(`vault: serving ${dataDir} on ${endpoint} (Ctrl+C to stop)`);
}

main().catch((error: unknown) => {
  if (error instanceof VaultError) fail(error.message);
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') fail('that port is already in use; pick another with --port.');
  fail(`unexpected failure: ${(error as Error).message}`);
});
