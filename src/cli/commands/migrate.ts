/**
 * `foundry-secrets migrate <file|-> --org ORG …`: the seed's migration step ("move keys out of .env
 * files into the store") on the command line, through the very modules the app's import uses —
 * env-file (parse), import-sources (hold the values), import-plan (blind preview) and the job
 * service (bounded concurrency, one ClientRequestToken per item, an audit entry per item).
 */
import { DEFAULT_DOMAIN_ID } from '../../shared/naming';
import { defaultUserDataDir } from '../app-data';
import { parseCommandLine, type FlagSpec } from '../args';
import { BACKEND_FLAGS, backendChoice, segmentOf, wantsHelp } from '../common-flags';
import { readEnvInput } from '../env-input';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { migrateHelp } from './migrate-help';
import type { MigrateOptions } from './migrate-run';

export const MIGRATE_SUMMARY = "Import the keys of a .env file into an organization's secrets";

const FLAGS = {
  ...BACKEND_FLAGS,
  org: { type: 'string' },
  domain: { type: 'string' },
  'include-custom': { type: 'boolean' },
  overwrite: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
} as const satisfies FlagSpec;

const HELP_HINT = 'See: foundry-secrets migrate --help';

function parseOptions(args: readonly string[], io: CliIo): MigrateOptions {
  const { values, positionals } = parseCommandLine(args, FLAGS, HELP_HINT);
  // Positionals are not echoed: one may be a value pasted by mistake.
  if (positionals.length === 0) throw usageError('missing the .env file to read (a path, or "-" for stdin)', HELP_HINT);
  if (positionals.length > 1) throw usageError(`expected one .env file, got ${positionals.length} arguments`, HELP_HINT);
  if (values.org === undefined) throw usageError('--org is required', HELP_HINT);
  return {
    source: positionals[0] as string,
    orgId: segmentOf('--org', 'orgId', values.org, HELP_HINT),
    domainId: segmentOf('--domain', 'domainId', values.domain ?? DEFAULT_DOMAIN_ID, HELP_HINT),
    backend: backendChoice(values, io, HELP_HINT),
    includeCustom: values['include-custom'] ?? false,
    overwrite: values.overwrite ?? false,
    write: values.yes ?? false,
    dryRun: values['dry-run'] ?? false,
    json: values.json ?? false,
  };
}

export async function runMigrate(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(migrateHelp(defaultUserDataDir(io.env)));
    return EXIT.ok;
  }
  const options = parseOptions(args, io);
  // The input first: a bad file is refused before any backend is touched.
  const input = await readEnvInput(options.source, io);
  // Loaded only now: the AWS SDK and the vault take about half a second to load, and --help and
  // usage errors answer without them.
  const { migrate } = await import('./migrate-run');
  return migrate(options, input, io);
}
