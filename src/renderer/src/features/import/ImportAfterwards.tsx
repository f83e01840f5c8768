import { useId } from 'react';
import type { ImportPreview, ImportSource, JobReport } from '../../../../shared/contract';
import { BreakableId } from '../jobs/BreakableId';
import { notImportedNote, storedKeys } from './import-model';

/**
 * The migration's last step: which keys of the source are now in the store, so the person can
 * take them out of the file (or the environment). The app only says so; it never edits the file.
 */
export function ImportAfterwards({ source, preview, report }: { source: ImportSource; preview: ImportPreview; report: JobReport }) {
  const id = useId();
  const stored = storedKeys(preview, report);
  const where = source.kind === 'file' ? source.name : 'the app’s environment';
  // Without this, "you can remove them from the file" reads as "the file can go", lines it kept included.
  const kept = source.kind === 'file' ? notImportedNote(source) : null;
  return (
    <section aria-labelledby={id} className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100" data-testid="import-afterwards">
      <h4 id={id} className="font-semibold">
        Afterwards
      </h4>
      {stored.length === 0 ? (
        <p className="mt-1">None of the keys of {where} is stored yet: keep them where they are.</p>
      ) : (
        <>
          <p className="mt-1">
            {stored.length === 1 ? 'This key' : `These ${stored.length} keys`} of <code className="font-mono">{where}</code> {stored.length === 1 ? 'is' : 'are'} now
            stored. You can remove {stored.length === 1 ? 'it' : 'them'} from {source.kind === 'file' ? 'the file' : 'the environment'} yourself; this app never
            changes it.
          </p>
          <ul className="mt-2 space-y-1">
            {stored.map((entry) => (
              <li key={entry.key} data-key={entry.key} data-how={entry.how} className="text-xs">
                <code className="font-mono font-semibold">{entry.key}</code> → <code className="font-mono break-words">
                  <BreakableId id={entry.secretId} />
                </code>{' '}
                {entry.how === 'written' ? '(written now)' : '(stored already, left as it was: it may hold another value than the file’s)'}
              </li>
            ))}
          </ul>
        </>
      )}
      {kept && (
        <p className="mt-2" data-testid="not-imported-lines">
          {kept}
        </p>
      )}
    </section>
  );
}
