import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useId } from 'react';
import { MAX_AUDIT_PAGE } from '../../../../shared/audit';
import { Button } from '../../components/button';
import { inputClass, Label } from '../../components/field';

const SIZES = [50, 100, 250, MAX_AUDIT_PAGE] as const;

interface Props {
  offset: number;
  limit: number;
  shown: number;
  total: number;
  busy: boolean;
  onPage(offset: number, limit: number): void;
}

/** "Changes 101–200 of 342, newest first", Newer / Older, and the page size. */
export function AuditPager({ offset, limit, shown, total, busy, onPage }: Props) {
  const id = useId();
  const first = shown === 0 ? 0 : offset + 1;
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700 dark:text-slate-300">
      <p aria-live="polite" data-testid="audit-range">
        {total === 0 ? 'No changes' : `Changes ${first}–${offset + shown} of ${total}, newest first`}
      </p>
      <div className="ml-auto flex items-center gap-2">
        <Label htmlFor={`${id}-size`} className="font-normal whitespace-nowrap">
          Per page
        </Label>
        <div className="w-20">
          <select id={`${id}-size`} className={inputClass} value={limit} onChange={(event) => onPage(0, Number(event.currentTarget.value))}>
            {SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </div>
        <Button size="sm" disabled={busy || offset === 0} onClick={() => onPage(Math.max(0, offset - limit), limit)}>
          <ChevronLeft aria-hidden className="size-4" />
          Newer
        </Button>
        <Button size="sm" disabled={busy || offset + shown >= total} onClick={() => onPage(offset + limit, limit)}>
          Older
          <ChevronRight aria-hidden className="size-4" />
        </Button>
      </div>
    </div>
  );
}
