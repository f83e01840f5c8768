/**
 * The `.env` a command reads: a file, or stdin for "-". Parsed by main's env-file module (dotenv's
 * parser, the 1 MiB limit, the binary refusal); a problem is an input error (exit 2) that names the
 * file and the rule, never a line of it.
 */
import path from 'node:path';
import { isAppError } from '../shared/errors';
import { MAX_IMPORT_FILE_BYTES } from '../shared/jobs';
import { parseEnvBytes, readEnvFile, type ParsedEnv } from '../main/jobs/env-file';
import { usageError } from './errors';
import type { CliIo } from './io';

export const STDIN_ARGUMENT = '-';
/** What a source read from stdin is called in reports. */
export const STDIN_NAME = 'stdin';

export interface EnvInput {
  /** The file's base name, or "stdin": what the report and the audit say it came from. */
  readonly name: string;
  readonly parsed: ParsedEnv;
}

/** Reads stdin up to one byte past the limit (enough to refuse it), never all of an endless stream. */
async function readLimited(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.length;
    if (size > MAX_IMPORT_FILE_BYTES) break;
  }
  return Buffer.concat(chunks);
}

export async function readEnvInput(argument: string, io: CliIo): Promise<EnvInput> {
  const name = argument === STDIN_ARGUMENT ? STDIN_NAME : path.basename(argument);
  if (argument === STDIN_ARGUMENT && io.stdin.isTTY) {
    // Typed into a terminal, every value would be echoed on the screen.
    throw usageError('"-" reads the .env from stdin, but stdin is a terminal', 'Pipe the file in (foundry-secrets migrate - … < .env), or pass its path.');
  }
  try {
    const parsed = argument === STDIN_ARGUMENT ? parseEnvBytes(await readLimited(io.stdin)) : await readEnvFile(argument);
    return { name, parsed };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const what = argument === STDIN_ARGUMENT ? 'stdin' : argument;
    // Not echoed: a path that does not exist may be a value pasted in the wrong place.
    if (error.code === 'NOT_FOUND') throw usageError('the .env file given does not exist, or cannot be read (its name is not repeated here)');
    // The module's messages state the rule (too large, binary); the file is named here.
    throw usageError(`${what}: ${error.message.replace(/ Pick the \.env file itself\.$/, '')}`);
  }
}
