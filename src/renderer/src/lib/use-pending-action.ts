import { useState } from 'react';
import { toUiErrorData, type UiErrorData } from '../api';

/**
 * The state of one confirm-and-call action (a dialog's main button): pending while it runs, and
 * the error to show when it fails, so the dialog stays open for a retry.
 */
export function usePendingAction(): { pending: boolean; error: UiErrorData | null; run(action: () => Promise<void>): Promise<void> } {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiErrorData | null>(null);
  async function run(action: () => Promise<void>): Promise<void> {
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(toUiErrorData(failure));
    } finally {
      setPending(false);
    }
  }
  return { pending, error, run };
}
