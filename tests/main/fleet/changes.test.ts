/**
 * A change made by this app updates the fleet snapshot from the status it answered: what the
 * status knows must survive the trip, or the cards and the matrix lose it until the next listing.
 */
import { describe, expect, it } from 'vitest';
import { metadataFromStatus } from '../../../src/main/fleet/changes';
import { secretStatusSchema, type SecretStatus } from '../../../src/shared/secrets';

// Parsed, so the sample is a status main could really answer.
const rewritten: SecretStatus = secretStatusSchema.parse({
  secretId: 'agentfoundry/dev/acme/shared/openai_api_key',
  orgId: 'acme',
  domainId: 'shared',
  secretName: 'openai_api_key',
  env: 'dev',
  state: 'configured',
  createdAt: '2026-01-01T00:00:00.000Z',
  lastChangedAt: '2026-11-30T08:00:00.000Z',
  currentVersionId: 'a1b2c3d4-0000-4000-8000-000000000001',
  // Rewritten after verify checked an earlier version: the verdict is about an earlier value.
  health: { verdict: 'rejected', checkedAt: '2026-11-29T08:00:00.000Z', outdated: true },
});

describe('metadataFromStatus', () => {
  it('keeps the key-health verdict of a rewritten secret (shown as outdated, not dropped)', () => {
    expect(metadataFromStatus(rewritten)?.health).toEqual({ verdict: 'rejected', checkedAt: '2026-11-29T08:00:00.000Z', outdated: true });
  });

  it('has no verdict where the status has none', () => {
    const { health: _unused, ...plain } = rewritten;
    expect(metadataFromStatus(secretStatusSchema.parse(plain))?.health).toBeUndefined();
  });
});
