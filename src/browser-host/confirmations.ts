/**
 * The browser host's stand-in for main's native confirmation box: a desk outside the page where
 * profile changes wait for an answer. The page cannot reach it (it is not an IPC channel); the
 * person at the terminal (`npm run preview:browser`) or a test answers it.
 */
import type { ConfirmProfileChange, ProfileConfirmationAnswer, ProfileConfirmationRequest } from '../main/backends/profile-confirmation';

export interface PendingConfirmation {
  readonly request: ProfileConfirmationRequest;
  approve(options?: { allowCleartext?: boolean }): void;
  decline(): void;
}

export interface ConfirmationDesk {
  /** Handed to composeMain as its confirmProfileChange. */
  readonly confirm: ConfirmProfileChange;
  /** The oldest unanswered request, or the next one to arrive. */
  next(): Promise<PendingConfirmation>;
  /** Unanswered requests, oldest first. */
  pending(): readonly PendingConfirmation[];
  /** Declines everything waiting (the host is closing). */
  declineAll(): void;
}

export function createConfirmationDesk(onRequest?: (pending: PendingConfirmation) => void): ConfirmationDesk {
  const waiting: PendingConfirmation[] = [];
  const takers: ((pending: PendingConfirmation) => void)[] = [];

  const confirm: ConfirmProfileChange = (request) =>
    new Promise<ProfileConfirmationAnswer>((resolve) => {
      let answered = false;
      const answer = (result: ProfileConfirmationAnswer): void => {
        if (answered) return;
        answered = true;
        waiting.splice(waiting.indexOf(pending), 1);
        resolve(result);
      };
      const pending: PendingConfirmation = {
        request,
        approve: (options) => answer({ approved: true, allowCleartext: options?.allowCleartext === true }),
        decline: () => answer({ approved: false }),
      };
      waiting.push(pending);
      takers.shift()?.(pending);
      onRequest?.(pending);
    });

  return {
    confirm,
    next: () => {
      const first = waiting[0];
      return first ? Promise.resolve(first) : new Promise((resolve) => takers.push(resolve));
    },
    pending: () => [...waiting],
    declineAll: () => {
      for (const pending of [...waiting]) pending.decline();
    },
  };
}
