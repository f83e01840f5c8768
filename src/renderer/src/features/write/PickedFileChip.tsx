import { Binary, FileText, Keyboard } from 'lucide-react';
import type { RefObject } from 'react';
import type { PickedValueFile } from '../../../../shared/value-files';
import { Button } from '../../components/button';

interface Props {
  id: string;
  file: PickedValueFile;
  /** Focus lands here after a pick, so a screen reader hears which file was taken. */
  chipRef: RefObject<HTMLDivElement | null>;
  onRemove(): void;
  disabled?: boolean;
  describedBy?: string;
}

/**
 * The file main holds for this form. Main tells the window only what it needs to ask the right
 * questions (text or binary, one line or several, whitespace at the ends), never the content, the
 * path or the size, so the chip shows exactly that: no byte or line count.
 */
export function PickedFileChip({ id, file, chipRef, onRemove, disabled = false, describedBy }: Props) {
  const Icon = file.content === 'binary' ? Binary : FileText;
  return (
    <div className="flex min-w-0 flex-wrap items-center gap-2">
      <div
        id={`${id}-chip`}
        ref={chipRef}
        tabIndex={-1}
        role="group"
        aria-label="Value from a file"
        aria-describedby={describedBy}
        className="flex min-w-0 items-center gap-2 rounded-md border border-sky-300 bg-sky-50 px-2.5 py-1.5 text-sm text-sky-950 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100 dark:focus-visible:outline-sky-400"
      >
        <Icon aria-hidden className="size-4 shrink-0" />
        <span className="min-w-0 truncate font-mono text-xs" data-testid="picked-file-name" title={file.fileName}>
          {/* bdi: a name in another script direction cannot reorder the text around it. */}
          <bdi>{file.fileName}</bdi>
        </span>
        <span className="shrink-0 text-xs">
          {file.content === 'binary' ? '· binary (stored as SecretBinary)' : `· text${file.multiLine ? ', several lines' : ''}`}
        </span>
      </div>
      <Button size="sm" variant="ghost" onClick={onRemove} disabled={disabled}>
        <Keyboard aria-hidden className="size-3.5" />
        Type a value instead
      </Button>
    </div>
  );
}
