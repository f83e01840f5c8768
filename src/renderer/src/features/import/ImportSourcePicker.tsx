import { FileUp, Terminal } from 'lucide-react';
import type { RefObject } from 'react';
import type { ImportSource } from '../../../../shared/contract';
import { Button } from '../../components/button';
import { badLinesNote, materialLinesNote } from './import-model';

type SourceKind = ImportSource['kind'];

interface Props {
  readonly source: ImportSource | null;
  /** Which source is being opened (main's dialog may be up). */
  readonly opening: SourceKind | null;
  readonly disabled: boolean;
  onOpen(kind: SourceKind): void;
  /** Takes focus once a source is open, so what was opened is read out. */
  readonly summaryRef: RefObject<HTMLHeadingElement | null>;
}

/**
 * Where the keys come from: a `.env` file main reads (its own open dialog), or the app's own
 * environment. Main keeps the values; this shows the name, how many keys, which lines could not
 * be read and which were hidden as key material, by number only.
 */
export function ImportSourcePicker({ source, opening, disabled, onOpen, summaryRef }: Props) {
  const badLines = source ? badLinesNote(source.badLines) : null;
  const materialLines = source ? materialLinesNote(source.materialLines) : null;
  return (
    <div className="space-y-2">
      {source && (
        <div className="rounded-md border border-slate-300 bg-slate-50 p-3 dark:border-slate-600 dark:bg-slate-950" data-testid="import-source">
          <h3 ref={summaryRef} tabIndex={-1} className="text-sm font-semibold focus:outline-none">
            {source.kind === 'file' ? (
              <>
                File <code className="font-mono break-all">{source.name}</code>
              </>
            ) : (
              'The app’s environment'
            )}
            : {source.keys === 1 ? '1 key' : `${source.keys} keys`}
          </h3>
          {badLines && (
            <p className="mt-1 text-xs text-amber-900 dark:text-amber-200" data-testid="bad-lines">
              {badLines}
            </p>
          )}
          {materialLines && (
            <p className="mt-1 text-xs text-amber-900 dark:text-amber-200" data-testid="material-lines">
              {materialLines}
            </p>
          )}
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant={source ? 'secondary' : 'primary'} disabled={disabled || opening !== null} onClick={() => onOpen('file')}>
          <FileUp aria-hidden className="size-4" />
          {opening === 'file' ? 'Choosing…' : source ? 'Choose another file…' : 'Choose a .env file…'}
        </Button>
        <Button size="sm" disabled={disabled || opening !== null} onClick={() => onOpen('environment')}>
          <Terminal aria-hidden className="size-4" />
          {opening === 'environment' ? 'Reading…' : 'Use the app’s environment'}
        </Button>
      </div>
    </div>
  );
}
