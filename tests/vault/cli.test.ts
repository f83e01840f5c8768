import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { CreateSecretCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers';

const CLI = path.join(import.meta.dirname, '..', '..', 'src', 'main', 'vault', 'cli.ts');

function startCli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcessWithoutNullStreams; firstLine: Promise<string>; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(buffered.slice(0, newline));
    });
    child.on('exit', () => reject(new Error(`exited before printing: ${stderr}`)));
  });
  // A run that exits without printing rejects `firstLine` on 'exit', before 'close' resolves `exit`:
  // mark it handled here, so a test that awaits `exit` first is not failed by an unhandled rejection
  // (a test that awaits `firstLine` still sees it reject).
  firstLine.catch(() => undefined);
  // 'close' (not 'exit'): stdout and stderr are fully read by then.
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, firstLine, exit, stderr: () => stderr };
}

describe('npm run vault (the vault served over HTTP)', () => {
  it('prints one JSON line a client can use, serves signed requests, and stops cleanly on SIGTERM', async () => {
    const dataDir = await tempDir();
    const run = startCli(['--port', '0', '--data', dataDir], { FOUNDRY_VAULT_KEY: 'cli-test-key-0123456789' });
    const info = JSON.parse(await run.firstLine) as { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
    expect(info.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new SecretsManagerClient({ endpoint: info.endpoint, region: info.region, credentials: info, maxAttempts: 1 });
    await client.send(new CreateSecretCommand({ Name: 'from-cli', SecretString: 'v' }));
    expect((await client.send(new ListSecretsCommand({}))).SecretList?.map((s) => s.Name)).toEqual(['from-cli']);
    client.destroy();
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toContain('SIGTERM received');
  });

  it('uses FOUNDRY_VAULT_ACCESS_KEY_ID / FOUNDRY_VAULT_SECRET_ACCESS_KEY when set, and warns when the key is only file-protected', async () => {
    const dataDir = await tempDir();
    const run = startCli(['--data', dataDir], { FOUNDRY_VAULT_ACCESS_KEY_ID: 'AKIDFIXED', FOUNDRY_VAULT_SECRET_ACCESS_KEY: 'fixed-secret', FOUNDRY_VAULT_KEY: '' });
    const info = JSON.parse(await run.firstLine) as { accessKeyId: string; secretAccessKey: string };
    expect(info).toMatchObject({ accessKeyId: 'AKIDFIXED', secretAccessKey: 'fixed-secret' });
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toMatch(/warning: the data key is protected only by key file/);
  });

  it('refuses a bad --port with a usage message and exit code 2', async () => {
    const run = startCli(['--port', 'abc']);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain('--port must be a whole number');
    await expect(run.firstLine).rejects.toThrow(/exited before printing/);
  });

  it('refuses a second server on a vault that is already open', async () => {
    const dataDir = await tempDir();
    const first = startCli(['--data', dataDir], { FOUNDRY_VAULT_KEY: 'cli-test-key-0123456789' });
    await first.firstLine;
    const second = startCli(['--data', dataDir], { FOUNDRY_VAULT_KEY: 'cli-test-key-0123456789' });
    // Observed at once: it rejects on 'exit', before 'close' resolves `exit` below (an unhandled rejection otherwise).
    const secondPrinted = second.firstLine.then(() => true, () => false);
    expect(await second.exit).toBe(2);
    expect(second.stderr()).toContain('already open');
    expect(await secondPrinted).toBe(false);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
  });
});
