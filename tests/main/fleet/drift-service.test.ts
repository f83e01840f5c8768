/**
 * The drift service's memory bounds, on the real SDK against the real vault: the findings kept
 * for export are bounded by their total across kept reports (the oldest report goes first, the
 * newest is always kept whole, as its export must have every finding), and the answer to the
 * window says when it holds only the first findings.
 */
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDriftService, type DriftService } from '../../../src/main/fleet/drift-service';
import { driftReportSchema } from '../../../src/shared/drift';
import type { Profile } from '../../../src/shared/profiles';
import { clientFor, startVault } from '../../vault/helpers';

const profile: Profile = { kind: 'embedded', id: 'local', name: 'Local vault', env: 'dev', readOnly: false };
const dev = { profileId: 'local' };
const prod = { profileId: 'local', env: 'prod' as const };

describe('drift service bounds', () => {
  let service: (options: { maxKeptFindings?: number; maxSentFindings?: number }) => DriftService;

  beforeAll(async () => {
    const { vault } = await startVault();
    const client = await clientFor(vault, 'in-process');
    // Four secrets in dev, none in prod: every comparison of dev with prod finds 4 missing in prod.
    for (const name of ['a_key', 'b_key', 'c_key', 'd_key']) await client.send(new CreateSecretCommand({ Name: `agentfoundry/dev/acme/shared/${name}`, SecretString: 'x' }));
    service = (bounds) => createDriftService({ profileById: (id) => (id === profile.id ? profile : undefined), fleet: { complete: () => undefined }, clientFor: async () => client, ...bounds });
  });

  const compare = (drift: DriftService) => drift.compare({ requestId: crypto.randomUUID(), left: dev, right: prod, skewDays: 30, refresh: false });

  it('evicts the oldest kept reports once the findings kept exceed the bound, keeping the newest whole', async () => {
    const drift = service({ maxKeptFindings: 10 });
    const first = await compare(drift);
    const second = await compare(drift);
    expect(drift.kept(first.driftId).findings).toHaveLength(4);
    // 12 findings kept would pass the bound of 10: the oldest report goes.
    const third = await compare(drift);
    expect(() => drift.kept(first.driftId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(drift.kept(second.driftId).findings).toHaveLength(4);
    expect(drift.kept(third.driftId).findings).toHaveLength(4);
    // A bound smaller than one report keeps that report alone.
    const tight = service({ maxKeptFindings: 3 });
    const one = await compare(tight);
    const two = await compare(tight);
    expect(() => tight.kept(one.driftId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(tight.kept(two.driftId).findings).toHaveLength(4);
    drift.close();
    tight.close();
  });

  it('says when the answer holds only the first findings, and keeps every finding for export', async () => {
    const drift = service({ maxSentFindings: 3 });
    const report = await compare(drift);
    expect(driftReportSchema.safeParse(report).success).toBe(true);
    expect(report.findings.map((f) => f.secretName)).toEqual(['a_key', 'b_key', 'c_key']);
    expect(report.truncated).toBe(true);
    expect(report.counts.right.missing).toBe(4);
    expect(drift.kept(report.driftId).findings).toHaveLength(4);
    const whole = await compare(service({}));
    expect(whole.truncated).toBe(false);
    expect(whole.findings).toHaveLength(4);
    drift.close();
  });
});

describe('drift service, a comparison that fails on a bug (not a backend error)', () => {
  it('rejects its callers and leaves no unhandled rejection in main (review finding)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const drift = createDriftService({
        profileById: (id) => (id === profile.id ? profile : undefined),
        fleet: { complete: () => undefined },
        clientFor: async () => ({}) as never,
        list: async () => {
          throw new TypeError('a bug while listing');
        },
      });
      await expect(drift.compare({ requestId: crypto.randomUUID(), left: dev, right: prod, skewDays: 30, refresh: false })).rejects.toBeInstanceOf(TypeError);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
      drift.close();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
