/**
 * Where `put` gets a value: stdin when it is a pipe or a file, else a prompt on the terminal that
 * does not echo. Never the command line: arguments stay in shell history and in every process
 * listing (ps, /proc/<pid>/cmdline) for anyone on the machine to read.
 *
 * Whitespace at the ends follows the app's rule (never trimmed silently): a value that starts or
 * ends with a space, tab or line break needs `--whitespace keep|trim`. So `echo "$KEY" | …` (which
 * adds a line break) is refused with advice, and `printf %s "$KEY" | …` stores the key exactly.
 */
import { MAX_SECRET_VALUE_BYTES } from '../shared/value-rules';
import { CliError, EXIT, usageError } from './errors';
import type { CliIo } from './io';

/** The advice every refusal of a value on the command line gives. */
export const PIPE_ADVICE = 'Pipe it: printf %s "$KEY" | foundry-secrets put ORG/NAME …  (or run put in a terminal and type it at the hidden prompt)';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads stdin up to one byte past the limit (enough to refuse it), never all of an endless stream. */
async function readPiped(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(bytes);
    size += bytes.length;
    if (size > MAX_SECRET_VALUE_BYTES + 2) break;
  }
  const all = Buffer.concat(chunks);
  try {
    return strictUtf8.decode(all);
  } catch {
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

/** One line typed at the terminal with echo off; Enter ends it, Ctrl+C cancels. */
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
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      io.stderr.write('\n');
    };
    function onData(chunk: string | Buffer): void {
      for (const character of String(chunk)) {
        if (character === '\r' || character === '\n' || character === '\u0004') {
          finish();
          resolve(text);
          return;
        }
        if (character === '\u0003') {
          finish();
          // Exit 1 with code CANCELLED, as rm's question and migrate's Ctrl+C: a cancellation, not a usage mistake.
          reject(new CliError('Cancelled: nothing was written.', EXIT.failed, undefined, 'CANCELLED'));
          return;
        }
        if (character === '\u007f' || character === '\b') text = [...text].slice(0, -1).join('');
        else text += character;
      }
    }
    stdin.on('data', onData);
  });
}

export async function readValue(io: CliIo, secretId: string): Promise<string> {
  if (io.stdin.isTTY) return promptHidden(io, `Value for ${secretId} (typing is hidden; Enter to save): `);
  return readPiped(io.stdin);
}
