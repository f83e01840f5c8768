/**
 * `foundry-secrets migrate` against the embedded vault of an app data folder (--embedded --data,
 * --profile): preview writes nothing, --yes writes, values read back byte-exact, a re-run writes
 * only what is missing (no new version), every write is audited, the app's profiles are respected.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteSecretCommand, GetSecretValueCommand, ListSecretsCommand, ListSecretVersionIdsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parse } from 'dotenv';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROFILES_FILE } from '../../src/main/backends/profile-store';
import { envKeyProtector, openVault, safeStorageKeyProtector } from '../../src/main/vault/index';
import { VAULT_DIR } from '../../src/main/composition';
import { TEST_KEY } from '../vault/helpers';
import { TRICKY, appDataDir, auditEntries, auditText, runCli, withAppVault, type JsonReport } from './helpers';


/** What dotenv itself reads from the corpus: the expected stored values, by key. */
const EXPECTED = parse(readFileSync(TRICKY));
const WRITTEN_KEYS = ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'STRIPE_API_KEY', 'MULTI_LINE_PEM', 'OPENAI_API_KEY', 'UNICODE_NOTE'];
const idOf = (secretName: string, env = 'dev', orgId = 'acme'): string => `agentfoundry/${env}/${orgId}/shared/${secretName}`;

async function storedNames(client: SecretsManagerClient): Promise<string[]> {
  const answer = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
  return (answer.SecretList ?? []).map((secret) => secret.Name ?? '').sort();
}

describe('migrate --embedded --data DIR', () => {
  let dataDir: string;
  const migrate = (...extra: string[]) => runCli(['migrate', TRICKY, '--org', 'acme', '--include-custom', '--embedded', '--data', dataDir, ...extra]);

  beforeAll(async () => {
    dataDir = await appDataDir();
  });

  it('previews without --yes: one row per key, nothing written, nothing audited, exit 0', async () => {
    const run = await migrate();
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^LINE\s+KEY\s+SECRET ID\s+STATE\s+WHY$/m);
    expect(run.stdout).toMatch(/^11\s+OPENAI_API_KEY\s+agentfoundry\/dev\/acme\/shared\/openai_api_key\s+planned\s+Will be created\. Also set on line 2; the last one counts\.$/m);
    expect(run.stdout).toMatch(/^9\s+EMPTY_VALUE\s+\S+\s+skipped\s+The value is empty/m);
    expect(run.stdout).toMatch(/^14\s+db\.url\s+—\s+skipped\s+"db\.url" cannot be a secret name/m);
    expect(run.stdout).toContain('Lines 10 and 12 are not KEY=value assignments');
    expect(run.stdout).toContain('Nothing was written; run again with --yes to write 6 secrets.');
    await withAppVault(dataDir, async (client) => expect(await storedNames(client)).toEqual([]));
    expect(await auditText(dataDir)).toBe('');
  });

  it('--dry-run previews even with --yes', async () => {
    const run = await migrate('--yes', '--dry-run', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.mode).toBe('dry-run');
    expect(report.counts).toMatchObject({ planned: 6, skipped: 2, written: 0 });
    await withAppVault(dataDir, async (client) => expect(await storedNames(client)).toEqual([]));
  });

  it('--yes writes every planned key; the values read back byte-exact; each write is audited', async () => {
    const run = await migrate('--yes');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Done: 6 written, 2 skipped and 0 failed.');
    expect(run.stdout).toContain(`Audit entries were recorded in ${path.join(dataDir, 'audit')}.`);
    expect(run.stdout).toContain(`Stored now, so they can be removed from tricky.env: ${WRITTEN_KEYS.join(', ')}.`);

    await withAppVault(dataDir, async (client) => {
      expect(await storedNames(client)).toEqual(WRITTEN_KEYS.map((key) => idOf(key.toLowerCase())).sort());
      for (const key of WRITTEN_KEYS) {
        const answer = await client.send(new GetSecretValueCommand({ SecretId: idOf(key.toLowerCase()) }));
        expect(answer.SecretString, key).toBe(EXPECTED[key]);
      }
    });
    // Sanity of the corpus: the last of a duplicate key wins, multi-line and non-ASCII survive.
    expect(EXPECTED['OPENAI_API_KEY']).toBe('sk-second-value-wins');
    expect(EXPECTED['MULTI_LINE_PEM']).toContain('\n');

    const entries = (await auditEntries(dataDir)) as { action: string; outcome: string; secretId: string; profileKind: string; env: string }[];
    expect(entries).toHaveLength(12);
    expect(entries.filter((entry) => entry.outcome === 'attempt').map((entry) => entry.secretId).sort()).toEqual(WRITTEN_KEYS.map((key) => idOf(key.toLowerCase())).sort());
    expect(entries.filter((entry) => entry.outcome === 'success')).toHaveLength(6);
    expect(new Set(entries.map((entry) => `${entry.action} ${entry.profileKind} ${entry.env}`))).toEqual(new Set(['secret.write embedded dev']));
  });

  it('a re-run writes only what is missing, and adds no version to what exists', async () => {
    await withAppVault(dataDir, (client) => client.send(new DeleteSecretCommand({ SecretId: idOf('github_token'), ForceDeleteWithoutRecovery: true })));
    const run = await migrate('--yes', '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.mode).toBe('run');
    expect(report.items.filter((row) => row.state === 'written').map((row) => row.key)).toEqual(['GITHUB_TOKEN']);
    expect(report.items.filter((row) => row.plan === 'skip-existing').map((row) => row.key).sort()).toEqual(WRITTEN_KEYS.filter((key) => key !== 'GITHUB_TOKEN').sort());
    expect(report.counts).toEqual({ planned: 0, written: 1, skipped: 7, failed: 0, cancelled: 0 });
    expect(report.storedKeys?.sort()).toEqual([...WRITTEN_KEYS].sort());
    expect(report.auditDir).toBe(path.join(dataDir, 'audit'));

    await withAppVault(dataDir, async (client) => {
      for (const key of WRITTEN_KEYS) {
        const versions = await client.send(new ListSecretVersionIdsCommand({ SecretId: idOf(key.toLowerCase()) }));
        expect(versions.Versions, key).toHaveLength(1);
      }
      const github = await client.send(new GetSecretValueCommand({ SecretId: idOf('github_token') }));
      expect(github.SecretString).toBe(EXPECTED['GITHUB_TOKEN']);
    });
  });

  it('--overwrite adds a new version to each existing secret', async () => {
    const currentVersion = (client: SecretsManagerClient) =>
      client.send(new ListSecretVersionIdsCommand({ SecretId: idOf('openai_api_key') })).then((answer) => answer.Versions?.find((version) => version.VersionStages?.includes('AWSCURRENT'))?.VersionId);
    const before = await withAppVault(dataDir, currentVersion);
    const run = await runCli(['migrate', TRICKY, '--org', 'acme', '--embedded', '--data', dataDir, '--overwrite', '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.items.filter((row) => row.state === 'written').map((row) => [row.key, row.plan, row.reason])).toEqual([
      ['ANTHROPIC_API_KEY', 'overwrite', 'New version added.'],
      ['GITHUB_TOKEN', 'overwrite', 'New version added.'],
      ['OPENAI_API_KEY', 'overwrite', 'New version added. Also set on line 2; the last one counts.'],
    ]);
    const after = await withAppVault(dataDir, currentVersion);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it("says so when the vault's key is in the OS keychain, which only the desktop app can open (exit 1)", async () => {
    const appFolder = await appDataDir();
    const keychain = safeStorageKeyProtector({
      isAsyncEncryptionAvailable: async () => true,
      encryptStringAsync: async (text) => Buffer.from(text),
      decryptStringAsync: async (encrypted) => ({ result: encrypted.toString(), shouldReEncrypt: false }),
    });
    await (await openVault({ dataDir: path.join(appFolder, VAULT_DIR), keyProtector: keychain })).close();
    const run = await runCli(['migrate', TRICKY, '--org', 'acme', '--embedded', '--data', appFolder]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('keeps its key in the operating system keychain, which only the desktop app can open');
  });

  it('refuses a data folder the desktop app is running on (exit 1), and a vault another process holds (exit 1)', async () => {
    const lock = path.join(dataDir, 'SingletonLock');
    await fs.symlink(`${(await import('node:os')).hostname()}-${process.pid}`, lock);
    try {
      const running = await migrate();
      expect(running.code).toBe(1);
      expect(running.stderr).toContain(`Foundry Secrets is running on ${dataDir} (process ${process.pid})`);
      expect(running.stdout).toBe('');
    } finally {
      await fs.rm(lock);
    }

    const held = await openVault({ dataDir: path.join(dataDir, VAULT_DIR), keyProtector: envKeyProtector(TEST_KEY) });
    try {
      const locked = await migrate();
      expect(locked.code).toBe(1);
      expect(locked.stderr).toMatch(/The vault in .* is already open in process \d+\. Close that Foundry Secrets window or vault server, then retry\./);
      expect(locked.stdout).toBe('');
    } finally {
      await held.close();
    }
  });
});

describe('migrate --profile ID (the app\'s profiles)', () => {
  let dataDir: string;
  let profilesText: string;

  beforeAll(async () => {
    dataDir = await appDataDir();
    const profiles = {
      version: 1,
      activeId: 'embedded',
      profiles: [
        { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false },
        { kind: 'embedded', id: 'lab', name: 'Lab', env: 'staging', readOnly: false },
        { kind: 'embedded', id: 'audit-only', name: 'Read only', env: 'staging', readOnly: true },
      ],
    };
    profilesText = `${JSON.stringify(profiles, null, 2)}\n`;
    await fs.writeFile(path.join(dataDir, PROFILES_FILE), profilesText);
    // The vault as the browser host (or a FOUNDRY_VAULT_KEY setup) creates it.
    await withAppVault(dataDir, async () => undefined);
  });

  const migrate = (...extra: string[]) => runCli(['migrate', TRICKY, '--org', 'acme', '--data', dataDir, ...extra]);

  it("does not create a vault in the app's data folder (the app could not open it): exit 1", async () => {
    const fresh = await appDataDir();
    await fs.writeFile(path.join(fresh, PROFILES_FILE), profilesText);
    const run = await runCli(['migrate', TRICKY, '--org', 'acme', '--data', fresh, '--profile', 'lab']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`There is no embedded vault in ${fresh} yet, and the CLI does not create one in the app's data folder`);
    expect(await fs.readdir(fresh)).toEqual([PROFILES_FILE]);
  });

  it("writes under the profile's env, audits in its data folder, and leaves the profiles as they are", async () => {
    const run = await migrate('--profile', 'lab', '--yes', '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport & { target: { env: string; profileId: string } };
    expect(report.target).toMatchObject({ env: 'staging', profileId: 'lab' });
    expect(report.items.find((row) => row.key === 'OPENAI_API_KEY')).toMatchObject({ secretId: idOf('openai_api_key', 'staging'), state: 'written' });
    await withAppVault(dataDir, async (client) => expect(await storedNames(client)).toEqual(['anthropic_api_key', 'github_token', 'openai_api_key'].map((name) => idOf(name, 'staging'))));
    expect(await auditText(dataDir)).toContain('"profileId":"lab"');
    expect(await fs.readFile(path.join(dataDir, PROFILES_FILE), 'utf8')).toBe(profilesText);
  });

  it('refuses an --env other than the profile\'s, a read-only profile with --yes, and an unknown profile (exit 2)', async () => {
    const mismatch = await migrate('--profile', 'lab', '--env', 'prod');
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('profile "lab" writes to env staging, not prod');

    const readOnlyPreview = await migrate('--profile', 'audit-only');
    expect(readOnlyPreview.code).toBe(0);
    const readOnly = await migrate('--profile', 'audit-only', '--yes');
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toContain('is read-only');

    const unknown = await migrate('--profile', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no profile with that id in');
    expect(unknown.stderr).toContain('the profiles there: embedded, lab, audit-only');
    expect(unknown.stderr).not.toContain('nope');
  });
});
