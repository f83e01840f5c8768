import { useEffect, useState } from 'react';
import type { ImportOptions, ImportPreview } from '../../../../shared/contract';
import { api, toUiErrorData, type UiErrorData } from '../../api';

/** Typing in the org or domain field asks for one preview when the typing pauses, not one per key. */
const DEBOUNCE_MS = 250;

export interface ImportPreviewState {
  /** The last preview main answered (kept on screen while the next one is asked for). */
  readonly preview: ImportPreview | null;
  /** A preview for the current options is on its way. */
  readonly loading: boolean;
  readonly error: UiErrorData | null;
  /** The preview shown is the one of the current options: Run may use it. */
  readonly current: boolean;
  /** Asks again for the same options (after a run, or a failure). */
  retry(): void;
}

interface Answer {
  readonly request: ImportOptions;
  readonly attempt: number;
  readonly preview: ImportPreview | null;
  readonly error: UiErrorData | null;
}

/**
 * The blind preview of `request` (null while the target is not valid), from main. The request
 * must keep its identity while the options do not change (the caller memoises it): a new object
 * is a new question.
 */
export function useImportPreview(request: ImportOptions | null): ImportPreviewState {
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (!request) return;
    let live = true;
    const timer = setTimeout(() => {
      api.previewImport(request).then(
        (preview) => live && setAnswer({ request, attempt, preview, error: null }),
        (failure: unknown) => live && setAnswer((last) => ({ request, attempt, preview: last?.preview ?? null, error: toUiErrorData(failure) })),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [request, attempt]);

  const fresh = request !== null && answer?.request === request && answer.attempt === attempt;
  return {
    preview: answer?.preview ?? null,
    loading: request !== null && !fresh,
    error: fresh ? answer.error : null,
    current: fresh && answer.error === null && answer.preview !== null,
    retry: () => setAttempt((n) => n + 1),
  };
}
