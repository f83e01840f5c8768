/**
 * A job item whose write came back THROTTLED may still have been carried out: an earlier attempt
 * of the SDK can have reached the backend and lost its answer, and only the later ones were
 * refused. So a final THROTTLED proves nothing either way, and the job reads the secret back
 * before it reports the item (or sends its write again).
 *
 * Reading back needs no value: Secrets Manager (and the embedded vault) name a version after the
 * ClientRequestToken of the request that stored it, and a job sends one token per item for all of
 * the item's attempts, so DescribeSecret's versions say whether this item's write landed. Only
 * DescribeSecret, through the app's blind client (which refuses GetSecretValue anyway).
 */
import { DescribeSecretCommand, UpdateSecretVersionStageCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AppError, isAppError } from '../../shared/errors';
import { buildSecretId, type Env } from '../../shared/naming';
import type { SecretRef, SecretStatus } from '../../shared/secrets';
import { WRITTEN_DETAIL, type ItemOutcome } from './runner';
import { effectiveStatus, fromDescribe, type SecretMetadata } from '../secrets/status';

/** What one attempt of an item's write answered: its outcome, and for the audit and the fleet snapshot its status and version. */
export interface ItemWrite {
  readonly outcome: ItemOutcome;
  readonly status?: SecretStatus;
  readonly versionId?: string;
}

type Found = { readonly landed: false } | { readonly landed: true; readonly meta: SecretMetadata; readonly current: boolean };

/**
 * Whether version `token` of the secret exists; AWSPREVIOUS is taken off the value it replaced, as a
 * normal write does. DescribeSecret lists the versions that carry a label, so a version two other
 * writes have replaced meanwhile (within the seconds of the retries) would read as not landed.
 */
async function findVersion(client: SecretsManagerClient, secretId: string, token: string, mayWrite: () => boolean): Promise<Found> {
  const meta = await describeMeta(client, secretId);
  if (meta === undefined) return { landed: false };
  const ours = meta.stages[token];
  if (ours === undefined) return { landed: false };
  const current = ours.includes('AWSCURRENT');
  const previous = current ? Object.entries(meta.stages).find(([id, labels]) => id !== token && labels.includes('AWSPREVIOUS'))?.[0] : undefined;
  // Taking the label off is a write: not once the profile has turned read-only (or was removed).
  if (previous === undefined || !mayWrite()) return { landed: true, meta, current };
  try {
    // Best effort, as after any rotation (secrets/service.ts): the write itself is done either way.
    await client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSPREVIOUS', RemoveFromVersionId: previous }));
  } catch {
    return { landed: true, meta, current };
  }
  const stages: Record<string, string[]> = {};
  for (const [id, labels] of Object.entries(meta.stages)) {
    const kept = id === previous ? labels.filter((label) => label !== 'AWSPREVIOUS') : [...labels];
    if (kept.length > 0) stages[id] = kept;
  }
  return { landed: true, meta: { ...meta, stages }, current };
}

/** Reads back whether a write of this item landed: its outcome if it did, undefined if it did not; throws if it cannot tell. */
export type ReadBack = (when: 'earlier' | 'this') => Promise<ItemWrite | undefined>;

export interface AttemptGuard {
  readonly secretId: string;
  /** An earlier attempt of this item came back THROTTLED, so it may have landed: read back before changing again. */
  readonly uncertain: boolean;
  /** This attempt came back THROTTLED (its later attempts are then uncertain). */
  readonly onThrottled: () => void;
  /** What to look for when the person checks by hand ("version …", "its deletion date"). */
  readonly lookFor: string;
  /**
   * Right before the change is sent (after an uncertain item's read-back): throws if the item may
   * not be changed any more (its profile turned read-only or was removed meanwhile). So a write
   * that landed earlier is reported as found, never as "nothing was changed".
   */
  readonly mayChange?: () => void;
}

/** How an outcome found by reading back is worded. */
export const lostAnswer = (when: 'earlier' | 'this'): string =>
  when === 'earlier' ? 'by an earlier attempt whose answer was lost to throttling' : 'though its answer was lost to throttling';

/**
 * One attempt of an item's change, decided exactly when its answer is lost: an uncertain item is
 * read back first (a change that landed is reported, not sent again: "exists already", "new version
 * added" or "already scheduled" would be wrong); a THROTTLED answer is read back, and is passed on
 * only if the change did not land (details.written false) or could not be read back ("Unknown —
 * check", details.written 'unknown').
 */
export async function changeOnce(guard: AttemptGuard, readBack: ReadBack, change: () => Promise<ItemWrite>): Promise<ItemWrite> {
  const decide = async (when: 'earlier' | 'this'): Promise<ItemWrite | undefined> => {
    try {
      return await readBack(when);
    } catch {
      throw new AppError(
        'THROTTLED',
        `Unknown — check ${guard.secretId}: its change may have been made (the backend throttled the answers, and reading the secret back failed too). Look at ${guard.lookFor} before changing it again.`,
        { secretId: guard.secretId, [WRITTEN_DETAIL]: 'unknown' },
      );
    }
  };
  if (guard.uncertain) {
    const earlier = await decide('earlier');
    if (earlier) return earlier;
  }
  guard.mayChange?.();
  try {
    return await change();
  } catch (error) {
    if (!isAppError(error) || error.code !== 'THROTTLED') throw error;
    guard.onThrottled();
    const landed = await decide('this');
    if (landed) return landed;
    throw new AppError('THROTTLED', error.message, { ...error.details, [WRITTEN_DETAIL]: false });
  }
}

export interface ItemAttempts {
  readonly secretId: string;
  readonly lookFor: string;
  readonly readBack: ReadBack;
  /** Sends the item's change once. */
  readonly change: () => Promise<ItemWrite>;
  /** Throws if the item may not be changed any more (see AttemptGuard.mayChange). */
  readonly mayChange: () => void;
  /** The runner's: give the slot back and wait for another turn (false: cancelled, or out of retries). */
  readonly retryLater: () => Promise<boolean>;
  /** Aborted when the app closes: the item settles within CLOSING_GRACE_MS + CLOSING_READ_BACK_MS (see attemptItem). */
  readonly closing?: AbortSignal;
}

/** After the app starts closing, how long an item may still take to settle on its own. */
export const CLOSING_GRACE_MS = 1_000;
/** Then, how long its read-back may take before it is settled "Unknown — check". */
export const CLOSING_READ_BACK_MS = 1_000;

const isThrottled = (error: unknown): error is AppError => isAppError(error) && error.code === 'THROTTLED';

/**
 * An item's change with all its retries, in one call, so the caller audits it as one change: one
 * attempt entry before it, one outcome after it, for the attempt that actually stored it (an
 * attempt that came back THROTTLED is not an outcome: it may have landed). A THROTTLED answer
 * waits for the runner to give the item another turn; when there is none (a cancel, or too many
 * throttles), an item whose change may have landed is read back once more before it is settled,
 * so a cancel never reports "nothing was written" for a change it could not rule out.
 */
export async function attemptItem(item: ItemAttempts): Promise<ItemWrite> {
  const attempts = attemptsOf(item);
  const closing = item.closing;
  if (!closing) return attempts;
  let closed: () => void = () => undefined;
  const whenClosed = new Promise<void>((resolve) => (closed = resolve));
  const onClose = (): void => closed();
  closing.addEventListener('abort', onClose, { once: true });
  if (closing.aborted) closed();
  // A write stuck in the SDK's throttled retries can take a minute (10 tries, up to 20 s apart), and
  // the app quits when its jobs have settled: so the item stops waiting for it, and is read back.
  const settledOnClose = whenClosed
    .then(() => within(attempts, CLOSING_GRACE_MS))
    .then((done) => done ?? settleOnClose(item));
  try {
    return await Promise.race([attempts, settledOnClose]);
  } finally {
    // The signal is the job service's, shared by every item: no listener may outlive its item.
    closing.removeEventListener('abort', onClose);
  }
}

/** `promise`'s answer, or undefined if it takes longer than `ms` (its failure is passed on). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The app is closing and the item's change may still be in flight: only finding it landed settles it as written. */
async function settleOnClose(item: ItemAttempts): Promise<ItemWrite> {
  const found = await within(item.readBack('this'), CLOSING_READ_BACK_MS).catch(() => undefined);
  if (found) return found;
  throw new AppError(
    'THROTTLED',
    `Unknown — check ${item.secretId}: the app closed while its change was still in flight (or being retried after throttling), so it may have been made. Look at ${item.lookFor} before changing it again.`,
    { secretId: item.secretId, [WRITTEN_DETAIL]: 'unknown' },
  );
}

async function attemptsOf(item: ItemAttempts): Promise<ItemWrite> {
  let uncertain = false;
  const guard = (): AttemptGuard => ({
    secretId: item.secretId,
    uncertain,
    onThrottled: () => {
      uncertain = true;
    },
    lookFor: item.lookFor,
    mayChange: item.mayChange,
  });
  let tries = 0;
  for (;;) {
    tries += 1;
    try {
      return await changeOnce(guard(), item.readBack, item.change);
    } catch (error) {
      if (!isThrottled(error)) throw error;
      if (await item.retryLater()) continue;
      if (error.details?.[WRITTEN_DETAIL] !== 'unknown') throw error;
      // No more turns, and the last read-back failed: one more, read-only, before settling.
      let found: ItemWrite | undefined;
      try {
        found = await item.readBack('earlier');
      } catch {
        throw error;
      }
      if (found) return found;
      // Not error.message: that one says the read-back failed, and this one has just succeeded.
      throw new AppError(
        'THROTTLED',
        `The backend refused the change of ${item.secretId} (throttled) after ${tries} ${tries === 1 ? 'try' : 'tries'}; reading it back found nothing written. Run the job again later for this item.`,
        { ...error.details, [WRITTEN_DETAIL]: false },
      );
    }
  }
}

/** The read-back of a write sent with `token`: did version `token` land? `mayWrite`: whether the AWSPREVIOUS cleanup may be made. */
export function versionReadBack(client: SecretsManagerClient, env: Env, ref: SecretRef, token: string, mayWrite: () => boolean): ReadBack {
  const secretId = buildSecretId({ env, ...ref });
  return async (when) => {
    const found = await findVersion(client, secretId, token, mayWrite);
    if (!found.landed) return undefined;
    const reason = found.current
      ? `Written ${lostAnswer(when)}: reading the secret back found this job's version current.`
      : `Written ${lostAnswer(when)}: reading the secret back found this job's version, but another write has replaced it as current since.`;
    return { outcome: { state: 'written', reason }, status: effectiveStatus({ env, ...ref }, found.meta, undefined), versionId: token };
  };
}

/** The secret's metadata, undefined when it does not exist (DescribeSecret). */
export async function describeMeta(client: SecretsManagerClient, secretId: string): Promise<SecretMetadata | undefined> {
  try {
    return fromDescribe(await client.send(new DescribeSecretCommand({ SecretId: secretId })));
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/**
 * `change`, with the secret described once before its first send: was it scheduled for deletion
 * then? ('unknown' when that describe failed.) What a deletion's or a restore's read-back may claim
 * depends on it: a state the secret already had proves nothing about this job's request.
 */
function describedBeforeFirstSend<A extends unknown[]>(
  client: SecretsManagerClient,
  secretId: string,
  change: (...args: A) => Promise<ItemWrite>,
): { readonly change: (...args: A) => Promise<ItemWrite>; readonly scheduledBefore: () => boolean | 'unknown' | undefined } {
  let scheduledBefore: boolean | 'unknown' | undefined;
  return {
    change: async (...args) => {
      if (scheduledBefore === undefined) {
        scheduledBefore = await describeMeta(client, secretId).then(
          (meta) => meta?.deletedDate !== undefined,
          () => 'unknown' as const,
        );
      }
      return change(...args);
    },
    scheduledBefore: () => scheduledBefore,
  };
}

/**
 * The read-back of a scheduled deletion: is the secret scheduled now, and by this job? A deletion
 * date alone does not say who scheduled it, and this machine's clock says nothing of the backend's
 * (so the date cannot be checked against the window). So `change` is wrapped: before its first
 * send, the secret is described once. Scheduled already: the backend refuses to schedule it again,
 * so this job's request cannot have landed, and its retry fails as the normal path does. Not known
 * (the describe failed): a deletion found later is "Unknown — check", never "written".
 */
export function deletionReadBack<A extends unknown[]>(
  client: SecretsManagerClient,
  env: Env,
  ref: SecretRef,
  change: (...args: A) => Promise<ItemWrite>,
): { readonly readBack: ReadBack; readonly change: (...args: A) => Promise<ItemWrite> } {
  const secretId = buildSecretId({ env, ...ref });
  const first = describedBeforeFirstSend(client, secretId, change);
  return {
    change: first.change,
    readBack: async (when) => {
      const meta = await describeMeta(client, secretId);
      if (meta?.deletedDate === undefined || first.scheduledBefore() === true) return undefined;
      if (first.scheduledBefore() !== false) throw new Error('It is scheduled, but whether it was before this job is not known.');
      const reason = `Scheduled for deletion ${lostAnswer(when)}: reading the secret back found it scheduled for ${meta.deletedDate.toISOString()}.`;
      return { outcome: { state: 'written', reason }, status: effectiveStatus({ env, ...ref }, meta, undefined) };
    },
  };
}

/**
 * The read-back of a restore: does the secret exist, no longer scheduled, and was it scheduled
 * before this job? A secret that was never scheduled reads the same before and after a restore, so
 * (as deletionReadBack does) `change` is wrapped: before its first send the secret is described
 * once. Not scheduled then: a read-back claims nothing, the item is sent again and answered as the
 * normal path answers. Not known (the describe failed): a secret found restored is "Unknown — check".
 * `status` is what a restore answers.
 */
export function restoreReadBack<A extends unknown[]>(
  client: SecretsManagerClient,
  env: Env,
  ref: SecretRef,
  change: (...args: A) => Promise<ItemWrite>,
): { readonly readBack: (status: () => Promise<SecretStatus>) => ReadBack; readonly change: (...args: A) => Promise<ItemWrite> } {
  const secretId = buildSecretId({ env, ...ref });
  const first = describedBeforeFirstSend(client, secretId, change);
  return {
    change: first.change,
    readBack: (status) => async (when) => {
      const meta = await describeMeta(client, secretId);
      if (meta === undefined || meta.deletedDate !== undefined || first.scheduledBefore() === false) return undefined;
      if (first.scheduledBefore() !== true) throw new Error('It is not scheduled, but whether it was before this job is not known.');
      return { outcome: { state: 'written', reason: `Restored ${lostAnswer(when)}: reading the secret back found it no longer scheduled for deletion.` }, status: await status() };
    },
  };
}
