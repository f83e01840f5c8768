/**
 * The hidden `put` prompt stores exactly what was typed, or nothing: a multi-line paste (more input
 * after Enter in the same chunk) and control characters (Ctrl+Z, the ESC sequences of arrow keys)
 * are refused with exit 2 and advice, on a real terminal (`script` gives the CLI a pty).
 */
import { spawn } from 'node:child_process';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, appDataDir, withAppVault } from './helpers';
import { TEST_KEY } from '../vault/helpers';

const SECRET_ID = 'agentfoundry/dev/acme/shared/openai_api_key';

async function stored(dataDir: string): Promise<string | undefined> {
  return withAppVault(dataDir, async (client) => (await client.send(new GetSecretValueCommand({ SecretId: SECRET_ID }))).SecretString).catch(() => undefined);
}

/** Runs `put` on a pty and types `keys` in one write once the prompt shows; returns exit code and output. */
async function typeAtPrompt(dataDir: string, keys: string, thenKeys?: string): Promise<{ code: number | null; output: string }> {
  const command = `${process.execPath} --import tsx ${CLI} put acme/openai_api_key --embedded --data ${dataDir}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, FOUNDRY_VAULT_KEY: TEST_KEY }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (sent || !output.includes('typing is hidden')) return;
    sent = true;
    child.stdin.write(keys);
    // The rest of a paste that the terminal delivers as a later chunk.
    if (thenKeys !== undefined) setTimeout(() => child.stdin.write(thenKeys), 20);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output };
}

describe('the hidden prompt refuses what it would store differently', () => {
  it('a multi-line paste: exit 2, nothing written, advice to pipe it', async () => {
    const dataDir = await appDataDir();
    const run = await typeAtPrompt(dataDir, 'sk-first-line-11\rsecond-line-22\r');
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain('--mode multi-line');
    expect(run.output).not.toContain('sk-first-line-11');
    expect(run.output).not.toContain('second-line-22');
    expect(await stored(dataDir)).toBeUndefined();
  }, 30_000);

  it('a paste split after its first line break (a later chunk): exit 2, nothing written, nothing left for the shell', async () => {
    const dataDir = await appDataDir();
    const run = await typeAtPrompt(dataDir, 'sk-first-line-11\r', 'echo LEFT-FOR-THE-SHELL\r');
    expect(run.code, run.output).toBe(2);
    expect(run.output).not.toContain('LEFT-FOR-THE-SHELL');
    expect(await stored(dataDir)).toBeUndefined();
  }, 30_000);

  for (const [label, keys] of [['an arrow key (ESC sequence)', 'sk-abc\u001b[Adef\r'], ['Ctrl+Z', 'sk-abc\u001adef\r']] as const) {
    it(`${label}: exit 2, nothing written`, async () => {
      const dataDir = await appDataDir();
      const run = await typeAtPrompt(dataDir, keys);
      expect(run.code, run.output).toBe(2);
      expect(run.output).not.toContain('sk-abc');
      expect(await stored(dataDir)).toBeUndefined();
    }, 30_000);
  }
});
