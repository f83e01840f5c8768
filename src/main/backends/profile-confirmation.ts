/**
 * Main's half of profile integrity: a change the review says needs the person's word is shown to
 * them by main (Electron: a native message box; the browser host: a desk its tests answer), never
 * by the window that asked for it, so script in the renderer cannot approve its own redirect.
 * Without a way to ask, such changes are refused (fail closed).
 */
import { AppError } from '../../shared/errors';
import type { Profile } from '../../shared/profiles';
import { kindChangeRefused } from './profile-store';
import { reviewProfileChange, type ProfileChangeReview } from '../../shared/profile-change';

export interface ProfileConfirmationRequest {
  readonly title: string;
  readonly message: string;
  /** Plain lines: the changes, then what follows from them. Profiles hold no credentials, so all of it may be shown. */
  readonly detail: readonly string[];
  readonly confirmLabel: string;
  /** Set when the endpoint is remote plain http: the person must tick an explicit allowance as well. */
  readonly cleartextHost: string | null;
}

export interface ProfileConfirmationAnswer {
  readonly approved: boolean;
  /** The explicit "allow unencrypted http to this host" tick; ignored unless cleartextHost was set. */
  readonly allowCleartext?: boolean;
}

export type ConfirmProfileChange = (request: ProfileConfirmationRequest) => Promise<ProfileConfirmationAnswer>;

export function confirmationRequest(review: ProfileChangeReview): ProfileConfirmationRequest {
  const { stored } = review;
  const creating = review.action === 'create';
  const consequences = [
    review.forcedReadOnly ? 'A prod profile starts read-only: turning read-only off is a separate change, confirmed again.' : null,
    review.cleartextHost ? `Values written through it travel to ${review.cleartextHost} unencrypted (plain http, not this machine).` : null,
    'Confirm only if you made this change in Foundry Secrets just now.',
  ].filter((line): line is string => line !== null);
  return {
    title: creating ? 'Create this profile?' : 'Change where this profile writes?',
    message: creating ? `A new profile “${stored.name}” (${stored.id}) will be saved:` : `Profile “${stored.name}” (${stored.id}) will change:`,
    detail: [...review.changes, '', ...consequences],
    confirmLabel: creating ? 'Create profile' : 'Save changes',
    cleartextHost: review.cleartextHost,
  };
}

const notConfirmed = (): AppError =>
  new AppError('ACCESS_DENIED', 'The profile change was not confirmed, so nothing was saved. Save it again and confirm it in the window Foundry Secrets opens for it.', {
    confirmed: false,
  });

/**
 * The profile to store for `requested`, after the person confirmed whatever needs confirming.
 * Throws VALIDATION (a kind change, remote http without the allowance) or ACCESS_DENIED (declined).
 */
export async function approveProfileSave(before: Profile | undefined, requested: Profile, confirm: ConfirmProfileChange | undefined): Promise<Profile> {
  const review = reviewProfileChange(before, requested);
  if (review.kindChanged) throw kindChangeRefused(requested.id);
  if (!review.needsConfirmation) return review.stored;
  if (!confirm) {
    throw new AppError('ACCESS_DENIED', 'This change needs a confirmation that only the app window can show, and none is available here. Make the change in the Foundry Secrets app.', {
      confirmed: false,
    });
  }
  let answer: ProfileConfirmationAnswer;
  try {
    answer = await confirm(confirmationRequest(review));
  } catch {
    throw notConfirmed();
  }
  if (answer.approved !== true) throw notConfirmed();
  if (review.cleartextHost && answer.allowCleartext !== true) {
    throw new AppError(
      'VALIDATION',
      `The endpoint ${review.cleartextHost} is on another machine and uses plain http, so values would travel unencrypted. Use an https:// endpoint, or allow unencrypted http explicitly in the confirmation.`,
      { profileId: requested.id },
    );
  }
  return review.stored;
}

/**
 * Profile changes one at a time, none queued: while one is being saved (or waits for the person's
 * answer), another is refused at once, so script in the window cannot stack up boxes for the person
 * to click through, and every answer is about the profile as it is now.
 */
export function createProfileChangeGate(): <T>(change: () => Promise<T>) => Promise<T> {
  let busy = false;
  return async (change) => {
    if (busy) throw new AppError('CONFLICT', 'Another profile change is still being saved or waiting for confirmation. Finish that one first, then save again.');
    busy = true;
    try {
      return await change();
    } finally {
      busy = false;
    }
  };
}
