/**
 * `foundry-secrets rm ORG/NAME [--domain D] [--days N] [--force [--yes]]`: deletes a secret as the
 * app does — scheduled, with a recovery window (restorable until then), or with --force at once.
 */
import { createInterface } from 'node:readline/promises';
import { RECOVERY_WINDOW_DAYS, type RemoveMode } from '../../shared/secrets';
import { defaultUserDataDir } from '../app-data';
import { parseCommandLine, type FlagSpec } from '../args';
import { BACKEND_FLAGS, backendChoice, backendHelp, wantsHelp } from '../common-flags';
import { CliError, EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { parseSecretRef } from '../secret-ref';

export const RM_SUMMARY = 'Delete a secret: scheduled with a recovery window, or at once with --force';

/** The app's delete dialog proposes the longest window AWS allows. */
export const DEFAULT_RECOVERY_DAYS = RECOVERY_WINDOW_DAYS.max;

const FLAGS = {
  ...BACKEND_FLAGS,
  domain: { type: 'string' },
  days: { type: 'string' },
  force: { type: 'boolean' },
  yes: { type: 'boolean' },
} as const satisfies FlagSpec;
const HINT = 'See: foundry-secrets rm --help';

function help(): string {
  return `Delete a secret. By default it is scheduled for deletion with a recovery window (${DEFAULT_RECOVERY_DAYS} days,
as in the app) and can be restored until then (foundry-secrets restore). --force deletes it now,
for good.

USAGE
  foundry-secrets rm ORG/NAME [--domain DOMAIN] [--days N] [--force [--yes]] (backend flags)

FLAGS
  --domain DOMAIN    Domain id (default: shared); or name it in ORG/DOMAIN/NAME
  --days N           The recovery window, ${RECOVERY_WINDOW_DAYS.min}–${RECOVERY_WINDOW_DAYS.max} days (default ${DEFAULT_RECOVERY_DAYS})
  --force            Delete now, without recovery. In a terminal it asks you to type the secret
                     name; --yes skips the question. Without a terminal, --yes is required.
  --yes              Confirm --force without asking

${backendHelp(defaultUserDataDir(process.env))}
OUTPUT
  The status after the change. With --json: { action, secretId, status, auditDir }.

EXIT CODES
  0  Deleted or scheduled
  1  The backend refused (no such secret, access denied …), or --force was not confirmed or was
     cancelled (Ctrl+C / Ctrl+D at the question)
  2  Bad usage or input

EXAMPLES
  $ foundry-secrets rm acme/openai_api_key --embedded --data ./foundry-data
  $ foundry-secrets rm acme/card-services/deepgram_api_key --days 7 --endpoint http://localhost:4566
  $ foundry-secrets rm acme/old_token --force --yes --profile localstack
`;
}

function parseDays(text: string | undefined): number {
  if (text === undefined) return DEFAULT_RECOVERY_DAYS;
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < RECOVERY_WINDOW_DAYS.min || days > RECOVERY_WINDOW_DAYS.max) {
    throw usageError(`--days must be a whole number from ${RECOVERY_WINDOW_DAYS.min} to ${RECOVERY_WINDOW_DAYS.max}`, HINT);
  }
  return days;
}

/** Exit 1, as migrate's Ctrl+C: a cancelled change, not a usage mistake. */
function cancelledError(): CliError {
  return new CliError('Cancelled: nothing was deleted.', EXIT.failed, undefined, 'CANCELLED');
}

/** Typed, as the app's delete dialog has the name typed for a delete without recovery. */
async function askOnTerminal(io: CliIo, secretId: string): Promise<boolean> {
  const name = secretId.split('/').at(-1) ?? secretId;
  const prompt = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  // readline answers Ctrl+C / Ctrl+D by closing, which rejects the question with an AbortError.
  const cancelled = new Promise<never>((_resolve, reject) => {
    prompt.once('SIGINT', () => reject(cancelledError()));
    prompt.once('close', () => reject(cancelledError()));
  });
  try {
    const answer = await Promise.race([prompt.question(`Delete ${secretId} now, with no recovery? Type its name (${name}) to confirm: `), cancelled]);
    return answer.trim() === name;
  } catch (error) {
    if (error instanceof CliError || (error instanceof Error && error.name === 'AbortError')) throw cancelledError();
    throw error;
  } finally {
    prompt.close();
  }
}

export async function runRm(args: readonly string[], io: CliIo): Promise<ExitCode> {
  if (wantsHelp(args)) {
    io.stdout.write(help());
    return EXIT.ok;
  }
  const { values, positionals } = parseCommandLine(args, FLAGS, HINT);
  if (positionals.length > 1) throw usageError('rm takes one secret (ORG/NAME)', HINT);
  const ref = parseSecretRef(positionals[0], values.domain, HINT);
  if (values.force && values.days !== undefined) throw usageError('--days and --force cannot be combined: --force has no recovery window', HINT);
  if (values.yes && !values.force) throw usageError('--yes goes with --force (a scheduled deletion can be restored, so it is not asked)', HINT);
  const mode: RemoveMode = values.force ? { kind: 'force' } : { kind: 'recoverable', recoveryWindowDays: parseDays(values.days) };
  if (values.force && !values.yes && !io.stdin.isTTY) throw usageError('--force without a terminal to confirm on needs --yes', HINT);
  const choice = backendChoice(values, io, HINT);
  const confirm = values.force && !values.yes ? (secretId: string) => askOnTerminal(io, secretId) : undefined;
  const { changeSecret } = await import('./change-run');
  return changeSecret({ ref, backend: choice, json: values.json ?? false, remove: mode, ...(confirm && { confirm }) }, io);
}
