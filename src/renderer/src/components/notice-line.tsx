import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import type { ComponentType, ReactNode } from 'react';
import type { Notice } from '../store';
import { cn } from '../lib/cn';
import { Button } from './button';

const TONES: Readonly<Record<Notice['tone'], string>> = {
  success: 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
  info: 'border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100',
  error: 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
};

const ICONS: Readonly<Record<Notice['tone'], ComponentType<{ className?: string; 'aria-hidden'?: boolean }>>> = { success: CircleCheck, info: Info, error: CircleAlert };

/**
 * One line of the notice bar: a notice, or a background job's line (BackgroundJobLines), which
 * brings its own icon (a spinner while it runs), an action, and a dismiss only once it has ended.
 */
export function NoticeLine({
  notice,
  onDismiss,
  dismissLabel = 'Dismiss',
  icon,
  action,
  testId,
  state,
}: {
  notice: Pick<Notice, 'tone' | 'text'>;
  onDismiss?: () => void;
  dismissLabel?: string;
  icon?: ComponentType<{ className?: string; 'aria-hidden'?: boolean }>;
  action?: ReactNode;
  testId?: string;
  /** `data-state` (a background job's: running, done…). */
  state?: string;
}) {
  const Icon = icon ?? ICONS[notice.tone];
  return (
    <div data-testid={testId} data-state={state} data-tone={notice.tone} className={cn('flex flex-wrap items-center gap-2 rounded-md border px-3 py-1.5 text-sm', TONES[notice.tone])}>
      <Icon aria-hidden className="size-4 shrink-0" />
      <p className="min-w-0 flex-1 break-words">{notice.text}</p>
      {action}
      {onDismiss && (
        <Button variant="ghost" size="icon" aria-label={dismissLabel} onClick={onDismiss}>
          <X aria-hidden className="size-4" />
        </Button>
      )}
    </div>
  );
}
