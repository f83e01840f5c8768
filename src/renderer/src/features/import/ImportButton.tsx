import { FileInput } from 'lucide-react';
import { lazy, useState } from 'react';
import { Button } from '../../components/button';
import { activeProfileOf, useAppStore } from '../../store';
import { LazyPart } from '../../components/lazy-part';

// Opened now and then: the dialog (and the job panel it shares with bulk changes) loads on first use.
const ImportDialog = lazy(() => import('./ImportDialog').then((module) => ({ default: module.ImportDialog })));

/** "Import .env…": into the org and domain shown by default. Not offered on a read-only profile. */
export function ImportButton() {
  const readOnly = useAppStore((s) => activeProfileOf(s)?.readOnly ?? true);
  const [open, setOpen] = useState(false);
  if (readOnly) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)} aria-haspopup="dialog">
        <FileInput aria-hidden className="size-4" />
        Import .env…
      </Button>
      {open && (
        <LazyPart what="the import dialog" fallback={null}>
          <ImportDialog onClose={() => setOpen(false)} />
        </LazyPart>
      )}
    </>
  );
}
