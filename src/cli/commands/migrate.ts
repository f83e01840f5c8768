/**
 * `foundry-secrets migrate <file|-> --org ORG …`: the seed's migration step ("move keys out of .env
 * files into the store") on the command line, through the very modules the app's import uses —
 * env-file (parse), import-sources (hold the values), import-plan (blind preview) and the job
 * service (bounded concurrency, one ClientRequestToken per item, an audit entry per item).
 */
import path from 'node:path';
import { DEFAULT_DOMAIN_ID, ENVS, nameSegmentProblem, type Env } from '../../shared/naming';
import { profileIdSchema } from '../../shared/profiles';
import { defaultUserDataDir } from '../app-data';
import { parseCommandLine, type FlagSpec } from '../args';
import type { BackendChoice } from '../backend';
import { checkCleartext } from '../common-flags';
import { readEnvInput } from '../env-input';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { migrateHelp } from './migrate-help';
import type { MigrateOptions } from './migrate-run';

export const MIGRATE_SUMMARY = "Import the keys of a .env file into an organization's secrets";

const FLAGS = {
  org: { type: 'string' },
  domain: { type: 'string' },
  env: { type: 'string' },
  'include-custom': { type: 'boolean' },
  overwrite: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
  json: { type: 'boolean' },
  profile: { type: 'string' },
  embedded: { type: 'boolean' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'allow-http': { type: 'boolean' },
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagSpec;

const HELP_HINT = 'See: foundry-secrets migrate --help';

function segment(flag: string, kind: 'orgId' | 'domainId', value: string): string {
  const problem = nameSegmentProblem(kind, value);
  if (problem) throw usageError(`${flag} ${problem}`, HELP_HINT);
  return value;
}

function parseEnv(value: string | undefined): Env | undefined {
  if (value === undefined) return undefined;
  if (!(ENVS as readonly string[]).includes(value)) throw usageError(`--env must be one of ${ENVS.join(', ')}`, HELP_HINT);
  return value as Env;
}

function backendChoice(values: ReturnType<typeof parseCommandLine<typeof FLAGS>>['values'], env: Env | undefined, io: CliIo): BackendChoice {
  const chosen = [values.profile !== undefined && '--profile', values.embedded && '--embedded', values.endpoint !== undefined && '--endpoint'].filter((flag): flag is string => typeof flag === 'string');
  if (chosen.length === 0) throw usageError('say where to write: --profile ID, --embedded --data DIR or --endpoint URL', HELP_HINT);
  if (chosen.length > 1) throw usageError(`${chosen.join(' and ')} cannot be combined: choose one backend`, HELP_HINT);
  if (values.region !== undefined && values.endpoint === undefined) throw usageError('--region goes with --endpoint (a profile has its own region)', HELP_HINT);
  if (values['allow-http'] && values.endpoint === undefined) checkCleartext(undefined, true, io, HELP_HINT);
  const dataDir = values.data === undefined ? undefined : path.resolve(values.data);
  if (values.profile !== undefined) {
    // Checked before it is ever echoed ("no profile …"): an id is a slug, anything else is not shown.
    if (!profileIdSchema.safeParse(values.profile).success) throw usageError('--profile must be a profile id (lower-case letters, digits and "-")', HELP_HINT);
    return { kind: 'profile', profileId: values.profile, dataDir: dataDir ?? defaultUserDataDir(io.env), ...(env !== undefined && { env }) };
  }
  if (values.embedded) {
    if (dataDir === undefined) throw usageError('--embedded needs --data DIR (the app data folder holding the vault)', HELP_HINT);
    return { kind: 'embedded', dataDir, env: env ?? 'dev' };
  }
  const allowHttp = checkCleartext(values.endpoint ?? '', values['allow-http'] ?? false, io, HELP_HINT);
  return { kind: 'endpoint', endpoint: values.endpoint ?? '', env: env ?? 'dev', ...(values.region !== undefined && { region: values.region }), ...(dataDir !== undefined && { dataDir }), ...(allowHttp && { allowHttp }) };
}

function parseOptions(args: readonly string[], io: CliIo): MigrateOptions {
  const { values, positionals } = parseCommandLine(args, FLAGS, HELP_HINT);
  // Positionals are not echoed: one may be a value pasted by mistake.
  if (positionals.length === 0) throw usageError('missing the .env file to read (a path, or "-" for stdin)', HELP_HINT);
  if (positionals.length > 1) throw usageError(`expected one .env file, got ${positionals.length} arguments`, HELP_HINT);
  if (values.org === undefined) throw usageError('--org is required', HELP_HINT);
  const env = parseEnv(values.env);
  return {
    source: positionals[0] as string,
    orgId: segment('--org', 'orgId', values.org),
    domainId: segment('--domain', 'domainId', values.domain ?? DEFAULT_DOMAIN_ID),
    backend: backendChoice(values, env, io),
    includeCustom: values['include-custom'] ?? false,
    overwrite: values.overwrite ?? false,
    write: values.yes ?? false,
    dryRun: values['dry-run'] ?? false,
    json: values.json ?? false,
  };
}

/** `--help` anywhere before "--" wins over every other flag (as in gh), even a wrong one. */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
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
