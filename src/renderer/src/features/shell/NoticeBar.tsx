import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import { useEffect } from 'react';
import { Button } from '../../components/button';
import { cn } from '../../lib/cn';
import { useAppStore, type Notice } from '../../store';

const VISIBLE_MS = 8000;

const TONES: Readonly<Record<Notice['tone'], string>> = {
  success: 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
  info: 'border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100',
  error: 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
};

const ICONS: Readonly<Record<Notice['tone'], typeof Info>> = { success: CircleCheck, info: Info, error: CircleAlert };

function NoticeLine({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const Icon = ICONS[notice.tone];
  return (
    <div data-tone={notice.tone} className={cn('flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm', TONES[notice.tone])}>
      <Icon aria-hidden className="size-4 shrink-0" />
      <p className="flex-1">{notice.text}</p>
      <Button variant="ghost" size="icon" aria-label="Dismiss" onClick={onDismiss}>
        <X aria-hidden className="size-4" />
      </Button>
    </div>
  );
}

/**
 * The outcome of the last action, announced politely and dismissed after a few seconds; above it,
 * something that failed out of sight (the store's `alert`), which stays until dismissed.
 */
export function NoticeBar() {
  const notice = useAppStore((s) => s.notice);
  const alert = useAppStore((s) => s.alert);
  const clear = useAppStore((s) => s.clearNotice);
  const clearAlert = useAppStore((s) => s.clearAlert);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(clear, VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notice, clear]);
  return (
    <div role="status" aria-live="polite" data-testid="notice" className="space-y-2">
      {alert && <NoticeLine notice={alert} onDismiss={clearAlert} />}
      {notice && <NoticeLine notice={notice} onDismiss={clear} />}
    </div>
  );
}
