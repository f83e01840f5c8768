/**
 * A change across orgs is checked as a whole before it starts: every secret id it would write must
 * fit AWS's 256-character limit in every env, as a single write's input is (secrets.ts). Before,
 * a long org id failed item by item at the backend, after the job had started.
 */
import { describe, expect, it } from 'vitest';
import { startBulkInputSchema } from '../../src/shared/jobs';

const longOrg = `o${'x'.repeat(63)}`; // 64: the longest an org id may be
const longDomain = `d${'y'.repeat(63)}`;
const longName = `n${'z'.repeat(120)}`;

describe('startBulkInputSchema', () => {
  it('refuses a change whose secret id would be too long for one of its orgs, naming that org’s place', () => {
    const parsed = startBulkInputSchema.safeParse({ orgIds: ['acme', longOrg], domainId: longDomain, secretName: longName, action: { kind: 'restore' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['orgIds.1', 'the secret id would be longer than 256 characters; use a shorter organization id, domain id or secret name'],
    ]);
  });

  it('takes ids that fit', () => {
    expect(startBulkInputSchema.safeParse({ orgIds: ['acme', 'globex'], domainId: 'shared', secretName: 'openai_api_key', action: { kind: 'restore' } }).success).toBe(true);
  });
});
