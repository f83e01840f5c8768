import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSecretsClient } from '../../src/main/backends/client-factory';
import { createSecretsService, type SecretsService } from '../../src/main/secrets/service';
import type { Profile } from '../../src/shared/profiles';
import { SecretValue } from '../../src/shared/secret-value';
import type { Vault } from '../../src/main/vault/index';
import { rejectionOf, startVault, type TestClock } from '../vault/helpers';

const DEV: Profile = { id: 'embedded', name: 'Embedded vault', kind: 'embedded', env: 'dev', readOnly: false };

/** Counts the commands the app's client sends, by name (an SDK middleware, not a mock). */
function countCommands(client: SecretsManagerClient): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'testCommandCounter' },
  );
  return counts;
}

describe('secrets service against the embedded vault (real SDK)', () => {
  let vault: Vault;
  let clock: TestClock;
  let appClient: SecretsManagerClient;
  let service: SecretsService;
  let counts: Map<string, number>;
  /** Tests may read values to prove a write landed; the app's own client cannot. */
  let reader: SecretsManagerClient;

  async function serviceFor(profile: Profile): Promise<SecretsService> {
    return createSecretsService(await createSecretsClient(profile, { getVault: async () => vault }), profile);
  }

  beforeEach(async () => {
    ({ vault, clock } = await startVault());
    appClient = await createSecretsClient(DEV, { getVault: async () => vault });
    counts = countCommands(appClient);
    service = createSecretsService(appClient, DEV);
    reader = new SecretsManagerClient(vault.clientConfig());
  });

  const ref = { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key' };
  const currentValue = async (secretId: string) => (await reader.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;

  it('writes a new secret: CreateSecret, configured status, version id', async () => {
    const result = await service.write({ ...ref, value: new SecretValue('sk-first'), description: 'OpenAI for acme' });
    expect(result.created).toBe(true);
    expect(result.status).toMatchObject({ secretId: 'agentfoundry/dev/acme/shared/openai_api_key', state: 'configured', description: 'OpenAI for acme', currentVersionId: result.versionId });
    expect(await currentValue(result.status.secretId)).toBe('sk-first');
    expect(await service.status(ref)).toEqual(result.status);
  });

  it('rotates: a new version, and the previous value is no longer readable by stage', async () => {
    const first = await service.write({ ...ref, value: new SecretValue('sk-first') });
    const second = await service.write({ ...ref, value: new SecretValue('sk-second') });
    expect(second.created).toBe(false);
    expect(second.versionId).not.toBe(first.versionId);
    expect(second.status.currentVersionId).toBe(second.versionId);
    expect(await currentValue(second.status.secretId)).toBe('sk-second');
    const previous = await rejectionOf(reader.send(new GetSecretValueCommand({ SecretId: second.status.secretId, VersionStage: 'AWSPREVIOUS' })));
    expect(previous.name).toBe('ResourceNotFoundException');
    // What AWS still keeps: the old version, unlabelled, until it is pruned (>100 versions and >24 h old).
    const versions = await reader.send(new ListSecretVersionIdsCommand({ SecretId: second.status.secretId, IncludeDeprecated: true }));
    expect(versions.Versions?.find((v) => v.VersionId === first.versionId)?.VersionStages).toEqual([]);
  });

  it('shows a domain secret as inherited from the org\'s shared one until the domain has its own', async () => {
    const domainRef = { ...ref, domainId: 'card-services' };
    expect((await service.status(domainRef)).state).toBe('not-configured');
    await service.write({ ...ref, value: new SecretValue('sk-shared') });
    expect(await service.status(domainRef)).toMatchObject({ state: 'inherited', inheritedFrom: 'agentfoundry/dev/acme/shared/openai_api_key', secretId: 'agentfoundry/dev/acme/card-services/openai_api_key' });
    await service.write({ ...domainRef, value: new SecretValue('sk-domain') });
    expect((await service.status(domainRef)).state).toBe('configured');
    const list = await service.listStatus('acme', 'card-services');
    expect(list.domains).toEqual(['card-services', 'shared']);
    expect(list.secrets.find((s) => s.secretName === 'openai_api_key')?.state).toBe('configured');
  });

  it('lists the catalog plus custom names, with inherited custom names in a domain view', async () => {
    await service.write({ ...ref, secretName: 'stripe_key', value: new SecretValue('v') });
    await service.write({ ...ref, domainId: 'billing', secretName: 'billing_only', value: new SecretValue('v') });
    const shared = await service.listStatus('acme');
    expect(shared.secrets.slice(0, 9).map((s) => s.state)).toEqual(Array(9).fill('not-configured'));
    expect(shared.secrets.map((s) => s.secretName).slice(9)).toEqual(['stripe_key']);
    const billing = await service.listStatus('acme', 'billing');
    expect(billing.secrets.slice(9).map((s) => [s.secretName, s.state])).toEqual([
      ['billing_only', 'configured'],
      ['stripe_key', 'inherited'],
    ]);
  });

  it('lists 250 secrets with ⌈250/100⌉ = 3 ListSecrets calls, never one call per secret', async () => {
    for (let i = 0; i < 250; i += 1) {
      await reader.send(new CreateSecretCommand({ Name: `agentfoundry/dev/bulk/shared/key_${String(i).padStart(3, '0')}`, SecretString: 'v' }));
    }
    counts.clear();
    const list = await service.listStatus('bulk');
    expect(list.secrets.filter((s) => s.state === 'configured')).toHaveLength(250);
    expect(Object.fromEntries(counts)).toEqual({ ListSecretsCommand: 3 });
  }, 60_000);

  it('lets two concurrent writers create the same new secret: both succeed, one creates, one adds a version', async () => {
    const [a, b] = await Promise.all([service.write({ ...ref, value: new SecretValue('sk-a') }), service.write({ ...ref, value: new SecretValue('sk-b') })]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const winner = a.created ? b : a; // the one that added a version wrote last
    expect(await currentValue(a.status.secretId)).toBe(winner === a ? 'sk-a' : 'sk-b');
  });

  it('lets concurrent rotations of one secret all succeed, and leaves no readable AWSPREVIOUS', async () => {
    await service.write({ ...ref, value: new SecretValue('sk-0') });
    const results = await Promise.all([1, 2, 3].map((n) => service.write({ ...ref, value: new SecretValue(`sk-${n}`) })));
    expect(results.map((r) => r.created)).toEqual([false, false, false]);
    const secretId = results[0]?.status.secretId as string;
    expect(['sk-1', 'sk-2', 'sk-3']).toContain(await currentValue(secretId));
    const previous = await rejectionOf(reader.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSPREVIOUS' })));
    expect(previous.name).toBe('ResourceNotFoundException');
  });

  it('rotates an existing secret without CreateSecret (a rotate-only IAM role is enough)', async () => {
    await service.write({ ...ref, value: new SecretValue('sk-0') });
    counts.clear();
    await service.write({ ...ref, value: new SecretValue('sk-1') });
    expect(counts.get('CreateSecretCommand')).toBeUndefined();
    expect(counts.get('PutSecretValueCommand')).toBe(1);
  });

  it('reports a stored value as written even when reading the secret back afterwards fails', async () => {
    await service.write({ ...ref, value: new SecretValue('sk-0') });
    // Fault injection at the SDK's middleware stack: every DescribeSecret after the put fails.
    let stored = false;
    appClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutSecretValueCommand') {
          const output = await next(args);
          stored = true;
          return output;
        }
        if (stored && context.commandName === 'DescribeSecretCommand') throw Object.assign(new Error('injected'), { name: 'ThrottlingException', $metadata: {} });
        return next(args);
      },
      { step: 'initialize', name: 'testFailAfterPut' },
    );
    const result = await service.write({ ...ref, value: new SecretValue('sk-1') });
    expect(result).toMatchObject({ created: false, status: { state: 'configured', currentVersionId: result.versionId } });
    expect(await currentValue(result.status.secretId)).toBe('sk-1');
  });

  it('walks the deletion lifecycle: schedule, refuse writes with the date, restore, force delete', async () => {
    await service.write({ ...ref, value: new SecretValue('sk-1') });
    const scheduled = await service.remove({ ...ref, mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
    expect(scheduled).toMatchObject({ state: 'scheduled-for-deletion', deletionDate: new Date(clock.now + 7 * 86_400_000).toISOString() });
    const canary = `canary-${randomUUID()}`;
    const refused = await rejectionOf(service.write({ ...ref, value: new SecretValue(canary) }));
    expect(refused).toMatchObject({ code: 'SCHEDULED_FOR_DELETION', details: { deletionDate: scheduled.deletionDate } });
    expect(JSON.stringify({ message: refused.message, details: (refused as { details?: unknown }).details })).not.toContain(canary);
    expect((await service.restore(ref)).state).toBe('configured');
    expect(await currentValue(scheduled.secretId)).toBe('sk-1');
    expect((await service.remove({ ...ref, mode: { kind: 'force' } })).state).toBe('not-configured');
    expect((await service.status(ref)).state).toBe('not-configured');
    expect(await rejectionOf(service.remove({ ...ref, mode: { kind: 'force' } }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('after a forced delete of a domain secret, shows the shared one as inherited', async () => {
    await service.write({ ...ref, value: new SecretValue('sk-shared') });
    await service.write({ ...ref, domainId: 'ops', value: new SecretValue('sk-ops') });
    expect((await service.remove({ ...ref, domainId: 'ops', mode: { kind: 'force' } })).state).toBe('inherited');
  });

  it('answers NOT_FOUND for removing or restoring a secret that does not exist', async () => {
    expect(await rejectionOf(service.remove({ ...ref, mode: { kind: 'recoverable', recoveryWindowDays: 30 } }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejectionOf(service.restore(ref))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses every change on a read-only profile before anything is sent', async () => {
    const readOnly = await serviceFor({ ...DEV, id: 'support', name: 'Support', readOnly: true });
    await service.write({ ...ref, value: new SecretValue('sk-1') });
    for (const attempt of [
      readOnly.write({ ...ref, value: new SecretValue('sk-2') }),
      readOnly.remove({ ...ref, mode: { kind: 'force' } }),
      readOnly.restore(ref),
    ]) {
      expect(await rejectionOf(attempt)).toMatchObject({ code: 'READ_ONLY_PROFILE' });
    }
    expect(await currentValue('agentfoundry/dev/acme/shared/openai_api_key')).toBe('sk-1');
    expect((await readOnly.status(ref)).state).toBe('configured');
  });

  it('discovers orgs and their domains under the env, merges added ones, ignores foreign names', async () => {
    await service.write({ ...ref, value: new SecretValue('v') });
    await service.write({ ...ref, orgId: 'globex', domainId: 'ops', value: new SecretValue('v') });
    await reader.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/NotOurs/x/y', SecretString: 'v' }));
    await reader.send(new CreateSecretCommand({ Name: 'agentfoundry/prod/acme/shared/openai_api_key', SecretString: 'v' }));
    await reader.send(new CreateSecretCommand({ Name: 'other-app/secret', SecretString: 'v' }));
    expect(await service.listOrgs(['initech'])).toEqual({
      env: 'dev',
      orgs: [
        { orgId: 'acme', domains: ['shared'], secretCount: 1, added: false },
        { orgId: 'globex', domains: ['ops', 'shared'], secretCount: 1, added: false },
        { orgId: 'initech', domains: ['shared'], secretCount: 0, added: true },
      ],
    });
  });

  it('never sends GetSecretValue: the app client refuses it before it leaves the process', async () => {
    await service.write({ ...ref, value: new SecretValue('sk-1') });
    const refused = await rejectionOf(appClient.send(new GetSecretValueCommand({ SecretId: 'agentfoundry/dev/acme/shared/openai_api_key' })));
    expect(refused.message).toMatch(/never reads secret values/);
  });
});
