import { OctagonExclamationPoint, RefreshCw } from 'lucide-react';
import { Component, createRef, Suspense, type ReactNode } from 'react';
import { Button } from './button';

interface Props {
  /** What is being loaded, for the message ("the write form"). */
  what: string;
  /** Shown while its chunk loads (null: nothing, for a dialog that opens a moment later). */
  fallback: ReactNode;
  children: ReactNode;
}

interface State {
  failed: boolean;
}

/**
 * A part of the window that comes with a chunk of its own (a screen, the write form, a dialog:
 * later-parts.ts, MainPanel.tsx): Suspense while the chunk loads, and if it cannot be loaded, a
 * message in its place instead of the error reaching React's root, which would unmount the whole
 * window and leave it blank. React.lazy keeps a failed load, so the way out is a reload; the rest
 * of the window keeps working meanwhile. The message is fixed text: the error (a file name at
 * most) is not shown. It is brought into view and its Reload button takes the focus: a dialog's
 * part sits at the end of its screen, and the person who asked for it would otherwise see nothing
 * happen.
 */
export class LazyPart extends Component<Props, State> {
  override state: State = { failed: false };
  private readonly reload = createRef<HTMLButtonElement>();

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidUpdate(_props: Props, previous: State): void {
    if (previous.failed || !this.state.failed) return;
    this.reload.current?.scrollIntoView({ block: 'nearest' });
    this.reload.current?.focus();
  }

  override render(): ReactNode {
    if (this.state.failed) {
      return (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <p className="flex items-center gap-2 font-semibold">
            <OctagonExclamationPoint aria-hidden className="size-4 shrink-0" />
            Could not load {this.props.what}
          </p>
          <p className="mt-1">The window could not read this part of its own files. Nothing was changed. Reload the window to try again.</p>
          <Button ref={this.reload} size="sm" variant="secondary" className="mt-2" onClick={() => window.location.reload()}>
            <RefreshCw aria-hidden className="size-3.5" />
            Reload the window
          </Button>
        </div>
      );
    }
    return <Suspense fallback={this.props.fallback}>{this.props.children}</Suspense>;
  }
}
