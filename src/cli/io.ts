/**
 * What a command may touch of its process: two output streams, stdin, the environment. Results go
 * to stdout (tables, or JSON with --json); progress, notes and errors go to stderr, so a script can
 * pipe stdout and still see what went wrong.
 */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Called with a handler for Ctrl+C; returns a function that removes it. */
  onInterrupt(handler: () => void): () => void;
}

export function processIo(): CliIo & { readonly interrupted: () => boolean } {
  let interrupted = false;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onInterrupt(handler) {
      const handle = (): void => {
        interrupted = true;
        handler();
      };
      process.once('SIGINT', handle);
      return () => process.off('SIGINT', handle);
    },
    /** Whether a command's Ctrl+C handler ran (the command then ends as soon as its report is out). */
    interrupted: () => interrupted,
  };
}
