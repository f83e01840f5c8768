/**
 * Bounds on a secret's fields that the window checks before sending and main enforces at the
 * boundary (secrets.ts builds its schemas from them, and re-exports them). No schema here: the
 * write form and the delete and restore dialogs use them and, like the window's first screen,
 * load no zod (tests/build/bundle-size.test.ts).
 */

/** AWS's limit for a secret's description (characters). */
export const MAX_DESCRIPTION_LENGTH = 2048;
/** AWS's bounds on DeleteSecret's RecoveryWindowInDays. */
export const RECOVERY_WINDOW_DAYS = { min: 7, max: 30 } as const;
