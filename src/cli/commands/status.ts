/**
 * `foundry-secrets status ORG [--domain D]`: every catalog secret and the custom ones of an org's
 * domain — configured, inherited from shared, missing or scheduled — and when each last changed.
 * Status only (ListSecrets metadata), as the app's per-org view shows it.
 */
import { defaultUserDataDir } from '../app-data';
import { parseCommandLine, type FlagSpec } from '../args';
import { BACKEND_FLAGS, backendChoice, backendHelp, orgArgument, segmentOf, wantsHelp } from '../common-flags';
import { EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';

export const STATUS_SUMMARY = "Show an organization's secrets: configured, inherited, missing or scheduled";

const FLAGS = { ...BACKEND_FLAGS, domain: { type: 'string' } } as const satisfies FlagSpec;
const HINT = 'See: foundry-secrets status --help';

function help(): string {
  return `Show the status of an organization's secrets in one domain: each catalog secret, then the
custom ones, as configured, inherited (from the org's shared secret), missing or scheduled (for
deletion), with the date each last changed. Never a value.

USAGE
  foundry-secrets status ORG [--domain DOMAIN] [flags] (backend flags)

FLAGS
  --domain DOMAIN    Domain id (default: shared)

${backendHelp(defaultUserDataDir(process.env))}
OUTPUT
  A table: SECRET, KIND (catalog or custom), STATE, LAST CHANGED (UTC) and a note (inherited from,
  deletion date). With --json: { orgId, domainId, env, domains, secrets[] } as the app's status.

EXIT CODES
  0  The status was printed
  1  The backend could not be used
  2  Bad usage or input

EXAMPLES
  $ foundry-secrets status acme --embedded --data ./foundry-data
  $ foundry-secrets status acme --domain card-services --endpoint http://localhost:4566 --json
`;
}

export async function runStatus(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(help());
    return EXIT.ok;
  }
  const { values, positionals } = parseCommandLine(args, FLAGS, HINT);
  const orgId = orgArgument(positionals, HINT);
  const domainId = segmentOf('--domain', 'domainId', values.domain ?? 'shared', HINT);
  const choice = backendChoice(values, io, HINT);
  const { showStatus } = await import('./status-run');
  return showStatus({ orgId, domainId, backend: choice, json: values.json ?? false }, io);
}
