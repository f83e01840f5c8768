/**
 * Where `put` gets a value: stdin when it is a pipe or a file, else a prompt on the terminal that
 * does not echo. Never the command line: arguments stay in shell history and in every process
 * listing (ps, /proc/<pid>/cmdline) for anyone on the machine to read.
 *
 * Whitespace at the ends follows the app's rule (never trimmed silently): a value that starts or
 * ends with a space, tab or line break needs `--whitespace keep|trim`. So `echo "$KEY" | …` (which
 * adds a line break) is refused with advice, and `printf %s "$KEY" | …` stores the key exactly.
 */
import { MAX_SECRET_VALUE_BYTES, SECRET_VALUE_PROBLEMS } from '../shared/value-rules';
import { CliError, EXIT, usageError } from './errors';
import type { CliIo } from './io';

/** The advice every refusal of a value on the command line gives. */
export const PIPE_ADVICE = 'Pipe it: printf %s "$KEY" | foundry-secrets put ORG/NAME …  (or run put in a terminal and type it at the hidden prompt)';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A value that starts with a byte-order mark (EF BB BF, U+FEFF), which some editors put at the start
 * of a file: invisible, so it is named, and neither kept nor dropped without the person knowing.
 * (`\s` counts it as a blank, so the whitespace rule would otherwise call it a space or line break.)
 */
function bomRefusal(): CliError {
  return usageError(
    'the value starts with a byte-order mark (BOM: the invisible bytes EF BB BF that some editors put at the start of a file), which would become part of the secret: nothing was written',
    'Save the file as UTF-8 without BOM, or drop those 3 bytes: tail -c +4 FILE | foundry-secrets put ORG/NAME …',
  );
}

/**
 * Reads stdin up to one byte past the limit (enough to refuse it), never all of an endless stream.
 * Over the limit it is refused for its size, whatever it holds: the read may have stopped inside
 * a character, so it is not decoded.
 */
async function readPiped(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(bytes);
    size += bytes.length;
    // No slack for a line break --whitespace trim would drop: main's schema counts the value as given.
    if (size > MAX_SECRET_VALUE_BYTES) break;
  }
  const all = Buffer.concat(chunks);
  try {
    // The app's own sentence for this limit (the write form and main's schema say the same).
    if (size > MAX_SECRET_VALUE_BYTES) throw usageError(`${SECRET_VALUE_PROBLEMS.tooManyBytes} Nothing was written.`);
    return strictUtf8.decode(all);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usageError('the value read from stdin is not UTF-8 text', 'Secrets are stored as text here; nothing was written.');
  } finally {
    all.fill(0);
    for (const chunk of chunks) chunk.fill(0);
  }
}

type RawStdin = NodeJS.ReadableStream & { setRawMode(mode: boolean): unknown; isTTY?: boolean };

function canGoRaw(stream: CliIo['stdin']): stream is RawStdin {
  return typeof (stream as Partial<RawStdin>).setRawMode === 'function';
}

/**
 * How long input is still read (and thrown away) after Enter before the terminal is restored: the
 * rest of a paste arrives in later chunks, and left in the tty it would run as shell commands.
 */
const DRAIN_MS = 150;

const MULTI_LINE_ADVICE = 'Pipe a multi-line value instead: printf %s "$VALUE" | foundry-secrets put ORG/NAME --mode multi-line …';

function multiLineRefusal(): CliError {
  return usageError('more input followed Enter at the hidden prompt (a multi-line paste?): nothing was written', MULTI_LINE_ADVICE);
}

/** C0 controls, ESC (arrow keys send ESC sequences), DEL handled apart, and C1 controls. */
function isControl(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x80 && code <= 0x9f);
}

/**
 * One line typed at the terminal with echo off; Enter ends it, Ctrl+C cancels. What it cannot store
 * exactly as given (more lines, control characters) is refused, never silently changed.
 */
function promptHidden(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin;
  if (!canGoRaw(stdin)) throw usageError('stdin is a terminal that cannot hide typing', PIPE_ADVICE);
  // Echo off before the prompt shows: whatever is typed from then on is never drawn.
  stdin.setRawMode(true);
  io.stderr.write(prompt);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let text = '';
    let ended = false;
    // After Enter: anything more is the rest of a paste (a lone \n completes a \r\n).
    let moreAfterEnter = false;
    const settle = (outcome: () => void): void => {
      ended = true;
      setTimeout(() => {
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
        io.stderr.write('\n');
        outcome();
      }, DRAIN_MS);
    };
    const refuse = (error: CliError): void => settle(() => reject(error));
    function onData(chunk: string | Buffer): void {
      const characters = [...String(chunk)];
      if (ended) {
        if (characters.some((character) => character !== '\n')) moreAfterEnter = true;
        return;
      }
      for (let index = 0; index < characters.length; index += 1) {
        const character = characters[index] as string;
        if (character === '\r' || character === '\n' || character === '\u0004') {
          const rest = characters.slice(index + 1);
          if (character === '\r' && rest[0] === '\n') rest.shift();
          if (rest.length > 0) {
            refuse(multiLineRefusal());
            return;
          }
          settle(() => (moreAfterEnter ? reject(multiLineRefusal()) : resolve(text)));
          return;
        }
        if (character === '\u0003') {
          // Exit 1 with code CANCELLED, as rm's question and migrate's Ctrl+C: a cancellation, not a usage mistake.
          refuse(new CliError('Cancelled: nothing was written.', EXIT.failed, undefined, 'CANCELLED'));
          return;
        }
        if (character === '\u007f' || character === '\b') text = [...text].slice(0, -1).join('');
        else if (isControl(character)) {
          refuse(
            usageError(
              'the hidden prompt got a control character (an arrow key, Esc, Ctrl+Z or similar), which would become part of the value: nothing was written',
              `Type only the value's characters, or pipe it: printf %s "$VALUE" | foundry-secrets put ORG/NAME … (--mode multi-line for several lines).`,
            ),
          );
          return;
        } else text += character;
      }
    }
    stdin.on('data', onData);
  });
}

export async function readValue(io: CliIo, secretId: string): Promise<string> {
  const value = io.stdin.isTTY ? await promptHidden(io, `Value for ${secretId} (typing is hidden; Enter to save): `) : await readPiped(io.stdin);
  // Piped from a file saved "with BOM" (decoded with ignoreBOM: true, so the mark is kept to be
  // seen here), or pasted at the prompt: the same invisible mark.
  if (value.startsWith('\uFEFF')) throw bomRefusal();
  return value;
}
