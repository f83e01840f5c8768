/**
 * The drift view's words and decisions, without a window: side names, cell and finding words,
 * filters, the export's kinds, where "Open write form" goes (or why it cannot), and the threshold.
 */
import { describe, expect, it } from 'vitest';
import type { DriftFinding, DriftSideInfo, Profile } from '../../src/shared/contract';
import {
  actionSide,
  cellWords,
  countLabel,
  countsSentence,
  exportKinds,
  filterFindings,
  findingAction,
  findingWords,
  sideNamesOf,
} from '../../src/renderer/src/features/drift/drift-model';
import { defaultSides, parseSkewDays } from '../../src/renderer/src/features/drift/side-choice';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12);

const side = (over: Partial<DriftSideInfo>): DriftSideInfo => ({
  profileId: 'embedded',
  profileName: 'Embedded vault',
  kind: 'embedded',
  env: 'dev',
  ownEnv: true,
  readOnly: false,
  orgCount: 1,
  secretCount: 1,
  listedAt: NOW,
  ...over,
});

const embedded: Profile = { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false };
const prodVault: Profile = { kind: 'embedded', id: 'prod-vault', name: 'Production vault', env: 'prod', readOnly: false };
const localstackProd: Profile = { kind: 'localstack', id: 'ls', name: 'LocalStack', env: 'prod', readOnly: false, endpoint: 'http://localhost:4566', region: 'us-east-1' };

const finding = (over: Partial<DriftFinding>): DriftFinding => ({ orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key', kind: 'missing', side: 'right', ...over });

describe('drift words', () => {
  it('names sides by env for one profile, by profile for one env, by both otherwise', () => {
    expect(sideNamesOf(side({}), side({ env: 'prod', ownEnv: false }))).toEqual({ left: 'dev', right: 'prod' });
    expect(sideNamesOf(side({}), side({ profileId: 'ls', profileName: 'LocalStack' }))).toEqual({ left: 'Embedded vault', right: 'LocalStack' });
    expect(sideNamesOf(side({}), side({ profileId: 'ls', profileName: 'LocalStack', env: 'prod' }))).toEqual({ left: 'Embedded vault dev', right: 'LocalStack prod' });
  });

  it('says what each side has and what the finding is', () => {
    expect(cellWords(undefined, NOW)).toBe('missing');
    expect(cellWords({ hasValue: true, lastChangedAt: NOW - 40 * DAY }, NOW)).toBe('configured, last changed 40 days ago');
    expect(cellWords({ hasValue: true, lastChangedAt: NOW - DAY }, NOW)).toBe('configured, last changed yesterday');
    expect(cellWords({ hasValue: false, deletionDate: Date.UTC(2026, 11, 7) }, NOW)).toBe('scheduled for deletion on 2026-12-07');
    const names = { left: 'prod', right: 'dev' };
    expect(findingWords(finding({ side: 'left' }), names)).toBe('Missing in prod');
    expect(findingWords(finding({ side: 'left', domainId: 'cards', fallsBackToShared: true }), names)).toBe('Missing in prod (prod falls back to shared)');
    expect(findingWords(finding({ kind: 'skew', side: 'right', skewDays: 40 }), names)).toBe('Changed in dev 40 days after prod');
    expect(findingWords(finding({ kind: 'scheduled', side: 'right' }), names)).toBe('Scheduled for deletion in dev');
    expect(countLabel('skew', 'right', names, 30)).toBe('Changed in dev > 30 days after prod');
  });

  it('counts in one sentence, left before right, only what was found', () => {
    const counts = { left: { missing: 12, scheduled: 0, skew: 0 }, right: { missing: 0, scheduled: 1, skew: 4 } };
    expect(countsSentence({ counts, skewDays: 30 }, { left: 'prod', right: 'dev' })).toBe('Missing in prod: 12. Scheduled in dev: 1. Changed in dev > 30 days after prod: 4.');
    const none = { left: { missing: 0, scheduled: 0, skew: 0 }, right: { missing: 0, scheduled: 0, skew: 0 } };
    expect(countsSentence({ counts: none, skewDays: 30 }, { left: 'a', right: 'b' })).toBe('No drift found.');
  });
});

describe('drift filters', () => {
  const all = [
    finding({ orgId: 'acme', kind: 'missing', side: 'right' }),
    finding({ orgId: 'globex', kind: 'scheduled', side: 'right' }),
    finding({ orgId: 'initech', kind: 'missing', side: 'left', domainId: 'support' }),
  ];
  it('keeps the union of the toggles that are on, and what the search matches; nothing on keeps all', () => {
    expect(filterFindings(all, { keys: [], search: '' })).toBe(all);
    expect(filterFindings(all, { keys: ['missing:right', 'scheduled:right'], search: '' }).map((f) => f.orgId)).toEqual(['acme', 'globex']);
    expect(filterFindings(all, { keys: ['missing:right', 'missing:left'], search: 'INITECH/support' }).map((f) => f.orgId)).toEqual(['initech']);
  });

  it('exports the kinds of the toggles that are on (both sides), or every kind', () => {
    expect(exportKinds([])).toBeUndefined();
    expect(exportKinds(['skew:left', 'missing:right', 'missing:left'])).toEqual(['missing', 'skew']);
  });
});

describe('where "Open write form" goes', () => {
  const devVsProdOverride = { left: side({}), right: side({ env: 'prod', ownEnv: false }) };
  const names = { left: 'dev', right: 'prod' };

  it('writes on the side lacking it, the side changed earlier, or the scheduled side', () => {
    expect(actionSide(finding({ kind: 'missing', side: 'right' }))).toBe('right');
    expect(actionSide(finding({ kind: 'skew', side: 'right' }))).toBe('left');
    expect(actionSide(finding({ kind: 'scheduled', side: 'left' }))).toBe('left');
  });

  it('goes straight to the active profile when it is that side with its own env', () => {
    expect(findingAction(finding({ kind: 'skew', side: 'right', skewDays: 40 }), devVsProdOverride, names, [embedded], 'embedded')).toEqual({
      enabled: true,
      label: 'Open write form on dev',
      profileId: 'embedded',
      switchProfile: false,
      write: true,
    });
  });

  it('switches to the saved profile of the same backend whose own env the override is', () => {
    expect(findingAction(finding({}), devVsProdOverride, names, [embedded, localstackProd, prodVault], 'embedded')).toMatchObject({ enabled: true, profileId: 'prod-vault', switchProfile: true });
    // A scheduled secret: its card with Restore, not a write form.
    expect(findingAction(finding({ kind: 'scheduled' }), devVsProdOverride, names, [embedded, prodVault], 'embedded')).toMatchObject({ label: 'Open on prod to restore', write: false });
  });

  it('is off, with the reason, for an env no profile of that backend owns — never changing a profile', () => {
    // LocalStack's prod is another backend: it does not write to the vault's prod.
    expect(findingAction(finding({}), devVsProdOverride, names, [embedded, localstackProd], 'embedded')).toEqual({
      enabled: false,
      label: 'Open write form on prod',
      reason: 'No profile writes to prod of this backend: add one in Profiles.',
    });
  });

  it('is off on a read-only side, and says so', () => {
    const action = findingAction(finding({}), devVsProdOverride, names, [embedded, { ...prodVault, readOnly: true }], 'embedded');
    expect(action.enabled).toBe(false);
    expect(action.enabled ? '' : action.reason).toBe('Profile “Production vault” is read-only: it cannot write there. Turn read-only off in Profiles first.');
  });
});

describe('sides and threshold', () => {
  it('starts from the active profile, and the same profile with another env', () => {
    const list = { profiles: [embedded, prodVault], activeId: 'prod-vault', awsProfiles: [], warnings: [], defaults: { localstackEndpoint: '', region: '' } };
    expect(defaultSides(list)).toEqual({ left: { profileId: 'prod-vault' }, right: { profileId: 'prod-vault', env: 'dev' } });
  });

  it('takes whole days from 1 to 3650 and says what is wrong otherwise', () => {
    expect(parseSkewDays(' 45 ')).toEqual({ ok: true, days: 45 });
    expect(parseSkewDays('')).toMatchObject({ ok: false, problem: 'Enter a number of days, e.g. 30.' });
    expect(parseSkewDays('4.5')).toMatchObject({ ok: false, problem: 'Use whole days, digits only (e.g. 30).' });
    expect(parseSkewDays('0')).toMatchObject({ ok: false, problem: 'The threshold must be at least 1 day.' });
    expect(parseSkewDays('4000')).toMatchObject({ ok: false, problem: 'The threshold must be at most 3650 days (10 years).' });
  });
});
