import { describe, expect, it } from 'vitest';
import {
  HEALTH_CHECKED_TAG_KEY,
  HEALTH_TAG_KEY,
  HEALTH_TAGGING_GRACE_MS,
  HEALTH_TAG_KEYS,
  HEALTH_VERSION_TAG_KEY,
  VALUE_CHANGED_TAG_KEY,
  healthOf,
  lastValueChangeOf,
  healthTagsFor,
  keyHealthSchema,
  parseHealthTags,
} from '../../src/shared/key-health';

const CHECKED = '2026-11-28T10:00:00.000Z';
const tags = (verdict: string, checked: string) => [
  { Key: 'team', Value: 'payments' },
  { Key: HEALTH_TAG_KEY, Value: verdict },
  { Key: HEALTH_CHECKED_TAG_KEY, Value: checked },
];

describe('parseHealthTags', () => {
  it.each(['valid', 'rejected', 'unverified'])('reads the verdict %s and its date', (verdict) => {
    expect(parseHealthTags(tags(verdict, CHECKED))).toEqual({ verdict, checkedAt: CHECKED });
  });

  it('normalises a date without milliseconds', () => {
    expect(parseHealthTags(tags('valid', '2026-11-28T10:00:00Z'))?.checkedAt).toBe(CHECKED);
  });

  it.each([
    ['an unknown verdict', tags('ok', CHECKED)],
    ['a verdict in other case', tags('VALID', CHECKED)],
    ['a verdict with spaces', tags(' valid', CHECKED)],
    ['a date that is not ISO', tags('valid', '28/11/2026')],
    ['a date with an offset', tags('valid', '2026-11-28T10:00:00+02:00')],
    ['a date the calendar lacks', tags('valid', '2026-02-31T10:00:00.000Z')],
    ['an empty date', tags('valid', '')],
    ['no date', [{ Key: HEALTH_TAG_KEY, Value: 'valid' }]],
    ['no verdict', [{ Key: HEALTH_CHECKED_TAG_KEY, Value: CHECKED }]],
    ['a verdict given twice', [...tags('valid', CHECKED), { Key: HEALTH_TAG_KEY, Value: 'rejected' }]],
    ['a key in other case', [{ Key: 'Foundry:Health', Value: 'valid' }, { Key: HEALTH_CHECKED_TAG_KEY, Value: CHECKED }]],
    ['no tags at all', undefined],
  ])('ignores %s', (_what, given) => {
    expect(parseHealthTags(given)).toBeUndefined();
    expect(healthOf(given, undefined)).toBeUndefined();
  });
});

describe('healthOf', () => {
  const checked = Date.parse(CHECKED);

  it('is current when the secret last changed at the check (the tagging itself)', () => {
    expect(healthOf(tags('rejected', CHECKED), new Date(checked + 800))).toEqual({ verdict: 'rejected', checkedAt: CHECKED, outdated: false });
  });

  it('is current when the last change is before the check, within the tagging grace', () => {
    expect(healthOf(tags('valid', CHECKED), new Date(checked - 60_000))?.outdated).toBe(false);
  });

  it('is unknown when the check lies after the last change plus the grace (tagging would have moved it)', () => {
    expect(healthOf(tags('valid', CHECKED), new Date(checked - 86_400_000))).toBeUndefined();
  });

  it('is outdated when the secret was rewritten after the check', () => {
    expect(healthOf(tags('valid', CHECKED), new Date(checked + HEALTH_TAGGING_GRACE_MS + 1))?.outdated).toBe(true);
    expect(healthOf(tags('valid', CHECKED), '2026-11-29T09:00:00.000Z')?.outdated).toBe(true);
  });

  it('is not outdated when the last change is unknown', () => {
    expect(healthOf(tags('unverified', CHECKED), undefined)?.outdated).toBe(false);
  });

  it('answers what the schema accepts', () => {
    expect(keyHealthSchema.safeParse(healthOf(tags('valid', CHECKED), undefined)).success).toBe(true);
    expect(keyHealthSchema.safeParse({ verdict: 'valid', checkedAt: 'yesterday', outdated: false }).success).toBe(false);
  });
});

describe('healthTagsFor', () => {
  it('writes the two verdict keys alone when no version is known, read back as written', () => {
    const written = healthTagsFor('rejected', new Date(CHECKED));
    expect(written).toEqual([
      { Key: HEALTH_TAG_KEY, Value: 'rejected' },
      { Key: HEALTH_CHECKED_TAG_KEY, Value: CHECKED },
    ]);
    expect(parseHealthTags(written)).toEqual({ verdict: 'rejected', checkedAt: CHECKED });
  });
});

// The version verify checked, and when that version was written (metadata of the version, not of its value).
const V1 = 'aaaaaaaa-1111-4111-8111-111111111111';
const V2 = 'bbbbbbbb-2222-4222-8222-222222222222';
const WRITTEN = '2026-08-01T09:00:00.000Z';
const versionTags = (verdict: string, checked: string, versionId: string, valueChanged: string) => [
  ...tags(verdict, checked),
  { Key: HEALTH_VERSION_TAG_KEY, Value: versionId },
  { Key: VALUE_CHANGED_TAG_KEY, Value: valueChanged },
];

describe('healthOf with the checked version', () => {
  const checked = Date.parse(CHECKED);

  it('is outdated when the current version is not the checked one, even 10 s after the check', () => {
    expect(healthOf(versionTags('valid', CHECKED, V1, WRITTEN), new Date(checked + 10_000), V2)).toEqual({ verdict: 'valid', checkedAt: CHECKED, outdated: true });
  });

  it('is current when only tags changed, hours after the check (same version)', () => {
    expect(healthOf(versionTags('rejected', CHECKED, V1, WRITTEN), new Date(checked + 5 * 3_600_000), V1)?.outdated).toBe(false);
  });

  it('falls back to the grace rule without a version tag (tags of an older verify)', () => {
    expect(healthOf(tags('valid', CHECKED), new Date(checked + 10_000), V2)?.outdated).toBe(false);
    expect(healthOf(tags('valid', CHECKED), new Date(checked + HEALTH_TAGGING_GRACE_MS + 1), V1)?.outdated).toBe(true);
  });

  it.each([
    ['too short', 'a'.repeat(31)],
    ['too long', 'a'.repeat(65)],
    ['a space', `${'a'.repeat(31)} b`],
    ['a character AWS does not allow', `${'a'.repeat(32)}<`],
  ])('ignores a version tag with %s (grace rule applies)', (_what, versionId) => {
    expect(healthOf(versionTags('valid', CHECKED, versionId, WRITTEN), new Date(checked + 10_000), V2)?.outdated).toBe(false);
  });

  it('ignores a version tag given twice', () => {
    const doubled = [...versionTags('valid', CHECKED, V1, WRITTEN), { Key: HEALTH_VERSION_TAG_KEY, Value: V2 }];
    expect(healthOf(doubled, new Date(checked + 10_000), V2)?.outdated).toBe(false);
  });

  it('lists the four keys verify writes', () => {
    expect([...HEALTH_TAG_KEYS].sort()).toEqual([HEALTH_TAG_KEY, HEALTH_CHECKED_TAG_KEY, HEALTH_VERSION_TAG_KEY, VALUE_CHANGED_TAG_KEY].sort());
  });
});

describe('lastValueChangeOf', () => {
  const tagged = new Date(Date.parse(CHECKED) + 500); // LastChangedDate moved by the tagging itself
  const created = new Date('2026-01-01T00:00:00.000Z');

  it('is the value’s own change date when the tagged version is the current one', () => {
    expect(lastValueChangeOf({ tags: versionTags('valid', CHECKED, V1, WRITTEN), currentVersionId: V1, lastChangedAt: tagged, createdAt: created })?.toISOString()).toBe(WRITTEN);
  });

  it('accepts a date without milliseconds, and one equal to LastChangedDate', () => {
    expect(lastValueChangeOf({ tags: versionTags('valid', CHECKED, V1, '2026-08-01T09:00:00Z'), currentVersionId: V1, lastChangedAt: tagged })?.toISOString()).toBe(WRITTEN);
    expect(lastValueChangeOf({ tags: versionTags('valid', CHECKED, V1, WRITTEN), currentVersionId: V1, lastChangedAt: new Date(WRITTEN) })?.toISOString()).toBe(WRITTEN);
  });

  it('is LastChangedDate when the value was rewritten after the check (another version is current)', () => {
    expect(lastValueChangeOf({ tags: versionTags('valid', CHECKED, V1, WRITTEN), currentVersionId: V2, lastChangedAt: tagged })).toEqual(tagged);
  });

  it('never makes a key look newer than AWS says: a date after LastChangedDate is ignored', () => {
    expect(lastValueChangeOf({ tags: versionTags('valid', CHECKED, V1, '2026-12-01T00:00:00.000Z'), currentVersionId: V1, lastChangedAt: tagged })).toEqual(tagged);
  });

  it('ignores a date before the secret was created', () => {
    expect(lastValueChangeOf({ tags: versionTags('valid', CHECKED, V1, '2025-12-31T00:00:00.000Z'), currentVersionId: V1, lastChangedAt: tagged, createdAt: created })).toEqual(tagged);
  });

  it.each([
    ['no version tag', [...tags('valid', CHECKED), { Key: VALUE_CHANGED_TAG_KEY, Value: WRITTEN }]],
    ['no value-changed tag', [...tags('valid', CHECKED), { Key: HEALTH_VERSION_TAG_KEY, Value: V1 }]],
    ['a value-changed date that is not ISO UTC', versionTags('valid', CHECKED, V1, '2026-08-01T11:00:00+02:00')],
    ['a value-changed date the calendar lacks', versionTags('valid', CHECKED, V1, '2026-02-30T09:00:00.000Z')],
    ['a value-changed date given twice', [...versionTags('valid', CHECKED, V1, WRITTEN), { Key: VALUE_CHANGED_TAG_KEY, Value: WRITTEN }]],
    ['a malformed version tag', versionTags('valid', CHECKED, 'short', WRITTEN)],
  ])('is LastChangedDate with %s', (_what, given) => {
    expect(lastValueChangeOf({ tags: given, currentVersionId: V1, lastChangedAt: tagged })).toEqual(tagged);
  });

  it('is LastChangedDate (or nothing) when there is no current version or no LastChangedDate', () => {
    expect(lastValueChangeOf({ tags: versionTags('valid', CHECKED, V1, WRITTEN), currentVersionId: undefined, lastChangedAt: tagged })).toEqual(tagged);
    expect(lastValueChangeOf({ tags: versionTags('valid', CHECKED, V1, WRITTEN), currentVersionId: V1, lastChangedAt: undefined })).toBeUndefined();
  });
});

describe('healthTagsFor with the checked version', () => {
  it('writes the four documented keys: verdict, check date, version id and its creation date', () => {
    const written = healthTagsFor('valid', new Date(CHECKED), { versionId: V1, createdAt: new Date(WRITTEN) });
    expect(written).toEqual([
      { Key: HEALTH_TAG_KEY, Value: 'valid' },
      { Key: HEALTH_CHECKED_TAG_KEY, Value: CHECKED },
      { Key: HEALTH_VERSION_TAG_KEY, Value: V1 },
      { Key: VALUE_CHANGED_TAG_KEY, Value: WRITTEN },
    ]);
    expect(healthOf(written, new Date(Date.parse(CHECKED) + 10_000), V1)?.outdated).toBe(false);
    expect(lastValueChangeOf({ tags: written, currentVersionId: V1, lastChangedAt: new Date(CHECKED) })?.toISOString()).toBe(WRITTEN);
  });
});

// Review finding: tags anyone with TagResource can write must not outrank what AWS itself says.
describe('forged health tags', () => {
  const NOW = Date.parse('2026-11-30T08:00:00.000Z');
  const created = new Date('2025-10-01T00:00:00.000Z');

  it('does not trust a check date in the future (no version tag): health unknown, not "checked in 73 years"', () => {
    const forged = tags('valid', '2099-01-01T00:00:00Z');
    expect(healthOf(forged, new Date(NOW - 1_000), undefined, NOW)).toBeUndefined();
    expect(healthOf(forged, new Date(NOW - 1_000), V1, NOW)).toBeUndefined();
  });

  it('allows a check date up to 5 min ahead (clock differences) when the tagging moved LastChangedDate with it', () => {
    const ahead = new Date(NOW + 4 * 60_000).toISOString();
    expect(healthOf(tags('valid', ahead), new Date(NOW + 4 * 60_000 + 500), undefined, NOW)?.verdict).toBe('valid');
  });

  it('does not trust a check date later than LastChangedDate plus the tagging grace (tagging moves it)', () => {
    const last = new Date(NOW - 86_400_000);
    const late = new Date(last.getTime() + HEALTH_TAGGING_GRACE_MS + 1_000).toISOString();
    expect(healthOf(tags('valid', late), last, undefined, NOW)).toBeUndefined();
  });

  it('does not trust tags whose value-changed date is after the check (the value must have existed when checked)', () => {
    const checkedAt = new Date(NOW - 3_600_000).toISOString();
    const forged = versionTags('valid', checkedAt, V1, new Date(NOW - 60_000).toISOString());
    expect(healthOf(forged, new Date(NOW - 1_000), V1, NOW)).toBeUndefined();
  });

  it('ignores a back-dated value-changed when the check date is forged into the future', () => {
    const forged = versionTags('valid', '2099-01-01T00:00:00Z', V1, '2026-11-29T00:00:00.000Z');
    const last = new Date(NOW - 1_000); // the forging TagResource moved it to now
    expect(lastValueChangeOf({ tags: forged, currentVersionId: V1, lastChangedAt: last, createdAt: created }, NOW)).toEqual(last);
  });

  it('ignores a value-changed date after the check date', () => {
    const checkedAt = new Date(NOW - 2 * 86_400_000).toISOString();
    const forged = versionTags('valid', checkedAt, V1, new Date(NOW - 86_400_000).toISOString());
    const last = new Date(NOW - 1_000);
    expect(lastValueChangeOf({ tags: forged, currentVersionId: V1, lastChangedAt: last, createdAt: created }, NOW)).toEqual(last);
  });

  it('still reads an honest value-changed date (checked version current, written before the check)', () => {
    const checkedAt = new Date(NOW - 3_600_000);
    const honest = versionTags('valid', checkedAt.toISOString(), V1, WRITTEN);
    expect(lastValueChangeOf({ tags: honest, currentVersionId: V1, lastChangedAt: new Date(checkedAt.getTime() + 400), createdAt: created }, NOW)?.toISOString()).toBe(WRITTEN);
  });
});
