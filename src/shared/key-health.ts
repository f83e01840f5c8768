/**
 * Key health, shown blind: `foundry-secrets verify` (run where reading is allowed: an agent host,
 * CI) checks each stored key with its provider and records ONLY the verdict as tags on the secret,
 * with two facts about the checked version (its id and when it was written): metadata Secrets
 * Manager holds anyway, never derived from the value. The app, which cannot read values, reads the
 * tags from the metadata ListSecrets and DescribeSecret already return. Pure: the CLI, main and
 * the renderer share it.
 *
 * Tags are written by whoever may tag the secret, so they are parsed strictly: an unknown verdict,
 * a malformed date or a missing half means "no health known", never a guess; a malformed version
 * fact is ignored on its own.
 */
import { z } from 'zod';
import { strictObject } from './schema-kit';

export const HEALTH_TAG_KEY = 'foundry:health';
export const HEALTH_CHECKED_TAG_KEY = 'foundry:health-checked';
/** The VersionId of the version verify checked: "outdated" is then exact (another version is current). */
export const HEALTH_VERSION_TAG_KEY = 'foundry:health-version';
/**
 * When that version was written (its CreatedDate): when the value itself last changed. Needed
 * because tagging moves LastChangedDate ("modified in any way"), which would otherwise make every
 * verified key look freshly changed to the stale policy and to drift.
 */
export const VALUE_CHANGED_TAG_KEY = 'foundry:value-changed';
export const HEALTH_TAG_KEYS = [HEALTH_TAG_KEY, HEALTH_CHECKED_TAG_KEY, HEALTH_VERSION_TAG_KEY, VALUE_CHANGED_TAG_KEY] as const;

export const KEY_HEALTH_VERDICTS = ['valid', 'rejected', 'unverified'] as const;
export type KeyHealthVerdict = (typeof KEY_HEALTH_VERDICTS)[number];

/**
 * Only for tags without a version (written by an older verify): tagging is itself a change
 * (LastChangedDate is "modified in any way"), so a change this soon after the check is taken for
 * that tagging, not for a new value, and a rewrite inside this window is missed. With the version
 * tag, outdated compares version ids and needs no window.
 */
export const HEALTH_TAGGING_GRACE_MS = 2 * 60_000;

/** A VersionId as AWS's ClientRequestToken allows it (32–64), in the characters a tag value may hold. */
const VERSION_ID = /^[A-Za-z0-9._:/=+@-]{32,64}$/;

/** ISO 8601 in UTC as Date.prototype.toISOString writes it (milliseconds optional). */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

export function isIsoUtcDate(text: string): boolean {
  if (!ISO_UTC.test(text)) return false;
  const time = Date.parse(text);
  // Rejects dates the pattern lets through but the calendar does not (2026-02-31T…).
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 19) === text.slice(0, 19);
}

export const keyHealthSchema = strictObject({
  verdict: z.enum(KEY_HEALTH_VERDICTS),
  /** When the check ran (ISO 8601, UTC). */
  checkedAt: z.string().max(24).refine(isIsoUtcDate, { error: 'must be an ISO 8601 date in UTC' }),
  /**
   * The verdict is about an earlier value: another version than the checked one is current (tags
   * without a version: the secret changed after the check and its tagging grace).
   */
  outdated: z.boolean(),
});
export type KeyHealth = z.output<typeof keyHealthSchema>;

export interface TagLike {
  readonly Key?: string | undefined;
  readonly Value?: string | undefined;
}

export interface HealthTags {
  readonly verdict: KeyHealthVerdict;
  readonly checkedAt: string;
}

/** The verdict tags of a secret, or undefined when either is missing, doubled or not well formed. */
export function parseHealthTags(tags: readonly TagLike[] | undefined): HealthTags | undefined {
  if (!tags) return undefined;
  const verdicts = tags.filter((tag) => tag.Key === HEALTH_TAG_KEY);
  const dates = tags.filter((tag) => tag.Key === HEALTH_CHECKED_TAG_KEY);
  if (verdicts.length !== 1 || dates.length !== 1) return undefined;
  const verdict = verdicts[0]?.Value;
  const checkedAt = dates[0]?.Value;
  if (verdict === undefined || checkedAt === undefined) return undefined;
  if (!(KEY_HEALTH_VERDICTS as readonly string[]).includes(verdict) || !isIsoUtcDate(checkedAt)) return undefined;
  return { verdict: verdict as KeyHealthVerdict, checkedAt: new Date(Date.parse(checkedAt)).toISOString() };
}

/** The one value of `key`, or undefined when it is absent or given more than once. */
function singleValue(tags: readonly TagLike[], key: string): string | undefined {
  const found = tags.filter((tag) => tag.Key === key);
  return found.length === 1 ? found[0]?.Value : undefined;
}

/** The version verify checked, when tagged once and well formed. */
function checkedVersionOf(tags: readonly TagLike[] | undefined): string | undefined {
  const versionId = tags ? singleValue(tags, HEALTH_VERSION_TAG_KEY) : undefined;
  return versionId !== undefined && VERSION_ID.test(versionId) ? versionId : undefined;
}

const timeOf = (date: Date | string | number | undefined): number => (date === undefined ? Number.NaN : new Date(date).getTime());

/** How far a check date may lie ahead of this computer's clock (clocks differ), before it is forged. */
export const HEALTH_CLOCK_SLACK_MS = 5 * 60_000;

/**
 * The check date, when it agrees with what AWS says: not in the future (beyond clock slack) and
 * not later than LastChangedDate plus the tagging grace (writing the tags moves LastChangedDate,
 * so an honest check date can never lie after it); and the value-changed date, when tagged, not
 * after the check (the value existed when it was checked). Anything else is a forged or broken
 * tag set: no health known.
 *
 * Residual risk: someone who may TagResource and re-tags consistently (a verdict, a check date of
 * now, the current version id, an earlier value-changed date) is indistinguishable from verify
 * without per-version metadata. Grant TagResource on these secrets only to the verify identity.
 */
function trustedCheck(tags: readonly TagLike[] | undefined, lastChangedAt: Date | string | number | undefined, now: number): HealthTags | undefined {
  const parsed = parseHealthTags(tags);
  if (!parsed || !tags) return undefined;
  const checkedAt = Date.parse(parsed.checkedAt);
  if (checkedAt > now + HEALTH_CLOCK_SLACK_MS) return undefined;
  const changed = timeOf(lastChangedAt);
  if (Number.isFinite(changed) && checkedAt > changed + HEALTH_TAGGING_GRACE_MS) return undefined;
  const valueChanged = singleValue(tags, VALUE_CHANGED_TAG_KEY);
  if (valueChanged !== undefined && isIsoUtcDate(valueChanged) && Date.parse(valueChanged) > checkedAt) return undefined;
  return parsed;
}

/**
 * The health the tags record, and whether the value in effect is another than the one checked:
 * by version id when verify tagged it and the current version is known, else (older tags) by the
 * last change being later than the check plus the tagging grace. `now` is a parameter so tests
 * are deterministic.
 */
export function healthOf(
  tags: readonly TagLike[] | undefined,
  lastChangedAt: Date | string | number | undefined,
  currentVersionId?: string,
  now: number = Date.now(),
): KeyHealth | undefined {
  const parsed = trustedCheck(tags, lastChangedAt, now);
  if (!parsed) return undefined;
  const checkedVersion = checkedVersionOf(tags);
  if (checkedVersion !== undefined && currentVersionId !== undefined) {
    return { verdict: parsed.verdict, checkedAt: parsed.checkedAt, outdated: checkedVersion !== currentVersionId };
  }
  const changed = timeOf(lastChangedAt);
  const outdated = Number.isFinite(changed) && changed > Date.parse(parsed.checkedAt) + HEALTH_TAGGING_GRACE_MS;
  return { verdict: parsed.verdict, checkedAt: parsed.checkedAt, outdated };
}

export interface ChangeFacts {
  readonly tags: readonly TagLike[] | undefined;
  readonly currentVersionId: string | undefined;
  /** Secrets Manager's LastChangedDate: moved by any change, tagging included. */
  readonly lastChangedAt: Date | undefined;
  readonly createdAt?: Date | undefined;
}

/**
 * When the value in effect last changed: the date verify tagged, when it is about the current
 * version, its check date is trusted (see trustedCheck) and it lies within what AWS says (not
 * after the check nor after LastChangedDate, so a tag can never make a key look newer than it
 * is; not before the secret was created). Otherwise LastChangedDate, as before. Tagging moves
 * LastChangedDate to now, so that bound alone stops no back-dating: the check date must too.
 */
export function lastValueChangeOf(facts: ChangeFacts, now: number = Date.now()): Date | undefined {
  const { tags, currentVersionId, lastChangedAt, createdAt } = facts;
  const fallback = lastChangedAt;
  if (!tags || currentVersionId === undefined || lastChangedAt === undefined) return fallback;
  if (!trustedCheck(tags, lastChangedAt, now)) return fallback;
  if (checkedVersionOf(tags) !== currentVersionId) return fallback;
  const text = singleValue(tags, VALUE_CHANGED_TAG_KEY);
  if (text === undefined || !isIsoUtcDate(text)) return fallback;
  const changed = Date.parse(text);
  if (changed > lastChangedAt.getTime()) return fallback;
  if (createdAt !== undefined && changed < createdAt.getTime()) return fallback;
  return new Date(changed);
}

export interface CheckedVersion {
  readonly versionId: string;
  /** The version's CreatedDate, as GetSecretValue answers it. */
  readonly createdAt: Date;
}

/**
 * The tags verify writes, in one TagResource call: the verdict and its date, and (when the read
 * answered them) the checked version's id and creation date. Nothing derived from the value.
 */
export function healthTagsFor(verdict: KeyHealthVerdict, checkedAt: Date, checked?: CheckedVersion): { Key: string; Value: string }[] {
  const tags = [
    { Key: HEALTH_TAG_KEY, Value: verdict },
    { Key: HEALTH_CHECKED_TAG_KEY, Value: checkedAt.toISOString() },
  ];
  if (checked && VERSION_ID.test(checked.versionId) && Number.isFinite(checked.createdAt.getTime())) {
    tags.push({ Key: HEALTH_VERSION_TAG_KEY, Value: checked.versionId }, { Key: VALUE_CHANGED_TAG_KEY, Value: checked.createdAt.toISOString() });
  }
  return tags;
}
