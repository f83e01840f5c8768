/**
 * What the commands that talk to a backend share with `migrate`: the backend flags (`--profile`,
 * `--embedded --data`, `--endpoint`, `--region`), `--env`, `--json`, `--help`, and how they turn
 * into a BackendChoice. Light on purpose: no AWS SDK here, so `--help` and usage errors answer fast.
 */
import path from 'node:path';
import { ENVS, nameSegmentProblem, type Env } from '../shared/naming';
import { profileIdSchema } from '../shared/profiles';
import { defaultUserDataDir } from './app-data';
import type { FlagSpec, ParsedCommandLine } from './args';
import type { BackendChoice } from './backend';
import { cleartextHostOf, cleartextRefusal } from './cleartext-endpoint';
import { CliError, EXIT, usageError } from './errors';
import type { CliIo } from './io';

export const BACKEND_FLAGS = {
  env: { type: 'string' },
  json: { type: 'boolean' },
  profile: { type: 'string' },
  embedded: { type: 'boolean' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'allow-http': { type: 'boolean' },
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagSpec;

export type BackendFlagValues = ParsedCommandLine<typeof BACKEND_FLAGS>['values'];

/** `--help` anywhere before "--" wins over every other flag (as in gh), even a wrong one. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

export function parseEnvFlag(value: string | undefined, hint: string): Env | undefined {
  if (value === undefined) return undefined;
  if (!(ENVS as readonly string[]).includes(value)) throw usageError(`--env must be one of ${ENVS.join(', ')}`, hint);
  return value as Env;
}

/** A name segment given on the command line; the rule is said, the text typed is not repeated. */
export function segmentOf(what: string, kind: 'orgId' | 'domainId' | 'secretName', value: string, hint: string): string {
  const problem = nameSegmentProblem(kind, value);
  if (problem) throw usageError(`${what} ${problem}`, hint);
  return value;
}

/** The one ORG argument of `status` and `seed-fake`; what was typed is never repeated. */
export function orgArgument(positionals: readonly string[], hint: string): string {
  if (positionals.length === 0) throw usageError('missing the organization id (ORG)', hint);
  if (positionals.length > 1) throw usageError(`expected one organization id, got ${positionals.length} arguments`, hint);
  return segmentOf('the organization id', 'orgId', positionals[0] as string, hint);
}

export function backendChoice(values: BackendFlagValues, io: CliIo, hint: string): BackendChoice {
  const env = parseEnvFlag(values.env, hint);
  const chosen = [values.profile !== undefined && '--profile', values.embedded && '--embedded', values.endpoint !== undefined && '--endpoint'].filter((flag): flag is string => typeof flag === 'string');
  if (chosen.length === 0) throw usageError('say which backend: --profile ID, --embedded --data DIR or --endpoint URL', hint);
  if (chosen.length > 1) throw usageError(`${chosen.join(' and ')} cannot be combined: choose one backend`, hint);
  if (values.region !== undefined && values.endpoint === undefined) throw usageError('--region goes with --endpoint (a profile has its own region)', hint);
  // With --profile the endpoint is known only once the profile is read (backend.ts checks it there).
  if (values['allow-http'] && values.endpoint === undefined && values.profile === undefined) checkCleartext(undefined, true, io, hint);
  const dataDir = values.data === undefined ? undefined : path.resolve(values.data);
  if (values.profile !== undefined) {
    // Checked before it is ever echoed ("no profile …"): an id is a slug, anything else is not shown.
    if (!profileIdSchema.safeParse(values.profile).success) throw usageError('--profile must be a profile id (lower-case letters, digits and "-")', hint);
    const allowHttp = values['allow-http'] ?? false;
    return { kind: 'profile', profileId: values.profile, dataDir: dataDir ?? defaultUserDataDir(io.env), ...(env !== undefined && { env }), allowHttp, warn: (line) => io.stderr.write(line) };
  }
  if (values.embedded) {
    if (dataDir === undefined) throw usageError('--embedded needs --data DIR (the app data folder holding the vault)', hint);
    return { kind: 'embedded', dataDir, env: env ?? 'dev' };
  }
  const endpoint = values.endpoint ?? '';
  const allowHttp = checkCleartext(endpoint, values['allow-http'] ?? false, io, hint);
  return { kind: 'endpoint', endpoint, env: env ?? 'dev', ...(values.region !== undefined && { region: values.region }), ...(dataDir !== undefined && { dataDir }), ...(allowHttp && { allowHttp }) };
}

/**
 * Refuses remote plain http unless --allow-http (before any value is read), and says on stderr
 * when a run goes unencrypted. Returns whether the allowance applies. Shared with `migrate`.
 */
export function checkCleartext(endpoint: string | undefined, allowHttp: boolean, io: CliIo, hint: string): boolean {
  const refusal = endpoint === undefined ? null : cleartextRefusal(endpoint, allowHttp);
  if (refusal) throw new CliError(refusal.message, EXIT.usage, refusal.hint, 'CLEARTEXT_HTTP_REFUSED');
  if (!allowHttp) return false;
  const host = endpoint === undefined ? null : cleartextHostOf(endpoint);
  // An allowance that allows nothing is a mistake (a typo in the endpoint, or the wrong backend flag).
  if (host === null) throw usageError('--allow-http goes with an http:// --endpoint on another machine (https and this machine need no allowance)', hint);
  io.stderr.write(`Warning: values go to ${host} unencrypted (plain http), as --allow-http allows.\n`);
  return true;
}

/** The backend section of every command's help. */
export function backendHelp(defaultDataDir: string): string {
  return `BACKEND FLAGS (one of --profile, --embedded, --endpoint)
  --profile ID       A profile of the desktop app, read from its data folder (--data DIR, else
                     ${defaultDataDir}). Audited in that folder like the app.
  --embedded         The embedded vault of the data folder --data DIR (in DIR/vault; the key from
                     FOUNDRY_VAULT_KEY, else DIR/vault/vault.key). Audited in DIR/audit.
  --endpoint URL     A Secrets Manager endpoint such as LocalStack (http://localhost:4566) or a
                     served vault (foundry-secrets vault serve). Credentials from
                     AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), else
                     test/test. No audit log is written unless --data DIR is given.
  --region REGION    Region for --endpoint (default: AWS_REGION, else us-east-1)
  --allow-http       Allow an http:// --endpoint on another machine: values then travel
                     unencrypted. Without it such an endpoint is refused (exit 2).
  --data DIR         The app's data folder: its profiles, its embedded vault and its audit log.
                     Refused while the app is running on it (one writer at a time).
  --env ENV          dev, staging or prod (default: dev; with --profile, the profile's env)
  --json             Print one JSON document on stdout (for scripts)
  -h, --help         Show this help
`;
}

/** As `migrate`: a change to prod is made only when the env was typed (`--env prod`), as the app asks for it to be typed. */
export function assertProdTyped(profile: { readonly id: string; readonly env: Env }, choice: BackendChoice): void {
  if (profile.env === 'prod' && choice.env !== 'prod') {
    throw usageError(`profile "${profile.id}" works on prod: add --env prod to confirm`, 'Nothing was changed.');
  }
}
