/** `foundry-secrets status ORG`: each catalog secret and the custom ones, as configured / inherited / missing / scheduled. */
import { CreateSecretCommand, DeleteSecretCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/shared/catalog';
import { runCli, servedVault, type ServedVault } from './helpers';

describe('status ORG', () => {
  let vault: ServedVault;
  const run = (args: string[]) => runCli(['status', ...args, '--endpoint', vault.endpoint], { env: vault.env });
  beforeAll(async () => {
    vault = await servedVault();
    const create = (name: string, value = 'v') => vault.client.send(new CreateSecretCommand({ Name: `agentfoundry/dev/acme/${name}`, SecretString: value }));
    await create('shared/openai_api_key');
    await create('shared/anthropic_api_key');
    await create('card-services/anthropic_api_key');
    await create('card-services/custom_webhook_token');
    await create('shared/github_token');
    await vault.client.send(new DeleteSecretCommand({ SecretId: 'agentfoundry/dev/acme/shared/github_token', RecoveryWindowInDays: 7 }));
  });

  it('the shared domain: configured, scheduled and missing, catalog first (exit 0)', async () => {
    const result = await run(['acme']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^SECRET +KIND +STATE +LAST CHANGED +NOTE$/m);
    expect(result.stdout).toMatch(/^openai_api_key +catalog +configured +\d{4}-\d\d-\d\d \d\d:\d\d$/m);
    expect(result.stdout).toMatch(/^github_token +catalog +scheduled +.* deleted on \d{4}-\d\d-\d\d .* unless restored$/m);
    expect(result.stdout).toMatch(/^deepgram_api_key +catalog +missing +—$/m);
  });

  it('a domain: its own secrets, the ones inherited from shared, and its custom ones; --json parses', async () => {
    const result = await run(['acme', '--domain', 'card-services', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const list = JSON.parse(result.stdout) as { orgId: string; domainId: string; secrets: { secretName: string; state: string; inheritedFrom?: string }[] };
    expect(list).toMatchObject({ orgId: 'acme', domainId: 'card-services' });
    const byName = new Map(list.secrets.map((s) => [s.secretName, s]));
    expect(byName.get('anthropic_api_key')?.state).toBe('configured');
    expect(byName.get('openai_api_key')).toMatchObject({ state: 'inherited', inheritedFrom: 'agentfoundry/dev/acme/shared/openai_api_key' });
    expect(byName.get('custom_webhook_token')?.state).toBe('configured');
    expect(list.secrets.length).toBe(CATALOG.length + 1);
    expect(list.secrets.at(-1)?.secretName).toBe('custom_webhook_token');
    const table = await run(['acme', '--domain', 'card-services']);
    expect(table.stdout).toMatch(/^openai_api_key +catalog +inherited +.* from agentfoundry\/dev\/acme\/shared\/openai_api_key$/m);
    expect(table.stdout).toMatch(/^custom_webhook_token +custom +configured/m);
  });

  it('bad usage: no ORG, an ORG that breaks the naming rules, no backend (exit 2)', async () => {
    for (const args of [[], ['Acme'], ['acme', 'extra']]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
    const noBackend = await runCli(['status', 'acme']);
    expect(noBackend.code).toBe(2);
    expect(noBackend.stderr).toContain('say which backend');
  });
});
