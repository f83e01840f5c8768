/**
 * `foundry-secrets seed-fake ORG [--domain D]`: fills an org's catalog with obviously fake values
 * (`FAKE-<name>-<random>`) for local development. Only where nothing real can be: never env prod,
 * never a backend off this machine (an AWS profile, a non-loopback endpoint).
 */
import { isLoopbackHost } from '../../shared/loopback';
import { defaultUserDataDir } from '../app-data';
import { parseCommandLine, type FlagSpec } from '../args';
import { BACKEND_FLAGS, backendChoice, backendHelp, orgArgument, segmentOf, wantsHelp } from '../common-flags';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';

export const SEED_FAKE_SUMMARY = 'Fill an org with obviously fake values for local development (never prod)';

const FLAGS = { ...BACKEND_FLAGS, domain: { type: 'string' }, overwrite: { type: 'boolean' } } as const satisfies FlagSpec;
const HINT = 'See: foundry-secrets seed-fake --help';

function help(): string {
  return `Fill every catalog secret of an organization (and domain) with an obviously fake value,
FAKE-<secret name>-<random>, so the app, agents and tests have something to find in local
development. Refused for env prod and for any backend that is not on this machine (an AWS profile,
an endpoint that is not localhost / 127.x / ::1). Prints which secrets were written, never a value.

USAGE
  foundry-secrets seed-fake ORG [--domain DOMAIN] [--overwrite] (backend flags)

FLAGS
  --domain DOMAIN    Domain id (default: shared)
  --overwrite        Also replace secrets that exist (default: leave them)

${backendHelp(defaultUserDataDir(process.env))}
OUTPUT
  One row per catalog secret: SECRET ID and RESULT (created, filled, overwritten, skipped: exists,
  or failed with why). With --json: { env, orgId, domainId, items[], counts }.

EXIT CODES
  0  Every secret was written or skipped
  1  Some secret failed
  2  Bad usage, env prod, or a backend off this machine: nothing was written

EXAMPLES
  $ foundry-secrets seed-fake acme --embedded --data ./foundry-data
  $ foundry-secrets seed-fake acme --domain card-services --endpoint http://localhost:4566 --json
`;
}

export async function runSeedFake(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(help());
    return EXIT.ok;
  }
  const { values, positionals } = parseCommandLine(args, FLAGS, HINT);
  const orgId = orgArgument(positionals, HINT);
  const domainId = segmentOf('--domain', 'domainId', values.domain ?? 'shared', HINT);
  const choice = backendChoice(values, io, HINT);
  if (choice.env === 'prod') throw usageError('seed-fake never writes to env prod: fake values there would look like an outage', 'Use --env dev or staging.');
  if (choice.kind === 'endpoint') {
    let host: string | undefined;
    try {
      host = new URL(choice.endpoint).hostname;
    } catch {
      host = undefined;
    }
    if (host !== undefined && !isLoopbackHost(host)) {
      throw usageError('seed-fake writes only to a backend on this machine, and --endpoint is not a loopback address (localhost, 127.x, ::1)', 'Serve a vault locally (foundry-secrets vault serve) or use LocalStack on localhost.');
    }
  }
  const { seedFake } = await import('./seed-fake-run');
  return seedFake({ orgId, domainId, backend: choice, overwrite: values.overwrite ?? false, json: values.json ?? false }, io);
}
