/**
 * A one-line progress bar on stderr, only when stderr is a terminal (in a pipe or a CI log, a line
 * redrawn with "\r" is noise). It shows counts, never a key or a value.
 */
import type { JobCounts } from '../shared/jobs';
import type { CliIo } from './io';

export interface ProgressBar {
  update(counts: JobCounts): void;
  /** Clears the bar, so what follows starts on a clean line. */
  finish(): void;
}

const NO_BAR: ProgressBar = { update: () => undefined, finish: () => undefined };
const CLEAR_LINE = '\r\u001b[2K';

export function progressBar(stream: CliIo['stderr']): ProgressBar {
  if (!stream.isTTY) return NO_BAR;
  let drawn = false;
  return {
    update(counts) {
      const tail = ` ${counts.done}/${counts.total}  written ${counts.written} · skipped ${counts.skipped} · failed ${counts.failed}`;
      const width = Math.max(10, Math.min(40, (stream.columns || 80) - tail.length - 3));
      const filled = counts.total === 0 ? width : Math.round((counts.done / counts.total) * width);
      stream.write(`${CLEAR_LINE}[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${tail}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
