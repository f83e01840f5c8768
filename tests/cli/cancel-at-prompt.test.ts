/**
 * Ctrl+C at a question on a terminal is a cancellation, said as one ("Cancelled: nothing was …"),
 * with the CLI's one exit code for a cancelled change: 1, as migrate's Ctrl+C. `rm --force` asks
 * for the secret's name (Ctrl+D cancels too, and the secret is still there); `put` asks for the value.
 */
import { spawn } from 'node:child_process';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, appDataDir, runCli, withAppVault } from './helpers';
import { TEST_KEY } from '../vault/helpers';

const SECRET_ID = 'agentfoundry/dev/acme/shared/openai_api_key';

/** `rm --force` on a real terminal (via `script`); `keys` are typed once the question shows. */
async function rmOnTerminal(dataDir: string, keys: string, args = 'rm acme/openai_api_key --force', question = 'to confirm:'): Promise<{ code: number | null; output: string }> {
  const command = `${process.execPath} --import tsx ${CLI} ${args} --embedded --data ${dataDir}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, FOUNDRY_VAULT_KEY: TEST_KEY }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (sent || !output.includes(question)) return;
    sent = true;
    child.stdin.write(keys);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output };
}

describe('rm --force: Ctrl+C / Ctrl+D at the typed confirmation', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await appDataDir();
    const put = await runCli(['put', 'acme/openai_api_key', '--embedded', '--data', dataDir], { stdin: 'sk-rm-cancel-test' });
    expect(put.code, put.stderr).toBe(0);
  });

  for (const [name, keys] of [
    ['Ctrl+C', '\u0003'],
    ['Ctrl+D', '\u0004'],
  ] as const) {
    it(`${name} cancels: "Cancelled: nothing was deleted.", exit 1, the secret is still there`, async () => {
      const run = await rmOnTerminal(dataDir, keys);
      expect(run.output).toContain('Cancelled: nothing was deleted.');
      expect(run.output).not.toMatch(/unexpected/i);
      expect(run.code, run.output).toBe(1);
      const described = await withAppVault(dataDir, (client) => client.send(new DescribeSecretCommand({ SecretId: SECRET_ID })));
      expect(described.DeletedDate).toBeUndefined();
    }, 30_000);
  }
});

describe('put: Ctrl+C at the hidden value prompt', () => {
  it('"Cancelled: nothing was written.", exit 1 (as rm and migrate)', async () => {
    const dataDir = await appDataDir();
    const run = await rmOnTerminal(dataDir, 'sk-half\u0003', 'put acme/openai_api_key', 'typing is hidden');
    expect(run.output).toContain('Cancelled: nothing was written.');
    expect(run.output).not.toContain('sk-half');
    expect(run.code, run.output).toBe(1);
  }, 30_000);
});
