/**
 * A secret that exists without a value (created by infrastructure code, as Terraform does) and is
 * scheduled for deletion, then restored in the app, stays in the fleet snapshot: a restore leaves
 * the secret in place, whatever its effective state (not configured, or inheriting the shared one).
 * Before, the snapshot dropped it — and its org with it — until the next full listing.
 */
import path from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetSnapshot } from '../../src/shared/contract';
import { VAULT_DIR } from '../../src/main/composition';
import { defaultKeyProtector, openVault } from '../../src/main/vault/index';
import { ENV, startHarness, type Harness } from '../main/audit/harness';
import { tempDir } from '../vault/helpers';

describe('restoring a secret without a value', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function withValuelessSecrets(names: readonly string[], valued: readonly string[] = []): Promise<Harness> {
    const userDataDir = await tempDir('foundry-valueless-');
    const dataDir = path.join(userDataDir, VAULT_DIR);
    const vault = await openVault({ dataDir, keyProtector: defaultKeyProtector(dataDir, ENV) });
    const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    for (const name of names) await client.send(new CreateSecretCommand({ Name: name, Description: 'made by infrastructure code, no value yet' }));
    for (const name of valued) await client.send(new CreateSecretCommand({ Name: name, SecretString: 'sk-valued-0123456789' }));
    client.destroy();
    await vault.close();
    return startHarness({ userDataDir });
  }

  async function complete(harness: Harness): Promise<FleetSnapshot> {
    let snapshot = await harness.ok('loadFleet', { refresh: false });
    for (let i = 0; i < 300 && snapshot.state !== 'complete'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      snapshot = await harness.ok('loadFleet', { refresh: false });
    }
    return snapshot;
  }

  const secretsOf = (snapshot: FleetSnapshot, orgId: string): string[] =>
    (snapshot.orgs.find((org) => org.orgId === orgId)?.secrets ?? []).map((s) => `${s.domainId}/${s.secretName}${s.hasValue ? '' : ' (no value)'}${s.deletionDate ? ' (scheduled)' : ''}`).sort();

  it('keeps a shared one (not configured after the restore) and its org', async () => {
    h = await withValuelessSecrets(['agentfoundry/dev/tf-org/shared/openai_api_key']);
    expect(secretsOf(await complete(h), 'tf-org')).toEqual(['shared/openai_api_key (no value)']);
    await h.ok('removeSecret', { orgId: 'tf-org', secretName: 'openai_api_key', mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
    expect(await h.ok('restoreSecret', { orgId: 'tf-org', secretName: 'openai_api_key' })).toMatchObject({ state: 'not-configured' });
    expect(secretsOf(await h.ok('loadFleet', { refresh: false }), 'tf-org')).toEqual(['shared/openai_api_key (no value)']);
    expect((await h.ok('listOrgs')).orgs.map((org) => [org.orgId, org.secretCount])).toEqual([['tf-org', 1]]);
  });

  it('keeps one of another domain that inherits the shared value after the restore', async () => {
    h = await withValuelessSecrets(['agentfoundry/dev/tf-org/ops/openai_api_key'], ['agentfoundry/dev/tf-org/shared/openai_api_key']);
    await complete(h);
    await h.ok('removeSecret', { orgId: 'tf-org', domainId: 'ops', secretName: 'openai_api_key', mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
    expect(await h.ok('restoreSecret', { orgId: 'tf-org', domainId: 'ops', secretName: 'openai_api_key' })).toMatchObject({ state: 'inherited' });
    expect(secretsOf(await h.ok('loadFleet', { refresh: false }), 'tf-org')).toEqual(['ops/openai_api_key (no value)', 'shared/openai_api_key']);
  });
});
