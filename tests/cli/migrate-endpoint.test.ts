/**
 * `foundry-secrets migrate --endpoint URL` against a vault served over HTTP with SigV4 checking
 * (what LocalStack is to the app): stdin, --json, a failing item (exit 1, exact report), bad
 * credentials, the audit log only with --data, and Ctrl+C in the middle of a run.
 */
import { createServer, request, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { CreateSecretCommand, DeleteSecretCommand, GetSecretValueCommand, ListSecretsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parse } from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRICKY, appDataDir, auditEntries, runCli, servedVault, type JsonReport, type ServedVault } from './helpers';


const TRICKY_TEXT = readFileSync(TRICKY);
const EXPECTED = parse(TRICKY_TEXT);

async function names(client: SecretsManagerClient, prefix: string): Promise<string[]> {
  const answer = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true, Filters: [{ Key: 'name', Values: [prefix] }] }));
  return (answer.SecretList ?? []).map((secret) => secret.Name ?? '').sort();
}

describe('migrate --endpoint URL (a served vault)', () => {
  let vault: ServedVault;
  beforeAll(async () => {
    vault = await servedVault();
  });
  const migrate = (org: string, extra: string[], options: { stdin?: Buffer; env?: NodeJS.ProcessEnv } = {}) =>
    runCli(['migrate', '-', '--org', org, '--endpoint', vault.endpoint, ...extra], { stdin: options.stdin ?? TRICKY_TEXT, env: options.env ?? vault.env });

  it('reads the .env from stdin ("-"); --json previews without writing, then --yes writes byte-exact', async () => {
    const preview = await migrate('stdin-org', ['--json']);
    expect(preview.code, preview.stderr).toBe(0);
    const planned = JSON.parse(preview.stdout) as JsonReport;
    expect(planned).toMatchObject({ mode: 'preview', source: { name: 'stdin', keys: 8, badLines: [10, 12] }, target: { backend: 'localstack', env: 'dev', orgId: 'stdin-org', domainId: 'shared' }, auditDir: null, exitCode: 0 });
    expect(planned.items.map((row) => [row.line, row.key, row.state])).toEqual([
      [3, 'ANTHROPIC_API_KEY', 'planned'],
      [4, 'GITHUB_TOKEN', 'planned'],
      [5, 'STRIPE_API_KEY', 'skipped'],
      [6, 'MULTI_LINE_PEM', 'skipped'],
      [9, 'EMPTY_VALUE', 'skipped'],
      [11, 'OPENAI_API_KEY', 'planned'],
      [13, 'UNICODE_NOTE', 'skipped'],
      [14, 'db.url', 'skipped'],
    ]);
    expect(await names(vault.client, 'agentfoundry/dev/stdin-org/')).toEqual([]);

    const run = await migrate('stdin-org', ['--yes', '--json', '--include-custom', '--env', 'staging']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.counts).toEqual({ planned: 0, written: 6, skipped: 2, failed: 0, cancelled: 0 });
    for (const row of report.items.filter((item) => item.state === 'written')) {
      const answer = await vault.client.send(new GetSecretValueCommand({ SecretId: row.secretId }));
      expect(answer.SecretString, row.key).toBe(EXPECTED[row.key]);
    }
    expect(report.items.every((row) => row.state !== 'written' || row.secretId?.startsWith('agentfoundry/staging/stdin-org/shared/'))).toBe(true);
  });

  it('an item refused by the backend fails alone: exit 1 and an exact report (a secret scheduled for deletion, with --overwrite)', async () => {
    const scheduled = 'agentfoundry/dev/delta/shared/openai_api_key';
    await vault.client.send(new CreateSecretCommand({ Name: scheduled, SecretString: 'the old value' }));
    await vault.client.send(new DeleteSecretCommand({ SecretId: scheduled, RecoveryWindowInDays: 7 }));

    const preview = await migrate('delta', ['--overwrite']);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/OPENAI_API_KEY .* planned +Exists .*: a new version will be added\. .*Scheduled for deletion: restore it first, or the write will be refused\./);

    const run = await migrate('delta', ['--overwrite', '--yes', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.exitCode).toBe(1);
    expect(report.counts).toEqual({ planned: 0, written: 2, skipped: 5, failed: 1, cancelled: 0 });
    const failed = report.items.filter((row) => row.state === 'failed');
    expect(failed).toEqual([expect.objectContaining({ key: 'OPENAI_API_KEY', secretId: scheduled, code: 'SCHEDULED_FOR_DELETION' })]);
    expect(failed[0]?.reason).toContain(scheduled);
    expect(report.items.filter((row) => row.state === 'written').map((row) => row.key)).toEqual(['ANTHROPIC_API_KEY', 'GITHUB_TOKEN']);
    expect(await names(vault.client, 'agentfoundry/dev/delta/')).toEqual([
      'agentfoundry/dev/delta/shared/anthropic_api_key',
      'agentfoundry/dev/delta/shared/github_token',
      scheduled,
    ]);

    // The same in words: the failure's row and a summary that counts it.
    const again = await migrate('delta', ['--overwrite', '--yes']);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^11\s+OPENAI_API_KEY\s+agentfoundry\/dev\/delta\/shared\/openai_api_key\s+failed\s+\S/m);
    expect(again.stdout).toContain('1 failed');
  });

  it('without --overwrite a secret scheduled for deletion is skipped with its warning, and not listed as stored', async () => {
    const run = await migrate('delta', ['--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport & { storedKeys: string[] };
    expect(report.items.find((row) => row.key === 'OPENAI_API_KEY')).toMatchObject({ state: 'skipped', plan: 'skip-existing' });
    expect(report.storedKeys).toEqual(['ANTHROPIC_API_KEY', 'GITHUB_TOKEN']);
  });

  it('wrong credentials: exit 1 with the reason, nothing on stdout', async () => {
    const run = await migrate('epsilon', [], { env: { ...vault.env, AWS_SECRET_ACCESS_KEY: 'not-the-secret' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Access was denied');
  });

  it('writes an audit log only when --data DIR is given', async () => {
    const dataDir = await appDataDir();
    const run = await migrate('zeta', ['--yes', '--data', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Audit entries were recorded in');
    const entries = await auditEntries(dataDir);
    expect(entries.map((entry) => `${String(entry['outcome'])} ${String(entry['secretId'])}`)).toEqual(
      expect.arrayContaining(['attempt agentfoundry/dev/zeta/shared/openai_api_key', 'success agentfoundry/dev/zeta/shared/openai_api_key']),
    );
    expect(entries).toHaveLength(6);
    expect(entries[0]).toMatchObject({ profileKind: 'localstack', profileId: 'cli-endpoint' });

    const without = await migrate('eta', ['--yes']);
    expect(without.stdout).toContain('No audit log was written (--endpoint without --data).');
  });
});

describe('Ctrl+C during a run', () => {
  let vault: ServedVault;
  let proxy: Server;
  let proxyUrl: string;
  let creates = 0;

  beforeAll(async () => {
    vault = await servedVault();
    const target = new URL(vault.endpoint);
    // A slow backend: every request waits 150 ms, so a run of 60 writes takes a while.
    proxy = createServer((incoming, outgoing) => {
      if (String(incoming.headers['x-amz-target']).endsWith('.CreateSecret')) creates += 1;
      setTimeout(() => {
        const forwarded = request({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        });
        incoming.pipe(forwarded);
      }, 150);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // The CLI signs for the proxy's address: the vault accepts it once told (it checks the signed Host).
    vault.alsoAcceptHosts.add(new URL(proxyUrl).host);
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('stops starting writes, reports exactly what was written, and exits 1', async () => {
    const keys = Array.from({ length: 60 }, (_, index) => `CUSTOM_KEY_${String(index).padStart(2, '0')}`);
    const stdin = Buffer.from(keys.map((key) => `${key}=value-of-${key}\n`).join(''));
    const run = await runCli(['migrate', '-', '--org', 'theta', '--include-custom', '--endpoint', proxyUrl, '--yes', '--json'], {
      stdin,
      env: vault.env,
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (creates < 4) return;
          clearInterval(timer);
          child.kill('SIGINT');
        }, 10);
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cancelling');
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.counts.cancelled).toBeGreaterThan(0);
    expect(report.counts.written + report.counts.cancelled + report.counts.failed).toBe(60);
    const written = report.items.filter((row) => row.state === 'written').map((row) => row.secretId).sort();
    expect(await names(vault.client, 'agentfoundry/dev/theta/')).toEqual(written);
  });
});
