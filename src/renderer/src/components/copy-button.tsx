import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from './button';
import { Tooltip } from './tooltip';

/**
 * Copies a piece of metadata (a secret id, a command) — never a value: the app has none to copy.
 * Clipboard access can be refused; then the text stays selectable where it is shown.
 */
export type CopyState = 'idle' | 'copied' | 'failed';

/** Copies text to the clipboard and says how it went for 2 s ("copied", or "failed": access refused). */
export function useCopy(): { state: CopyState; copy: (text: string) => void } {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = (text: string): void => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return { state, copy };
}

export function CopyButton({ text, label, size = 'icon' }: { text: string; label: string; size?: 'icon' | 'xs' }) {
  const { state, copy } = useCopy();
  const tip = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text instead' : label;
  return (
    <Tooltip label={tip}>
      <Button
        variant="ghost"
        size={size}
        aria-label={label}
        onClick={() => copy(text)}
      >
        {state === 'copied' ? <Check aria-hidden className="size-3.5" /> : <Copy aria-hidden className="size-3.5" />}
        <span className="sr-only" aria-live="polite">
          {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : ''}
        </span>
      </Button>
    </Tooltip>
  );
}
