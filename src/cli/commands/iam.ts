/**
 * `foundry-secrets iam --role admin|support --env ENV [--org ORG] [--account ID] [--region R]`:
 * prints the least-privilege policy the app's own screen shows (src/shared/iam-policy.ts). Pure:
 * no backend, no credentials, nothing written — the policy on stdout, the caveats on stderr.
 */
import { isAppError } from '../../shared/errors';
import { generatePolicy, IAM_ROLES, policyJson, type PolicyOptions } from '../../shared/iam-policy';
import { parseCommandLine, type FlagSpec } from '../args';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { iamHelp } from './iam-help';

export const IAM_SUMMARY = 'Print the least-privilege IAM policy for an admin or support role';

const FLAGS = {
  role: { type: 'string' },
  env: { type: 'string' },
  org: { type: 'string' },
  account: { type: 'string' },
  region: { type: 'string' },
  'deny-force-delete': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagSpec;

const HELP_HINT = 'See: foundry-secrets iam --help';

/** The option fields by the flag that sets them, for messages. */
const FLAG_OF: Readonly<Record<string, string>> = { role: '--role', env: '--env', org: '--org', account: '--account', region: '--region', denyForceDelete: '--deny-force-delete' };

function parseOptions(args: readonly string[]): { options: PolicyOptions; json: boolean } {
  const { values, positionals } = parseCommandLine(args, FLAGS, HELP_HINT);
  if (positionals.length > 0) throw usageError('iam takes flags only (unexpected argument)', HELP_HINT);
  if (values.role === undefined) throw usageError(`--role is required (${IAM_ROLES.join(' or ')})`, HELP_HINT);
  if (values.env === undefined) throw usageError('--env is required (dev, staging or prod)', HELP_HINT);
  return {
    options: {
      role: values.role as PolicyOptions['role'],
      env: values.env as PolicyOptions['env'],
      ...(values.org !== undefined && { org: values.org }),
      ...(values.account !== undefined && { account: values.account }),
      ...(values.region !== undefined && { region: values.region }),
      ...(values['deny-force-delete'] === true && { denyForceDelete: true }),
    },
    json: values.json ?? false,
  };
}

function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

export async function runIam(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(iamHelp());
    return EXIT.ok;
  }
  const { options, json } = parseOptions(args);
  if (options.denyForceDelete === true && options.role !== 'admin') throw usageError('--deny-force-delete goes with --role admin (support cannot delete at all)', HELP_HINT);
  let generated;
  try {
    generated = generatePolicy(options);
  } catch (error) {
    // The rule only, named by its flag: the text typed is not repeated.
    if (isAppError(error) && error.code === 'VALIDATION') {
      const field = String(error.details?.['field'] ?? '');
      throw usageError(`${FLAG_OF[field] ?? 'an option'} ${String(error.details?.['rule'] ?? 'is not valid')}`, HELP_HINT);
    }
    throw error;
  }
  if (json) {
    io.stdout.write(`${JSON.stringify({ policy: generated.policy, caveats: generated.caveats }, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout.write(policyJson(generated.policy));
  for (const caveat of generated.caveats) io.stderr.write(`note: ${caveat.text}\n`);
  return EXIT.ok;
}
