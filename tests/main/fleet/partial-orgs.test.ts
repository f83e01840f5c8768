/**
 * Reviewer finding 5: while the snapshot loads, an org's secrets arrive over several batches (pages
 * come oldest first, so secrets made in turn for every org spread each org over the pages). Every
 * batch must say which orgs are not listed to their end yet, so that no key of theirs is shown as
 * missing, filtered as missing or selected for a change across orgs on that ground.
 */
import { CreateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFleetSequentially } from '../../../src/main/fleet/list';
import { createFleetService, type FleetServiceOptions } from '../../../src/main/fleet/service';
import { cellOf, indexOrg } from '../../../src/shared/coverage';
import { coarsenPending, fleetProgressSchema, fleetSnapshotSchema, orgListedTest, type FleetProgress, type FleetSecret } from '../../../src/shared/fleet';
import type { Profile } from '../../../src/shared/profiles';
import { startVault } from '../../vault/helpers';
import { inProcess } from './helpers';

const ORGS = 150;
const NAMES = ['openai_api_key', 'stripe_api_key'] as const;
const orgIdOf = (i: number): string => `a${String(i).padStart(3, '0')}`;
const profile: Profile = { kind: 'embedded', id: 'partial-orgs', name: 'Partial orgs', env: 'dev', readOnly: false };

interface Replay {
  /** Batches sent while loading in which some org was shown with fewer than all its secrets. */
  readonly partialBatches: number;
  /** Such orgs the batch did not flag as not listed yet (the finding: must be none). */
  readonly unflagged: string[];
  /** Cells of an org shown with one secret that read "missing" for the other (must be none). */
  readonly missingCells: string[];
  /** Orgs a loading batch already called listed in full (the flag is not merely "loading"). */
  readonly listedWhileLoading: number;
}

/** Replays the batches as the window applies them, checking each loading batch's flags. */
function replay(events: readonly FleetProgress[]): Replay {
  const seen = new Map<string, FleetSecret[]>();
  let partialBatches = 0;
  let listedWhileLoading = 0;
  const unflagged: string[] = [];
  const missingCells: string[] = [];
  for (const [number, event] of events.entries()) {
    for (const org of event.orgs) {
      const secrets = seen.get(org.orgId) ?? [];
      for (const secret of org.secrets) if (!secrets.some((known) => known.secretName === secret.secretName)) secrets.push(secret);
      seen.set(org.orgId, secrets);
    }
    if (event.state !== 'loading') continue;
    const listed = orgListedTest(event.pendingPrefixes);
    let partial = false;
    for (const [orgId, secrets] of seen) {
      if (listed(orgId)) listedWhileLoading += 1;
      if (secrets.length === NAMES.length) continue;
      partial = true;
      if (listed(orgId)) unflagged.push(`batch ${number + 1}: ${orgId}`);
      const index = indexOrg({ orgId, secrets });
      for (const name of NAMES) {
        const cell = cellOf(index, 'shared', name, Date.now(), 90, listed(orgId));
        if (cell.state === 'missing') missingCells.push(`batch ${number + 1}: ${orgId}/${name}`);
      }
    }
    if (partial) partialBatches += 1;
  }
  return { partialBatches, unflagged, missingCells, listedWhileLoading };
}

async function build(client: SecretsManagerClient, list?: FleetServiceOptions['list']): Promise<{ events: FleetProgress[]; first: unknown }> {
  const events: FleetProgress[] = [];
  const service = createFleetService({ clientFor: async () => client, send: (_name, payload) => events.push(payload as FleetProgress), ...(list && { list }) });
  const first = service.load(profile, [], false);
  await service.settled(profile);
  service.close();
  return { events, first };
}

describe('an org spread over several batches while the snapshot loads', () => {
  let client: SecretsManagerClient;
  beforeAll(async () => {
    const { vault } = await startVault({ clock: () => new Date() });
    client = inProcess(vault);
    // Every org's openai key first, then every org's stripe key: each org's two secrets lie 150 apart.
    for (const name of NAMES) {
      for (let i = 0; i < ORGS; i += 1) await client.send(new CreateSecretCommand({ Name: `agentfoundry/dev/${orgIdOf(i)}/shared/${name}`, SecretString: 'x-value' }));
    }
  });

  it('flags, in every batch, each org not listed to its end: none of its keys reads "missing"', async () => {
    const { events, first } = await build(client);
    // Before any answer, the whole env is pending.
    expect(fleetSnapshotSchema.parse(first).pendingPrefixes).toEqual(['']);
    for (const event of events) expect(fleetProgressSchema.safeParse(event).success).toBe(true);
    const result = replay(events);
    // The setting does spread orgs over batches (else this test would prove nothing)…
    expect(result.partialBatches).toBeGreaterThan(0);
    // …and every such org is flagged, so no cell of it says "missing".
    expect(result.unflagged).toEqual([]);
    expect(result.missingCells).toEqual([]);
    // Shards that end early free their orgs before the whole listing ends.
    expect(result.listedWhileLoading).toBeGreaterThan(0);
    const last = events.at(-1);
    expect(last?.state).toBe('complete');
    expect(last?.pendingPrefixes).toEqual([]);
    // Small enough to send with every batch.
    const largest = Math.max(...events.map((event) => event.pendingPrefixes.length));
    console.log(`${events.length} batches, ${result.partialBatches} with orgs shown in part; at most ${largest} pending prefixes in a batch`);
    expect(largest).toBeLessThan(200);
  });

  it('coarsens a long pending list to fit a batch without ever calling an org listed too soon', async () => {
    const { events } = await build(client);
    const widest = events.reduce((a, b) => (b.pendingPrefixes.length > a.pendingPrefixes.length ? b : a)).pendingPrefixes;
    expect(widest.length).toBeGreaterThan(8);
    const orgIds = [...Array.from({ length: ORGS + 50 }, (_, i) => orgIdOf(i)), 'a', 'a0', 'a00', 'b000', 'zz-top'];
    for (const max of [1, 3, 8, 20]) {
      const coarse = coarsenPending(widest, max);
      expect(coarse.length).toBeLessThanOrEqual(max);
      const fine = orgListedTest(widest);
      const rough = orgListedTest(coarse);
      for (const orgId of orgIds) if (rough(orgId)) expect(fine(orgId), `${orgId} under ${coarse.join(',')}`).toBe(true);
    }
    // Already small: unchanged (sorted, without prefixes another one covers).
    expect(coarsenPending(['b', 'a0', 'a0/x', 'a1'])).toEqual(['a0', 'a1', 'b']);
    expect(coarsenPending(['', 'a'])).toEqual(['']);
  });

  it('the sequential listing keeps the whole env pending until its last page', async () => {
    const { events } = await build(client, listFleetSequentially);
    const result = replay(events);
    expect(result.partialBatches).toBeGreaterThan(0);
    expect(result.unflagged).toEqual([]);
    expect(result.missingCells).toEqual([]);
    const loading = events.filter((e) => e.state === 'loading');
    // Every page but the last leaves the rest of the env to list; the last one, nothing.
    for (const event of loading.slice(0, -1)) expect(event.pendingPrefixes).toEqual(['']);
    expect(loading.at(-1)?.pendingPrefixes).toEqual([]);
    expect(events.at(-1)?.pendingPrefixes).toEqual([]);
  });
});
