/**
 * How the CLI ends: exit codes and the one error type commands throw. Messages come from this
 * project (ours, or an AppError's / VaultError's, which never quote a value) — never from raw input.
 */
import { isAppError, type ErrorCode } from '../shared/errors';
import { VaultError } from '../main/vault/errors';

/** The exit codes of every command (the conventions of gh and the AWS CLI). */
export const EXIT = {
  /** Everything went as planned (a preview always does). */
  ok: 0,
  /** Some item failed or was cancelled, or the backend could not be used. */
  failed: 1,
  /** Bad usage or bad input: nothing was done. */
  usage: 2,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Shown after the message: how to get it right ("see foundry-secrets migrate --help"). */
    readonly hint?: string,
    /** The typed code of --json errors; by default USAGE (exit 2) or FAILED (exit 1). */
    code?: string,
  ) {
    super(message);
    this.code = code ?? (exitCode === EXIT.usage ? 'USAGE' : 'FAILED');
  }

  readonly code: string;
}

/** A usage or input error (exit 2). */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, EXIT.usage, hint);
}

/** Codes that mean the request itself was wrong, not the backend or the item. */
const INPUT_CODES: ReadonlySet<ErrorCode> = new Set(['VALIDATION', 'READ_ONLY_PROFILE']);

/** Any failure as a CliError: usage for bad input, else a failure of the run. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (isAppError(error)) return new CliError(error.message, INPUT_CODES.has(error.code) ? EXIT.usage : EXIT.failed, undefined, error.code);
  // The vault's own messages are written by this project (lock owner, key source, data dir).
  if (error instanceof VaultError) return new CliError(error.message, EXIT.failed, undefined, `VAULT_${error.code}`);
  // Anything else may be a library's text, which could echo a request: its class name only.
  const kind = error instanceof Error ? error.name : typeof error;
  return new CliError(`Something unexpected failed (${kind.slice(0, 64)}); its details are not shown, as they could quote the input.`, EXIT.failed, undefined, 'UNEXPECTED');
}

/**
 * How a failure is printed on stderr: plain text, or with --json one line of JSON, so a script
 * gets a typed code (stdout stays for results, as gh keeps it). Same exit code either way.
 */
export function formatFailure(failure: CliError, json: boolean): string {
  if (!json) return `foundry-secrets: ${failure.message}\n${failure.hint ? `${failure.hint}\n` : ''}`;
  return `${JSON.stringify({ error: { code: failure.code, message: failure.message, ...(failure.hint !== undefined && { hint: failure.hint }) } })}\n`;
}

/** `--json` given before "--" (a value after "--" is not a flag). */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}
