/**
 * The state the fuzz meets before each channel: profiles of every kind (the embedded one active),
 * secrets (one scheduled for deletion), added orgs, fresh picked files and import sources, a live
 * job and a complete fleet snapshot. Without it most valid payloads would only ever hit NOT_FOUND.
 *
 * `ensureBaseline` only repairs what the previous channel's fuzz changed (a profile removed or
 * re-pointed, a secret deleted, the active profile switched), so one harness serves every channel.
 * Every value written holds the canary.
 */
import { randomUUID } from 'node:crypto';
import { TOKEN } from './canary';
import type { FuzzHarness } from './harness';

type Ref = { orgId: string; domainId?: string; secretName: string };

/** Configured secrets; the last one is kept scheduled for deletion (for restoreSecret). */
const CONFIGURED: readonly Ref[] = [
  { orgId: 'acme', secretName: 'openai_api_key' },
  { orgId: 'acme', domainId: 'cards', secretName: 'github_token' },
  { orgId: 'globex', secretName: 'custom_key' },
  { orgId: 'globex', secretName: 'n8n_api_key' },
];
const SCHEDULED: Ref = { orgId: 'acme', secretName: 'anthropic_api_key' };
const ADDED_ORGS = ['initech', 'prototype'];

function baselineProfiles(h: FuzzHarness) {
  const { standinEndpoint, closedEndpoint } = h.pools;
  return [
    { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false },
    { kind: 'embedded', id: 'ro', name: 'Read-only', env: 'dev', readOnly: true },
    { kind: 'embedded', id: 'stage', name: 'Staging', env: 'staging', readOnly: false },
    { kind: 'localstack', id: 'standin', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: standinEndpoint, region: 'us-east-1' },
    { kind: 'localstack', id: 'closed', name: 'Nothing listens', env: 'dev', readOnly: false, endpoint: closedEndpoint, region: 'us-east-1' },
    { kind: 'aws', id: 'aws-missing', name: 'AWS (not configured)', env: 'prod', readOnly: true, awsProfile: 'fuzz-missing' },
  ];
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a, Object.keys(a as object).sort()) === JSON.stringify(b, Object.keys(b as object).sort());

export async function ensureBaseline(h: FuzzHarness): Promise<void> {
  h.person.approveAll = true;
  try {
    // Profiles: the fuzz may have removed, re-pointed or added some (at most 50 can exist).
    let list = await h.ok('listProfiles', {});
    const wanted = baselineProfiles(h);
    const wantedIds = new Set(wanted.map((p) => p.id));
    if (list.profiles.length > 40) {
      if (list.activeId !== 'embedded' && list.profiles.some((p) => p.id === 'embedded')) await h.ok('selectProfile', { id: 'embedded' });
      for (const profile of list.profiles) if (!wantedIds.has(profile.id) && profile.id !== list.activeId) await h.ok('removeProfile', { id: profile.id });
      list = await h.ok('listProfiles', {});
    }
    for (const profile of wanted) {
      const stored = list.profiles.find((p) => p.id === profile.id);
      if (stored && sameJson(stored, profile)) continue;
      // A profile's kind is fixed once created: one of another kind under this id goes first.
      if (stored && stored.kind !== profile.kind) {
        if (list.activeId === profile.id) await h.ok('selectProfile', { id: list.profiles.find((p) => p.id !== profile.id)?.id });
        await h.ok('removeProfile', { id: profile.id });
      }
      list = await h.ok('saveProfile', { profile });
    }
    if (list.activeId !== 'embedded') await h.ok('selectProfile', { id: 'embedded' });
    await h.ok('saveKeyCheckSettings', { settings: { enabled: true, baseUrls: {} } });

    // Secrets.
    for (const [i, ref] of CONFIGURED.entries()) {
      const status = await h.ok('getSecretStatus', ref);
      if (status.state === 'scheduled-for-deletion') await h.ok('restoreSecret', ref);
      else if (status.state !== 'configured') await h.ok('writeSecret', { ...ref, value: `${TOKEN}-seed-${i}`, ...(i === 0 && { description: 'seeded' }) });
    }
    const scheduled = await h.ok('getSecretStatus', SCHEDULED);
    if (scheduled.state !== 'scheduled-for-deletion') {
      if (scheduled.state !== 'configured') await h.ok('writeSecret', { ...SCHEDULED, value: `${TOKEN}-seed-scheduled` });
      await h.ok('removeSecret', { ...SCHEDULED, mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
    }
    const orgs = await h.ok('listOrgs', {});
    for (const orgId of ADDED_ORGS) if (!orgs.orgs.some((org) => org.orgId === orgId && org.added)) await h.ok('addOrg', { orgId });

    // Handles main keeps in memory (a write or a discard uses them up; only the newest are kept).
    h.pools.valueFileHandles.length = 0;
    for (const secretName of ['tls_cert', 'tls_cert', 'keystore', 'openai_api_key']) await h.call('pickValueFile', { orgId: 'acme', secretName });
    h.pools.importSourceIds.length = 0;
    await h.ok('openImportSource', { kind: 'file' });
    await h.ok('openImportSource', { kind: 'environment' });
    const liveJobs = [];
    for (const jobId of h.pools.jobIds.slice(-10)) if ((await h.dispatch('getJob', { jobId })).ok) liveJobs.push(jobId);
    h.pools.jobIds.length = 0;
    h.pools.jobIds.push(...liveJobs);
    if (liveJobs.length === 0) {
      const [fileSource] = h.pools.importSourceIds;
      await h.ok('startImport', { sourceId: fileSource, orgId: 'initech', domainId: 'shared', includeCustom: true, overwrite: true });
      await h.ok('startBulk', { orgIds: ['acme', 'globex'], domainId: 'shared', secretName: 'n8n_api_key', action: { kind: 'set', value: `${TOKEN}-seed-bulk` } });
      await h.settle();
    }
    // A complete drift report for exportDrift (main keeps the latest few): dev against staging of the embedded vault.
    h.pools.driftIds.length = 0;
    await h.ok('compareDrift', { requestId: randomUUID(), left: { profileId: 'embedded' }, right: { profileId: 'stage' } });
    h.pools.snapshotIds.length = 0;
    let fleet = await h.ok('loadFleet', {});
    if (fleet.state !== 'complete') fleet = await h.ok('loadFleet', { refresh: true });
    for (let i = 0; i < 300 && fleet.state === 'loading'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      fleet = await h.ok('loadFleet', {});
    }
  } finally {
    h.person.approveAll = false;
  }
}
