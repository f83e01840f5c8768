/** `foundry-secrets rm` (scheduled by default, --force at once) and `restore`, audited as the app's. */
import { CreateSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { appDataDir, auditEntries, runCli, withAppVault } from './helpers';

describe('rm and restore', () => {
  let dataDir: string;
  const run = (args: string[], stdin?: string) => runCli([...args, '--embedded', '--data', dataDir], stdin === undefined ? {} : { stdin });
  beforeAll(async () => {
    dataDir = await appDataDir();
    const put = await run(['put', 'acme/openai_api_key'], 'sk-rm-test');
    expect(put.code, put.stderr).toBe(0);
    const other = await run(['put', 'acme/github_token'], 'ghp_rm_test');
    expect(other.code, other.stderr).toBe(0);
  });

  it('rm schedules the deletion with the app\'s 30-day window; restore brings it back (exit 0, audited)', async () => {
    const removed = await run(['rm', 'acme/openai_api_key', '--json']);
    expect(removed.code, removed.stderr).toBe(0);
    const doc = JSON.parse(removed.stdout) as { action: string; status: { state: string; deletionDate: string } };
    expect(doc.action).toBe('secret.remove');
    expect(doc.status.state).toBe('scheduled-for-deletion');
    const days = (Date.parse(doc.status.deletionDate) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31);

    const restored = await run(['restore', 'acme/openai_api_key']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored: agentfoundry\/dev\/acme\/shared\/openai_api_key: configured/);
    const actions = (await auditEntries(dataDir)).filter((entry) => entry['outcome'] === 'success').map((entry) => entry['action']);
    expect(actions.slice(-2)).toEqual(['secret.remove', 'secret.restore']);
  });

  it('--days sets the window; --force without a terminal needs --yes (exit 2); --force --yes deletes at once', async () => {
    const week = await run(['rm', 'acme/github_token', '--days', '7']);
    expect(week.code, week.stderr).toBe(0);
    expect(week.stdout).toMatch(/^Scheduled for deletion: .*scheduled .*deleted on/);
    await run(['restore', 'acme/github_token']);
    const noYes = await run(['rm', 'acme/github_token', '--force']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('needs --yes');
    const forced = await run(['rm', 'acme/github_token', '--force', '--yes']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^Deleted \(no recovery\): agentfoundry\/dev\/acme\/shared\/github_token: missing/);
    await withAppVault(dataDir, async (client) => {
      await expect(client.send(new DescribeSecretCommand({ SecretId: 'agentfoundry/dev/acme/shared/github_token' }))).rejects.toThrow(/can't find|not found|ResourceNotFound/i);
    });
    expect((await auditEntries(dataDir)).some((entry) => entry['action'] === 'secret.force-remove' && entry['outcome'] === 'success')).toBe(true);
  });

  it('failures: removing a secret that does not exist (exit 1); bad --days (exit 2)', async () => {
    await withAppVault(dataDir, (client) => client.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/acme/shared/plain_token', SecretString: 'x' })));
    const missing = await run(['rm', 'acme/no_such_token', '--force', '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');
    const badDays = await run(['rm', 'acme/plain_token', '--days', '3']);
    expect(badDays.code).toBe(2);
    expect(badDays.stderr).toContain('--days must be a whole number from 7 to 30');
  });
});
