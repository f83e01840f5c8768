/**
 * Values from files. Main asks where the file is (Electron's open dialog; the browser host's
 * substitute), reads it, and keeps its bytes here under a random handle until a write uses them, so
 * a PEM key, a certificate or a binary keystore never passes through the renderer. The renderer
 * gets the handle and what it needs to ask the right questions (text or binary, several lines,
 * whitespace at the ends); never the content, the path, the size or a digest.
 *
 * Bytes are stored exactly: UTF-8 text as SecretString (the same bytes on the wire), anything else
 * (not UTF-8, or with a NUL byte) as SecretBinary. Whitespace is trimmed only when the write asks.
 */
import { randomUUID } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { buildSecretId } from '../../shared/naming';
import type { SecretRef } from '../../shared/secrets';
import { SecretValue } from '../../shared/secret-value';
import { MAX_FILE_NAME_LENGTH, type PickValueFileResult } from '../../shared/value-files';
import {
  MAX_SECRET_VALUE_BYTES,
  applyWhitespaceChoice,
  describeJsonProblem,
  edgeWhitespace,
  findJsonProblem,
  isBlank,
  isMultiLine,
  type ValueMode,
  type WhitespaceChoice,
} from '../../shared/value-rules';

/** Asks the person for a file to read; null when they cancelled. */
export type ChooseOpenPath = () => Promise<string | null>;

/** How long a picked file waits for its write (a form left open over lunch must pick again). */
export const VALUE_FILE_TTL_MS = 15 * 60_000;
/** Forms open at once are few; older picks beyond this are forgotten first. */
const MAX_HELD_FILES = 16;

interface HeldFile {
  readonly bytes: Uint8Array;
  /** The text when the bytes are UTF-8 (stored as SecretString), else null (SecretBinary). */
  readonly text: string | null;
  readonly expiresAt: number;
  /**
   * The secret it was picked for (env-independent key): a handle is good for that secret only, so a
   * file picked for one secret cannot be sent to another secret's key check (or stored there).
   */
  readonly target: string;
  /** A write is using it: a second write with the same handle waits its turn (is refused). */
  inUse: boolean;
}

/** What a write needs from a held file, and how it gives the file back. */
export interface FileUse {
  readonly value: SecretValue;
  /** The write is over: `stored` forgets (wipes) the file, otherwise it stays held for a retry. */
  done(stored: boolean): void;
}

export interface ValueFiles {
  /** Asks for a file for the secret `ref` and reads it; refuses (VALIDATION) a file that could never be stored. */
  pick(ref: SecretRef): Promise<PickValueFileResult>;
  /**
   * The value a write of `ref` stores, with the whitespace choice (and JSON mode) applied. The file
   * stays held, marked in use, until `done`.
   */
  use(handle: string, ref: SecretRef, options: { whitespace: WhitespaceChoice | undefined; mode: ValueMode }): FileUse;
  /** Forgets a file (the form was cancelled); false when it was not held or is in use. */
  release(handle: string): boolean;
  /** Forgets every file (shutdown). */
  clear(): void;
}

export interface ValueFilesOptions {
  readonly choose?: ChooseOpenPath;
  readonly now?: () => number;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

const refuse = (message: string): AppError => new AppError('VALIDATION', message, { field: 'file' });
const targetOf = (ref: SecretRef): string => buildSecretId({ env: 'dev', ...ref });
const NOT_HELD = 'The picked file is no longer held (it was used, cancelled, or waited more than 15 minutes). Pick the file again.';

/** Reads at most one byte more than a secret may hold: enough to refuse a larger file without reading it all. */
async function readBounded(file: string): Promise<Uint8Array> {
  let handle: fs.FileHandle;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer, holding one of
    // libuv's four file-system threads for good (four such picks would stall every file in main).
    handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw refuse(`The file could not be opened (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check that it exists and that you may read it.`);
  }
  try {
    if (!(await handle.stat()).isFile()) throw refuse('That is not a regular file. Pick a file that holds the secret.');
    const buffer = Buffer.alloc(MAX_SECRET_VALUE_BYTES + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) break;
    }
    if (filled > MAX_SECRET_VALUE_BYTES) {
      buffer.fill(0);
      throw refuse(`The file is larger than ${MAX_SECRET_VALUE_BYTES.toLocaleString('en-US')} bytes, the most a secret can hold. Nothing was read into the app.`);
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse(`The file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  } finally {
    await handle.close();
  }
}

/**
 * The base name, without control or format characters (a right-to-left override would show
 * "evil\u202Etxt.exe" as "evilexe.txt"), bounded: shown to the person, so it must be plain text.
 */
function displayName(file: string): string {
  const name = path.basename(file).replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, MAX_FILE_NAME_LENGTH);
  return name === '' ? 'file' : name;
}

/** The value a held file stores: bytes as they are, or its text with the whitespace choice (and JSON rule) applied. */
function valueOfFile(file: HeldFile, whitespace: WhitespaceChoice | undefined, mode: ValueMode): SecretValue {
  if (file.text === null) {
    if (mode === 'json') throw refuse('The file is not UTF-8 text, so it cannot be JSON. Pick the JSON file, or choose another mode.');
    // Binary content is stored byte for byte: "whitespace" has no meaning there. A copy, so that
    // releasing (wiping) the held bytes can never change a write still in flight with them.
    return new SecretValue(Uint8Array.from(file.bytes));
  }
  const edges = edgeWhitespace(file.text);
  if (whitespace === undefined && (edges.leading || edges.trailing)) {
    throw new AppError('VALIDATION', 'The file starts or ends with a space, tab or line break: choose to keep it exactly or to trim it.', { field: 'whitespace' });
  }
  const text = applyWhitespaceChoice(file.text, whitespace);
  if (mode === 'json') {
    const problem = findJsonProblem(text);
    if (problem) throw refuse(`The file ${describeJsonProblem(problem)}.`);
  }
  return new SecretValue(text);
}

export function createValueFiles(options: ValueFilesOptions): ValueFiles {
  const now = options.now ?? Date.now;
  const held = new Map<string, HeldFile>();

  function forget(handle: string): boolean {
    const file = held.get(handle);
    if (!file) return false;
    file.bytes.fill(0); // strings cannot be wiped; the bytes at least can
    held.delete(handle);
    return true;
  }

  function dropExpired(): void {
    for (const [handle, file] of held) if (file.expiresAt <= now() && !file.inUse) forget(handle);
  }

  /** Room for one more: the oldest file not in use goes first. */
  function makeRoom(): void {
    for (const [handle, file] of held) {
      if (held.size < MAX_HELD_FILES) return;
      if (!file.inUse) forget(handle);
    }
  }

  return {
    async pick(ref) {
      if (!options.choose) throw new AppError('INTERNAL', 'Picking a file is not available in this window. Type or paste the value instead.');
      const chosen = await options.choose();
      if (chosen === null) return { picked: false };
      const bytes = await readBounded(chosen);
      if (bytes.length === 0) throw refuse('The file is empty. Pick the file that holds the secret.');
      const text = decodeText(bytes);
      if (text !== null && isBlank(text)) {
        bytes.fill(0);
        throw refuse('The file holds only spaces, tabs or line breaks. Pick the file that holds the secret.');
      }
      dropExpired();
      makeRoom();
      const handle = randomUUID();
      held.set(handle, { bytes, text, expiresAt: now() + VALUE_FILE_TTL_MS, target: targetOf(ref), inUse: false });
      const edges = text === null ? { leading: false, trailing: false, trailingNewline: false } : edgeWhitespace(text);
      return {
        picked: true,
        handle,
        fileName: displayName(chosen),
        content: text === null ? 'binary' : 'text',
        multiLine: text !== null && isMultiLine(text),
        leadingWhitespace: edges.leading,
        trailingWhitespace: edges.trailing,
        trailingNewline: edges.trailingNewline,
      };
    },

    use(handle, ref, { whitespace, mode }) {
      dropExpired();
      const file = held.get(handle);
      if (!file || file.target !== targetOf(ref)) throw new AppError('VALIDATION', NOT_HELD, { field: 'file' });
      if (file.inUse) throw new AppError('CONFLICT', 'The picked file is being saved already; wait for that save to finish.', { field: 'file' });
      const value = valueOfFile(file, whitespace, mode);
      file.inUse = true;
      return {
        value,
        done(stored) {
          file.inUse = false;
          if (stored) forget(handle);
        },
      };
    },

    release(handle) {
      if (held.get(handle)?.inUse) return false;
      return forget(handle);
    },

    clear() {
      for (const handle of [...held.keys()]) forget(handle);
    },
  };
}
