/**
 * Concurrent bursts: a renderer can fire many calls without waiting for answers. A burst of profile,
 * org and secret calls runs all at once; afterwards what main answers must be what it wrote to disk
 * (profiles.json, settings.json), the active profile must exist, and the audit chain must verify.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { PROFILES_FILE } from '../../../src/main/backends/profile-store';
import { SETTINGS_FILE } from '../../../src/main/settings-store';
import type { ChannelName, OrgList, ProfileList } from '../../../src/shared/contract';
import { canaryText } from './canary';
import type { FuzzHarness } from './harness';
import { MODEL_PROFILE_IDS } from './model';

export interface BurstCall {
  readonly channel: ChannelName;
  readonly input: unknown;
}

export function burstCalls(pools: { standinEndpoint: string }): fc.Arbitrary<BurstCall[]> {
  const id = fc.constantFrom(...MODEL_PROFILE_IDS);
  const orgId = fc.constantFrom('acme', 'constructor', 'prototype');
  const profile = fc.oneof(
    fc.record({ kind: fc.constant('embedded'), id, name: fc.constant('Burst'), env: fc.constantFrom('dev', 'prod'), readOnly: fc.boolean() }),
    fc.record({ kind: fc.constant('localstack'), id, name: fc.constant('Burst'), env: fc.constant('dev'), readOnly: fc.boolean(), endpoint: fc.constant(pools.standinEndpoint), region: fc.constant('us-east-1') }),
  );
  const call: fc.Arbitrary<BurstCall> = fc.oneof(
    profile.map((p) => ({ channel: 'saveProfile' as const, input: { profile: p } })),
    id.map((i) => ({ channel: 'removeProfile' as const, input: { id: i } })),
    id.map((i) => ({ channel: 'selectProfile' as const, input: { id: i } })),
    orgId.map((o) => ({ channel: 'addOrg' as const, input: { orgId: o } })),
    orgId.map((o) => ({ channel: 'removeOrg' as const, input: { orgId: o } })),
    fc.constant({ channel: 'listOrgs' as const, input: {} }),
    fc.tuple(orgId, canaryText).map(([o, value]) => ({ channel: 'writeSecret' as const, input: { orgId: o, secretName: 'openai_api_key', value } })),
    fc.constant({ channel: 'listProfiles' as const, input: {} }),
  );
  return fc.array(call, { minLength: 2, maxLength: 10 });
}

/** What main answers now against what it has on disk; throws naming the difference. */
export async function checkConsistent(h: FuzzHarness): Promise<void> {
  const list = (await h.ok('listProfiles', {})) as ProfileList;
  const onDisk = JSON.parse(await fs.readFile(path.join(h.userDataDir, PROFILES_FILE), 'utf8')) as { activeId: string; profiles: unknown[] };
  const canon = (profiles: readonly unknown[]) => profiles.map((p) => JSON.stringify(p, Object.keys(p as object).sort())).join();
  if (canon(onDisk.profiles) !== canon(list.profiles) || onDisk.activeId !== list.activeId) {
    throw new Error('after a burst, the profiles main answers differ from profiles.json');
  }
  if (!list.profiles.some((p) => p.id === list.activeId)) throw new Error('after a burst, the active profile does not exist');
  const orgs = await h.call('listOrgs', {});
  if (orgs.ok) {
    const settings = JSON.parse(await fs.readFile(path.join(h.userDataDir, SETTINGS_FILE), 'utf8').catch(() => '{"addedOrgs":{}}')) as { addedOrgs: Record<string, string[]> };
    const stored = Object.hasOwn(settings.addedOrgs, list.activeId) ? [...(settings.addedOrgs[list.activeId] ?? [])].sort() : [];
    const answered = (orgs.value as OrgList).orgs.filter((org) => org.added).map((org) => org.orgId).sort();
    if (stored.join() !== answered.join()) throw new Error(`after a burst, listOrgs shows added orgs [${answered.join(', ')}] but settings.json holds [${stored.join(', ')}]`);
  }
  const audit = await h.ok('listAudit', { limit: 1 });
  if (!audit.verification.ok) throw new Error('after a burst, the audit chain does not verify');
}
