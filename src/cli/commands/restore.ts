/** `foundry-secrets restore ORG/NAME [--domain D]`: cancels a scheduled deletion, as the app's Restore. */
import { defaultUserDataDir } from '../app-data';
import { parseCommandLine, type FlagSpec } from '../args';
import { BACKEND_FLAGS, backendChoice, backendHelp, wantsHelp } from '../common-flags';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { parseSecretRef } from '../secret-ref';

export const RESTORE_SUMMARY = 'Restore a secret scheduled for deletion';

const FLAGS = { ...BACKEND_FLAGS, domain: { type: 'string' } } as const satisfies FlagSpec;
const HINT = 'See: foundry-secrets restore --help';

function help(): string {
  return `Restore a secret that is scheduled for deletion (within its recovery window): it keeps its
value and versions, as before the delete.

USAGE
  foundry-secrets restore ORG/NAME [--domain DOMAIN] (backend flags)

FLAGS
  --domain DOMAIN    Domain id (default: shared); or name it in ORG/DOMAIN/NAME

${backendHelp(defaultUserDataDir(process.env))}
OUTPUT
  The status after the restore. With --json: { action, secretId, status, auditDir }.

EXIT CODES
  0  Restored
  1  The backend refused (no such secret, deleted for good, access denied …)
  2  Bad usage or input

EXAMPLES
  $ foundry-secrets restore acme/openai_api_key --embedded --data ./foundry-data
  $ foundry-secrets restore acme/card-services/deepgram_api_key --endpoint http://localhost:4566 --json
`;
}

export async function runRestore(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(help());
    return EXIT.ok;
  }
  const { values, positionals } = parseCommandLine(args, FLAGS, HINT);
  if (positionals.length > 1) throw usageError('restore takes one secret (ORG/NAME)', HINT);
  const ref = parseSecretRef(positionals[0], values.domain, HINT);
  const choice = backendChoice(values, io, HINT);
  const { changeSecret } = await import('./change-run');
  return changeSecret({ ref, backend: choice, json: values.json ?? false }, io);
}
