/**
 * `foundry-secrets doctor`: the diagnostics report of a backend (src/main/diagnostics), the same
 * one the app's Diagnose dialog shows. Exit 0 when healthy, 1 when not, 2 on usage errors.
 */
import path from 'node:path';
import { ENVS, nameSegmentProblem, type Env } from '../../shared/naming';
import { profileIdSchema } from '../../shared/profiles';
import type { DiagnosticsSecret } from '../../shared/diagnostics';
import { defaultUserDataDir } from '../app-data';
import { parseCommandLine, type FlagSpec } from '../args';
import { checkCleartext } from '../common-flags';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { doctorHelp } from './doctor-help';

export const DOCTOR_SUMMARY = 'Diagnose a backend: endpoint, LocalStack health, identity, clock, credentials, one secret';

const FLAGS = {
  profile: { type: 'string' },
  endpoint: { type: 'string' },
  data: { type: 'string' },
  env: { type: 'string' },
  region: { type: 'string' },
  secret: { type: 'string' },
  json: { type: 'boolean' },
  'allow-http': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagSpec;

const HELP_HINT = 'See: foundry-secrets doctor --help';

export type DoctorTarget =
  | { readonly kind: 'active'; readonly dataDir: string }
  | { readonly kind: 'profile'; readonly profileId: string; readonly dataDir: string }
  | { readonly kind: 'endpoint'; readonly endpoint: string; readonly env: Env; readonly region?: string };

export interface DoctorOptions {
  readonly target: DoctorTarget;
  /** --allow-http: signed requests (the session token is a bearer credential) may go over remote plain http. */
  readonly allowHttp: boolean;
  readonly secret?: DiagnosticsSecret;
  readonly json: boolean;
}

/** `ORG/DOMAIN/NAME` or `ORG/NAME`; a bad part is named by its rule, never echoed. */
export function parseSecretFlag(text: string): DiagnosticsSecret {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3) throw usageError('--secret must be ORG/DOMAIN/NAME or ORG/NAME', HELP_HINT);
  const [orgId, domainId, secretName] = (parts.length === 2 ? [parts[0], undefined, parts[1]] : parts) as [string, string | undefined, string];
  const checks: [string, 'orgId' | 'domainId' | 'secretName', string | undefined][] = [
    ['organization', 'orgId', orgId],
    ['domain', 'domainId', domainId],
    ['secret name', 'secretName', secretName],
  ];
  for (const [label, segment, value] of checks) {
    if (value === undefined) continue;
    const problem = nameSegmentProblem(segment, value);
    if (problem) throw usageError(`--secret: the ${label} ${problem}`, HELP_HINT);
  }
  return { orgId, ...(domainId !== undefined && { domainId }), secretName };
}

function parseOptions(args: readonly string[], io: CliIo): DoctorOptions {
  const { values, positionals } = parseCommandLine(args, FLAGS, HELP_HINT);
  if (positionals.length > 0) throw usageError('doctor takes flags only (unexpected argument)', HELP_HINT);
  if (values.profile !== undefined && values.endpoint !== undefined) throw usageError('--profile and --endpoint cannot be combined: choose one backend', HELP_HINT);
  if (values.env !== undefined && !(ENVS as readonly string[]).includes(values.env)) throw usageError(`--env must be one of ${ENVS.join(', ')}`, HELP_HINT);
  if (values.endpoint === undefined && (values.env !== undefined || values.region !== undefined)) {
    throw usageError('--env and --region go with --endpoint (a profile has its own)', HELP_HINT);
  }
  if (values.endpoint !== undefined && values.data !== undefined) throw usageError('--data goes with a profile, not --endpoint', HELP_HINT);
  const dataDir = values.data === undefined ? defaultUserDataDir(io.env) : path.resolve(values.data);
  let target: DoctorTarget;
  if (values.endpoint !== undefined) {
    // Refused (or warned about) before anything is sent, as the other commands do.
    checkCleartext(values.endpoint, values['allow-http'] ?? false, io, HELP_HINT);
    target = { kind: 'endpoint', endpoint: values.endpoint, env: (values.env as Env | undefined) ?? 'dev', ...(values.region !== undefined && { region: values.region }) };
  } else if (values.profile !== undefined) {
    // Checked before it is ever echoed: an id is a slug, anything else is not shown.
    if (!profileIdSchema.safeParse(values.profile).success) throw usageError('--profile must be a profile id (lower-case letters, digits and "-")', HELP_HINT);
    target = { kind: 'profile', profileId: values.profile, dataDir };
  } else {
    target = { kind: 'active', dataDir };
  }
  return { target, allowHttp: values['allow-http'] ?? false, json: values.json ?? false, ...(values.secret !== undefined && { secret: parseSecretFlag(values.secret) }) };
}

function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

export async function runDoctor(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(doctorHelp(defaultUserDataDir(io.env)));
    return EXIT.ok;
  }
  const options = parseOptions(args, io);
  // Loaded only now: the AWS SDK takes a while to load, and --help and usage errors answer without it.
  const { doctor } = await import('./doctor-run');
  return doctor(options, io);
}
