/**
 * What a cell says in text (the CSV, the CLI) and when a key counts as stale — held to what the
 * screen shows (review findings): the "never accessed" mark, and whole days for the stale policy.
 */
import { describe, expect, it } from 'vitest';
import { cellOf, cellWord, indexOrg, isStale } from '../../src/shared/coverage';
import type { FleetOrg, FleetSecret } from '../../src/shared/fleet';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12);
const secret = (over: Partial<FleetSecret> = {}): FleetSecret => ({ domainId: 'shared', secretName: 'openai_api_key', hasValue: true, lastChangedAt: NOW - DAY, ...over }) as FleetSecret;

describe('isStale', () => {
  it('counts whole days, as "changed 90 days ago" and "over 90 days" do', () => {
    expect(isStale(secret({ lastChangedAt: NOW - 90.5 * DAY }), NOW, 90)).toBe(false);
    expect(isStale(secret({ lastChangedAt: NOW - 90.99 * DAY }), NOW, 90)).toBe(false);
    expect(isStale(secret({ lastChangedAt: NOW - 91 * DAY }), NOW, 90)).toBe(true);
    expect(isStale(secret({ lastChangedAt: undefined, createdAt: NOW - 200 * DAY }), NOW, 90)).toBe(true);
  });
});

describe('cellWord', () => {
  const org = (secrets: FleetSecret[]): FleetOrg => ({ orgId: 'acme', secrets }) as FleetOrg;
  const word = (secrets: FleetSecret[]) => cellWord(cellOf(indexOrg(org(secrets)), 'shared', 'openai_api_key', NOW, 90, true));

  it('carries every mark the screen shows: stale and never accessed', () => {
    expect(word([secret({ lastAccessedAt: NOW - DAY })])).toBe('configured');
    expect(word([secret()])).toBe('configured (never accessed)');
    expect(word([secret({ lastChangedAt: NOW - 120 * DAY })])).toBe('configured (stale, never accessed)');
    expect(word([secret({ lastChangedAt: NOW - 120 * DAY, lastAccessedAt: NOW - DAY })])).toBe('configured (stale)');
    expect(word([])).toBe('missing');
  });
});
