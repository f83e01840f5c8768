/**
 * Command-line parsing with node:util's parseArgs, strict: unknown flags, missing values, flags
 * given twice and stray arguments are usage errors (exit 2). Errors name a flag, never echo what
 * was typed after it: a pasted value must not come back on the screen.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './errors';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommandLine<Flags extends FlagSpec> {
  readonly values: ReturnType<typeof parseArgs<{ options: Flags; allowPositionals: true; strict: true; tokens: true }>>['values'];
  readonly positionals: readonly string[];
}

/** Node's parse errors, reduced to their first line (the rest suggests quoting, which does not apply here). */
function describeParseError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1];
    return flag ? `unknown flag ${flag}` : 'unknown flag';
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /'(--?[\w-]+)/.exec(message)?.[1] ?? 'a flag';
    if (/argument missing|ambiguous/.test(message)) return `${flag} needs a value (use ${flag}=VALUE for one starting with "-")`;
    if (/does not take an argument/.test(message)) return `${flag} does not take a value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'unexpected argument';
  return 'the arguments could not be read';
}

export function parseCommandLine<Flags extends FlagSpec>(args: readonly string[], flags: Flags, helpHint: string): ParsedCommandLine<Flags> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: flags, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw usageError(describeParseError(error), helpHint);
  }
  // parseArgs keeps the last of a repeated flag silently; two different --org values are a mistake worth stopping for.
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || flags[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw usageError(`--${token.name} is given more than once`, helpHint);
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}
