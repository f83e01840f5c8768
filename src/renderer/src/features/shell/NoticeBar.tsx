import { useEffect } from 'react';
import { NoticeLine } from '../../components/notice-line';
import { useAppStore } from '../../store';
import { BackgroundJobLines } from '../jobs/BackgroundJobLines';

const VISIBLE_MS = 8000;

/**
 * The outcome of the last action, announced politely and dismissed after a few seconds; above it,
 * something that failed out of sight (the store's `alert`), which stays until dismissed; below
 * it, a line per job whose dialog was put away while it ran (BackgroundJobLines).
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
    <>
      <div role="status" aria-live="polite" data-testid="notice" className="space-y-2">
        {alert && <NoticeLine notice={alert} onDismiss={clearAlert} />}
        {notice && <NoticeLine notice={notice} onDismiss={clear} />}
      </div>
      <BackgroundJobLines />
    </>
  );
}
