/**
 * Key health in the window's pure parts: the words of a verdict, the rejected mark of a cell
 * (outdated verdicts and missing cells never marked), the "rejected keys" filter of the matrix,
 * and the cell word the CSV export writes.
 */
import { describe, expect, it } from 'vitest';
import { cellOf, cellWord, isRejected } from '../../src/shared/coverage';
import type { FleetOrg, FleetSecret } from '../../src/shared/fleet';
import type { KeyHealth } from '../../src/shared/key-health';
import { entriesOf } from '../../src/renderer/src/features/fleet/fleet-model';
import { buildMatrix, DEFAULT_MATRIX_FILTERS, describeCell, filtersActive } from '../../src/renderer/src/features/fleet/matrix-model';
import { healthLabel } from '../../src/renderer/src/features/secrets/health-words';
import { indexOrg } from '../../src/shared/coverage';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 29, 12);
const iso = (ms: number): string => new Date(ms).toISOString();
const health = (verdict: KeyHealth['verdict'], daysBack: number, outdated = false): KeyHealth => ({ verdict, checkedAt: iso(NOW - daysBack * DAY), outdated });

function secret(secretName: string, extra: Partial<FleetSecret> = {}): FleetSecret {
  return { domainId: 'shared', secretName, createdAt: NOW - 5 * DAY, lastChangedAt: NOW - 5 * DAY, lastAccessedAt: NOW - DAY, hasValue: true, ...extra };
}

describe('healthLabel', () => {
  it('says the verdict and its age', () => {
    expect(healthLabel(health('rejected', 1), NOW)).toBe('Rejected by provider yesterday');
    expect(healthLabel(health('valid', 3), NOW)).toBe('Valid · checked 3 days ago');
    expect(healthLabel(health('unverified', 2 / 24), NOW)).toBe("Couldn't verify · checked 2 hours ago");
  });
});

describe('the rejected mark and filter', () => {
  const acme: FleetOrg = {
    orgId: 'acme',
    secrets: [
      secret('openai_api_key', { health: health('rejected', 1) }),
      secret('anthropic_api_key', { health: health('valid', 1) }),
      secret('github_token', { health: health('rejected', 4, true) }),
    ],
  };
  const globex: FleetOrg = { orgId: 'globex', secrets: [secret('openai_api_key', { health: health('valid', 1) }), secret('github_token', { health: health('rejected', 2, true) })] };
  // A domain without its own key: the shared (rejected) one applies there, and is that row's shared fact.
  const initech: FleetOrg = { orgId: 'initech', secrets: [secret('openai_api_key', { health: health('rejected', 1) }), secret('deepgram_api_key', { domainId: 'support' })] };

  it('marks a cell whose applying key was rejected, not an outdated verdict nor another verdict', () => {
    const index = indexOrg(acme);
    expect(isRejected(cellOf(index, 'shared', 'openai_api_key', NOW, 90))).toBe(true);
    expect(isRejected(cellOf(index, 'shared', 'anthropic_api_key', NOW, 90))).toBe(false);
    expect(isRejected(cellOf(index, 'shared', 'github_token', NOW, 90))).toBe(false);
    expect(isRejected(cellOf(index, 'shared', 'deepgram_api_key', NOW, 90))).toBe(false);
    expect(isRejected(cellOf(index, 'support', 'openai_api_key', NOW, 90))).toBe(true);
  });

  it('says so in the cell’s words and in the CSV word', () => {
    const index = indexOrg(acme);
    expect(describeCell(cellOf(index, 'shared', 'openai_api_key', NOW, 90), NOW)).toContain('key rejected by its provider');
    expect(describeCell(cellOf(index, 'shared', 'anthropic_api_key', NOW, 90), NOW)).not.toContain('rejected');
    expect(cellWord(cellOf(index, 'shared', 'openai_api_key', NOW, 90))).toBe('configured (rejected)');
    expect(cellWord(cellOf(index, 'shared', 'openai_api_key', NOW, 1))).toBe('configured (stale, rejected)');
    expect(cellWord(cellOf(index, 'shared', 'github_token', NOW, 90))).toBe('configured');
  });

  it('"rejected keys" leaves the orgs with a rejected key of their own', () => {
    const model = buildMatrix({ orgs: entriesOf({ orgs: [acme, globex, initech] }).values(), addedOrgs: [], filters: { ...DEFAULT_MATRIX_FILTERS, rejected: true }, expanded: {}, now: NOW, staleAfterDays: 90 });
    expect(model.rows.map((row) => row.key)).toEqual(['acme', 'initech']);
    expect(filtersActive({ ...DEFAULT_MATRIX_FILTERS, rejected: true })).toBe(true);
    const all = buildMatrix({ orgs: entriesOf({ orgs: [acme, globex, initech] }).values(), addedOrgs: [], filters: DEFAULT_MATRIX_FILTERS, expanded: {}, now: NOW, staleAfterDays: 90 });
    expect(all.rows.map((row) => row.key)).toEqual(['acme', 'globex', 'initech']);
  });
});
