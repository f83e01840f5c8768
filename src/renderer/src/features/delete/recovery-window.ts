import { RECOVERY_WINDOW_DAYS } from '../../../../shared/secret-limits';

/** Why a typed recovery window (in days) cannot be used, or null. One wording for every form that asks. */
export function recoveryDaysProblem(text: string): string | null {
  if (!/^\d+$/.test(text.trim())) return `Enter a whole number of days from ${RECOVERY_WINDOW_DAYS.min} to ${RECOVERY_WINDOW_DAYS.max}.`;
  const days = Number(text);
  if (days < RECOVERY_WINDOW_DAYS.min || days > RECOVERY_WINDOW_DAYS.max) {
    return `The recovery window must be ${RECOVERY_WINDOW_DAYS.min} to ${RECOVERY_WINDOW_DAYS.max} days.`;
  }
  return null;
}
