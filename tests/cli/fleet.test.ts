/** `foundry-secrets fleet`: the env's coverage as a table, the app's coverage CSV (--csv) and a JSON array (--json). */
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { fleetTable } from '../../src/cli/commands/fleet-run';
import { COVERAGE_CSV_COLUMNS } from '../../src/main/fleet/export';
import { CATALOG } from '../../src/shared/catalog';
import { runCli, servedVault, type ServedVault } from './helpers';

describe('fleet', () => {
  let vault: ServedVault;
  const run = (args: string[]) => runCli(['fleet', ...args, '--endpoint', vault.endpoint], { env: vault.env });
  beforeAll(async () => {
    vault = await servedVault();
    const create = (name: string) => vault.client.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    await create('agentfoundry/dev/acme/shared/openai_api_key');
    await create('agentfoundry/dev/acme/shared/anthropic_api_key');
    await create('agentfoundry/dev/acme/card-services/custom_token');
    await create('agentfoundry/dev/zeta/shared/openai_api_key');
    await create('agentfoundry/staging/other/shared/openai_api_key');
    await create('not-an-app-secret');
  });

  it('a table of every org and domain of the env (exit 0)', async () => {
    const result = await run([]);
    expect(result.code, result.stderr).toBe(0);
    const total = CATALOG.length;
    expect(result.stdout.split('\n').filter((line) => line !== '')).toEqual([
      expect.stringMatching(/^ORG +DOMAIN +COVERAGE +CUSTOM +MISSING +SCHEDULED +STALE$/),
      expect.stringMatching(new RegExp(`^acme +shared +2/${total} +0 +${total - 2} +0 +0$`)),
      expect.stringMatching(new RegExp(`^acme +card-services +2/${total} +1 +${total - 2} +0 +0$`)),
      expect.stringMatching(new RegExp(`^zeta +shared +1/${total} +0 +${total - 1} +0 +0$`)),
    ]);
  });

  it('--csv is the app\'s coverage export; --json an array of rows; --env picks the env', async () => {
    const csv = await run(['--csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe(COVERAGE_CSV_COLUMNS.join(','));
    expect(lines[1]).toMatch(/^"acme","shared",2,\d+,0,"configured/);
    expect(lines.filter((line) => line !== '')).toHaveLength(4);

    const json = await run(['--json']);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as { orgId: string; domainId: string; covered: number; cells: Record<string, string> }[];
    expect(rows.map((row) => [row.orgId, row.domainId, row.covered])).toEqual([
      ['acme', 'shared', 2],
      ['acme', 'card-services', 2],
      ['zeta', 'shared', 1],
    ]);
    expect(rows[1]?.cells['openai_api_key']).toBe('inherited (never accessed)');

    const staging = await run(['--json', '--env', 'staging']);
    expect((JSON.parse(staging.stdout) as { orgId: string }[]).map((row) => row.orgId)).toEqual(['other']);
  });

  it('counts every stale key in the table, whatever other marks its cell carries (review finding)', () => {
    const cells = { a: 'configured (stale, never accessed)', b: 'inherited (stale, rejected)', c: 'configured (stale)', d: 'configured (never accessed)', e: 'missing', f: 'scheduled' };
    expect(fleetTable([{ orgId: 'acme', domainId: 'shared', covered: 4, total: 9, customCount: 0, cells }])).toEqual([['acme', 'shared', '4/9', '0', '1', '1', '3']]);
  });

  it('--csv with --json is bad usage (exit 2)', async () => {
    const result = await run(['--csv', '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--csv and --json cannot be combined');
  });
});
