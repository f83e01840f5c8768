/**
 * Modal dialogs on Radix: focus is trapped inside, Escape closes, the rest of the page is hidden
 * from assistive technology, and focus goes back where it was on close.
 *
 * Radix's Overlay is deliberately not used: it locks page scrolling through react-remove-scroll,
 * which injects a <style> element that the strict CSP (style-src 'self') refuses. The shell never
 * scrolls the body, so a plain backdrop element does the same job.
 *
 * While a dialog is open the app behind it is `inert` (not focusable, not clickable, hidden from
 * assistive technology: Radix's aria-hidden alone leaves it focusable). Focus goes back to the
 * element that had it before opening: without a Radix Trigger, Radix would not know where.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { AlertDialog as AlertDialogPrimitive, Dialog as DialogPrimitive } from 'radix-ui';
import { Button } from './button';

const BACKDROP = 'fixed inset-0 z-40 bg-slate-950/60';
const PANEL =
  'fixed top-1/2 left-1/2 z-50 max-h-[calc(100vh-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl border border-slate-200 bg-white p-6 text-slate-900 shadow-2xl dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
const WIDTHS = { md: 'w-[min(34rem,calc(100vw-2rem))]', lg: 'w-[min(46rem,calc(100vw-2rem))]' } as const;
const TITLE = 'text-lg font-semibold';

let openDialogs = 0;

/** Makes the app root inert while at least one dialog is open (dialogs are portalled outside it). */
function useInertBackground(open: boolean): void {
  useEffect(() => {
    const root = document.getElementById('root');
    if (!open || !root) return;
    openDialogs += 1;
    root.inert = true;
    return () => {
      openDialogs -= 1;
      if (openDialogs === 0) root.inert = false;
    };
  }, [open]);
}

/**
 * Remembers what had focus when the dialog opened, and puts focus back there when it closes. What
 * the dialog did may have removed that element (Delete is gone once a secret is scheduled for
 * deletion, Restore once it is restored): focus then goes to the card or section around it, or
 * to the main panel, never to the page's body, where a keyboard user would start over.
 */
function useReturnFocus() {
  const returnTo = useRef<HTMLElement[]>([]);
  return {
    onOpenAutoFocus: () => {
      const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      const around = opener?.closest<HTMLElement>('article[tabindex], section[tabindex]') ?? null;
      const main = document.getElementById('main');
      returnTo.current = [opener, around, main].filter((element): element is HTMLElement => element !== null);
    },
    onCloseAutoFocus: (event: Event) => {
      event.preventDefault();
      returnTo.current.find((element) => element.isConnected)?.focus();
    },
  };
}
const DESCRIPTION = 'mt-2 text-sm text-slate-700 dark:text-slate-300';

interface ModalProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: ReactNode;
  description: ReactNode;
  children: ReactNode;
  /** lg: for a form with several fields side by side. */
  size?: keyof typeof WIDTHS;
  /**
   * false: Escape and a click outside do not close it (a job runs in it: a stray key must not hide
   * it); only its own buttons do, and `onDismissBlocked` is told, to say so.
   */
  dismissible?: boolean;
  onDismissBlocked?(): void;
}

/** A dialog with a form in it (closes on Escape and on a click outside, unless not `dismissible`). */
export function Modal({ open, onOpenChange, title, description, children, size = 'md', dismissible = true, onDismissBlocked }: ModalProps) {
  useInertBackground(open);
  const focus = useReturnFocus();
  const block = (event: Event): void => {
    if (dismissible) return;
    event.preventDefault();
    onDismissBlocked?.();
  };
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <div className={BACKDROP} aria-hidden="true" />
        <DialogPrimitive.Content className={`${PANEL} ${WIDTHS[size]}`} {...focus} onEscapeKeyDown={block} onInteractOutside={block}>
          <DialogPrimitive.Title className={TITLE}>{title}</DialogPrimitive.Title>
          <DialogPrimitive.Description asChild>
            <div className={DESCRIPTION}>{description}</div>
          </DialogPrimitive.Description>
          {children}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

interface ConfirmProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  tone?: 'danger' | 'primary';
  pending?: boolean;
  /** The confirm button stays disabled (e.g. until the env name is typed on prod). */
  confirmDisabled?: boolean;
  /** Shown above the buttons (an error from the last attempt). */
  children?: ReactNode;
  onConfirm(): void;
}

/**
 * A yes/no question (role alertdialog): Escape or Cancel says no; a click outside does nothing.
 * Focus starts on Cancel, so a stray Enter never confirms a destructive action.
 */
export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, pendingLabel, tone = 'danger', pending = false, confirmDisabled = false, children, onConfirm }: ConfirmProps) {
  useInertBackground(open);
  const focus = useReturnFocus();
  return (
    <AlertDialogPrimitive.Root open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <AlertDialogPrimitive.Portal>
        <div className={BACKDROP} aria-hidden="true" />
        <AlertDialogPrimitive.Content className={`${PANEL} ${WIDTHS.md}`} {...focus}>
          <AlertDialogPrimitive.Title className={TITLE}>{title}</AlertDialogPrimitive.Title>
          <AlertDialogPrimitive.Description asChild>
            <div className={DESCRIPTION}>{description}</div>
          </AlertDialogPrimitive.Description>
          {children}
          <div className="mt-6 flex justify-end gap-2">
            <AlertDialogPrimitive.Cancel asChild>
              <Button disabled={pending}>Cancel</Button>
            </AlertDialogPrimitive.Cancel>
            {/* Not AlertDialog.Action: that closes at once, and a failed attempt must stay open. */}
            <Button variant={tone} disabled={pending || confirmDisabled} onClick={onConfirm}>
              {pending ? (pendingLabel ?? confirmLabel) : confirmLabel}
            </Button>
          </div>
        </AlertDialogPrimitive.Content>
      </AlertDialogPrimitive.Portal>
    </AlertDialogPrimitive.Root>
  );
}

export const DialogClose = DialogPrimitive.Close;
