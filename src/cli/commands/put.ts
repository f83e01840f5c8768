/**
 * `foundry-secrets put ORG/NAME [--domain D]`: stores one value, read from stdin or typed at a
 * hidden prompt — never from the command line. The value goes through the app's own write path
 * (the writeSecret schema, createWriteSecret, the audit recorder) and only the status comes back.
 */
import { hasEdgeWhitespace, VALUE_MODES, WHITESPACE_CHOICES } from '../../shared/value-rules';
import { parseCommandLine, type FlagSpec } from '../args';
import { BACKEND_FLAGS, backendChoice, wantsHelp } from '../common-flags';
import { CliError, EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { parseSecretRef } from '../secret-ref';
import { PIPE_ADVICE, readValue } from '../value-input';
import { putHelp } from './put-help';

export const PUT_SUMMARY = 'Store a secret value read from stdin or a hidden prompt (never from argv)';

const FLAGS = {
  ...BACKEND_FLAGS,
  domain: { type: 'string' },
  whitespace: { type: 'string' },
  mode: { type: 'string' },
} as const satisfies FlagSpec;

const HINT = 'See: foundry-secrets put --help';

/** `--value X` / `--value=X`: refused by name, whatever follows it, which is never repeated. */
function refuseValueFlag(args: readonly string[]): void {
  const end = args.indexOf('--');
  const before = end === -1 ? args : args.slice(0, end);
  if (before.some((arg) => arg === '--value' || arg.startsWith('--value='))) {
    throw usageError('put does not take the value on the command line (--value): it would stay in your shell history and be visible to every process on this machine', PIPE_ADVICE);
  }
}

function parse(args: readonly string[], io: CliIo) {
  refuseValueFlag(args);
  let parsed;
  try {
    parsed = parseCommandLine(args, FLAGS, HINT);
  } catch (error) {
    // The flag is not named: an unknown "--…" may be a value that starts with dashes.
    if (error instanceof CliError && /^unknown flag/.test(error.message)) throw usageError('an unknown flag (not repeated here, in case it is a value)', HINT);
    throw error;
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw usageError('put takes only the secret (ORG/NAME); the extra argument was not used and is not repeated here. A value never goes on the command line', PIPE_ADVICE);
  }
  const whitespace = values.whitespace;
  if (whitespace !== undefined && !(WHITESPACE_CHOICES as readonly string[]).includes(whitespace)) throw usageError(`--whitespace must be ${WHITESPACE_CHOICES.join(' or ')}`, HINT);
  const mode = values.mode;
  if (mode !== undefined && !(VALUE_MODES as readonly string[]).includes(mode)) throw usageError(`--mode must be one of ${VALUE_MODES.join(', ')}`, HINT);
  return {
    ref: parseSecretRef(positionals[0], values.domain, HINT),
    backend: backendChoice(values, io, HINT),
    whitespace: whitespace as (typeof WHITESPACE_CHOICES)[number] | undefined,
    mode: mode as (typeof VALUE_MODES)[number] | undefined,
    json: values.json ?? false,
  };
}

export async function runPut(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(putHelp());
    return EXIT.ok;
  }
  const options = parse(args, io);
  // The value first (and its rules): bad input is refused before any backend is touched.
  const value = await readValue(io, `${options.ref.orgId}/${options.ref.domainId}/${options.ref.secretName}`);
  if (options.whitespace === undefined && hasEdgeWhitespace(value)) {
    throw usageError(
      'the value starts or ends with a space, tab or line break (echo adds one at the end), and the app never trims silently: nothing was written',
      'Pipe it with printf %s "$KEY" | foundry-secrets put …, or add --whitespace trim (drop it) or --whitespace keep (store it exactly).',
    );
  }
  const { putValue } = await import('./put-run');
  return putValue({ ...options, value }, io);
}
