import { CircleCheck, Info, X } from 'lucide-react';
import { useEffect } from 'react';
import { Button } from '../../components/button';
import { useAppStore } from '../../store';

const VISIBLE_MS = 8000;

/** The outcome of the last action, announced politely and dismissed after a few seconds. */
export function NoticeBar() {
  const notice = useAppStore((s) => s.notice);
  const clear = useAppStore((s) => s.clearNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(clear, VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notice, clear]);
  return (
    <div role="status" aria-live="polite" data-testid="notice">
      {notice && (
        <div
          className={
            notice.tone === 'success'
              ? 'flex items-center gap-2 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-1.5 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100'
              : 'flex items-center gap-2 rounded-md border border-sky-300 bg-sky-50 px-3 py-1.5 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100'
          }
        >
          {notice.tone === 'success' ? <CircleCheck aria-hidden className="size-4 shrink-0" /> : <Info aria-hidden className="size-4 shrink-0" />}
          <p className="flex-1">{notice.text}</p>
          <Button variant="ghost" size="icon" aria-label="Dismiss" onClick={clear}>
            <X aria-hidden className="size-4" />
          </Button>
        </div>
      )}
    </div>
  );
}
