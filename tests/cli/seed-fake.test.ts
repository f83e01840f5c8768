/** `foundry-secrets seed-fake ORG`: obviously fake values for local development; never prod, never off this machine. */
import { promises as fs } from 'node:fs';
import { GetSecretValueCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/shared/catalog';
import { appDataDir, runCli, servedVault, withAppVault, type ServedVault } from './helpers';

describe('seed-fake', () => {
  let vault: ServedVault;
  beforeAll(async () => {
    vault = await servedVault();
  });

  it('fills every catalog secret with FAKE-<name>-<random>, prints only which were written; a re-run skips them', async () => {
    const run = await runCli(['seed-fake', 'acme', '--domain', 'card-services', '--endpoint', vault.endpoint, '--json'], { env: vault.env });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { items: { secretId: string; outcome: string }[]; counts: { written: number } };
    expect(doc.counts.written).toBe(CATALOG.length);
    expect(doc.items.every((item) => item.outcome === 'created')).toBe(true);
    for (const entry of CATALOG.slice(0, 3)) {
      const answer = await vault.client.send(new GetSecretValueCommand({ SecretId: `agentfoundry/dev/acme/card-services/${entry.secretName}` }));
      expect(answer.SecretString).toMatch(new RegExp(`^FAKE-${entry.secretName}-[0-9a-f]{12}$`));
      expect(run.stdout).not.toContain(answer.SecretString);
    }
    const again = await runCli(['seed-fake', 'acme', '--domain', 'card-services', '--endpoint', vault.endpoint], { env: vault.env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Done: 0 written, ${CATALOG.length} skipped, 0 failed`);
    expect(again.stdout).not.toContain('FAKE-');
  });

  it('into an embedded vault (table output)', async () => {
    const dataDir = await appDataDir();
    const run = await runCli(['seed-fake', 'acme', '--embedded', '--data', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^agentfoundry\/dev\/acme\/shared\/openai_api_key +created$/m);
    expect(run.stdout).not.toContain('FAKE-');
    await withAppVault(dataDir, async (client) => {
      const answer = await client.send(new GetSecretValueCommand({ SecretId: 'agentfoundry/dev/acme/shared/openai_api_key' }));
      expect(answer.SecretString).toMatch(/^FAKE-openai_api_key-/);
    });
  });

  it('refuses env prod and a non-loopback endpoint (exit 2, with why), writing nothing', async () => {
    const dataDir = await appDataDir();
    const prod = await runCli(['seed-fake', 'acme', '--env', 'prod', '--embedded', '--data', dataDir]);
    expect(prod.code).toBe(2);
    expect(prod.stderr).toContain('never writes to env prod');
    expect(await fs.readdir(dataDir)).toEqual([]);
    const remote = await runCli(['seed-fake', 'acme', '--endpoint', 'https://secretsmanager.eu-central-1.amazonaws.com']);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('not a loopback address');
    const lan = await runCli(['seed-fake', 'acme', '--endpoint', 'http://10.0.0.5:4566']);
    expect(lan.code).toBe(2);
    const prodEndpoint = await runCli(['seed-fake', 'acme', '--env', 'prod', '--endpoint', vault.endpoint], { env: vault.env });
    expect(prodEndpoint.code).toBe(2);
    const listed = await vault.client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['agentfoundry/prod/'] }] }));
    expect(listed.SecretList ?? []).toEqual([]);
  });
});

describe('seedRefusal: which app profiles seed-fake refuses', () => {
  it('prod, AWS and a LocalStack profile off this machine are refused; an embedded or local one is not', async () => {
    const { seedRefusal } = await import('../../src/cli/commands/seed-fake-run');
    const base = { id: 'p', name: 'P', readOnly: false } as const;
    expect(seedRefusal({ ...base, kind: 'embedded', env: 'dev' })).toBeNull();
    expect(seedRefusal({ ...base, kind: 'localstack', env: 'staging', endpoint: 'http://localhost:4566', region: 'us-east-1' })).toBeNull();
    expect(seedRefusal({ ...base, kind: 'embedded', env: 'prod' })).toContain('env prod');
    expect(seedRefusal({ ...base, kind: 'localstack', env: 'dev', endpoint: 'http://10.1.2.3:4566', region: 'us-east-1' })).toContain('not on this machine');
    expect(seedRefusal({ ...base, kind: 'aws', env: 'dev', awsProfile: 'default', region: 'eu-central-1' } as Parameters<typeof seedRefusal>[0])).toContain('AWS Secrets Manager');
  });
});
