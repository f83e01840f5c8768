/**
 * `foundry-secrets vault serve [--port P] [--data DIR]`: the embedded vault served on 127.0.0.1
 * for the AWS CLI, SDKs and `--endpoint` — what `npm run vault` does, through the same function.
 */
import path from 'node:path';
import { parseCommandLine, type FlagSpec } from '../args';
import { wantsHelp } from '../common-flags';
import { CliError, EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';

export const VAULT_SUMMARY = 'Serve an embedded vault on 127.0.0.1 (Secrets Manager wire protocol)';

const FLAGS = {
  port: { type: 'string' },
  data: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagSpec;
const HINT = 'See: foundry-secrets vault --help';
const DEFAULT_DATA = '.vault-data';

function help(): string {
  return `Serve the embedded vault of a folder on 127.0.0.1, speaking the Secrets Manager wire protocol
with SigV4 checking, so the AWS CLI (--endpoint-url), any AWS SDK and foundry-secrets --endpoint
can use it. Runs until Ctrl+C (or SIGTERM). Same as npm run vault.

USAGE
  foundry-secrets vault serve [--port PORT] [--data DIR] [--json]

FLAGS
  --port PORT        0–65535 (default 0: a free port)
  --data DIR         The vault's folder (default: ./${DEFAULT_DATA}); created when new. Its key
                     from FOUNDRY_VAULT_KEY, else DIR/vault.key.
  --json             Print one JSON line { endpoint, region, accessKeyId, secretAccessKey, dataDir }
                     (as npm run vault does)
  -h, --help         Show this help

  Credentials: FOUNDRY_VAULT_ACCESS_KEY_ID and FOUNDRY_VAULT_SECRET_ACCESS_KEY, else made up for
  this run and printed (they open this local vault only).

OUTPUT
  The variables to use it (export AWS_ENDPOINT_URL=…, AWS_ACCESS_KEY_ID=…, …), or the JSON line.
  Notes go to stderr.

EXIT CODES
  0  Stopped cleanly
  1  The vault could not be opened or served (held by another process, port in use)
  2  Bad usage

EXAMPLES
  $ foundry-secrets vault serve --port 4510 --data ./vault-data

  In the background, its variables in this shell (it prints them once it serves; it keeps running,
  so read them from a file, never with "$(…)", which waits for it to end). They include the secret
  key to its values: mktemp makes a file only you can read, removed once read:
  $ vault_env=$(mktemp); foundry-secrets vault serve --port 4510 --data ./vault-data > "$vault_env" &
  $ until grep -qs AWS_SECRET_ACCESS_KEY "$vault_env" || ! kill -0 $!; do sleep 0.2; done; . "$vault_env"; rm -f "$vault_env"
  $ aws secretsmanager list-secrets
  $ kill %1    # stops it (exit 0)
`;
}

export async function runVault(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(help());
    return EXIT.ok;
  }
  const { values, positionals } = parseCommandLine(args, FLAGS, HINT);
  const [sub, ...extra] = positionals;
  if (sub !== 'serve') throw usageError('vault needs a subcommand: serve', HINT);
  if (extra.length > 0) throw usageError('vault serve takes flags only (unexpected argument)', HINT);
  const portText = values.port ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) throw usageError('--port must be a whole number from 0 to 65535', HINT);
  const { startVaultServer } = await import('../../main/vault/serve-command');
  const served = await startVaultServer({ port, dataDir: path.resolve(values.data ?? DEFAULT_DATA), env: io.env }).catch((error: unknown) => {
    // Not a usage error (the flag is right; something else holds the port): exit 1, as the help says.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(`port ${port} on 127.0.0.1 is already in use (another vault server, or another program)`, EXIT.failed, 'Pick another with --port (--port 0 takes a free one), or stop what holds it.', 'PORT_IN_USE');
    }
    throw error;
  });
  const stopped = new Promise<void>((resolve) => {
    const removeInterrupt = io.onInterrupt(() => resolve());
    process.once('SIGTERM', () => {
      removeInterrupt();
      resolve();
    });
  });
  if (served.warning) io.stderr.write(`warning: ${served.warning}\n`);
  const { endpoint, region, accessKeyId, secretAccessKey, dataDir } = served;
  if (values.json) io.stdout.write(JSON.stringify({ endpoint, region, accessKeyId, secretAccessKey, dataDir }) + '\n');
  else io.stdout.write(`export AWS_ENDPOINT_URL=${endpoint}\nexport AWS_REGION=${region}\nexport AWS_ACCESS_KEY_ID=${accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${secretAccessKey}\n`);
  io.stderr.write(`Serving ${dataDir} on ${endpoint} (Ctrl+C to stop)\n`);
  await stopped;
  io.stderr.write('Stopping\n');
  await served.close();
  return EXIT.ok;
}

