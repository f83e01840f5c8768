/**
 * `foundry-secrets put`: the value from stdin (byte-exact), the app's whitespace rule (echo's
 * trailing line break is refused with advice), a value on the command line refused without being
 * repeated, the hidden terminal prompt, and the audit entry of the write.
 */
import { spawn } from 'node:child_process';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, appDataDir, auditEntries, runCli, servedVault, withAppVault, type ServedVault } from './helpers';
import { TEST_KEY } from '../vault/helpers';
import { MAX_SECRET_VALUE_BYTES, SECRET_VALUE_PROBLEMS } from '../../src/shared/value-rules';

const KEY = 'sk-proj-put-test-0123456789abcdefABCDEF';

async function stored(dataDir: string, secretId: string): Promise<string | undefined> {
  return withAppVault(dataDir, async (client) => (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString);
}

describe('put ORG/NAME (value from stdin)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await appDataDir();
  });

  it('stores the piped value exactly, prints the status only, and is audited as the app audits a write', async () => {
    const run = await runCli(['put', 'acme/openai_api_key', '--embedded', '--data', dataDir], { stdin: KEY });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Created agentfoundry\/dev\/acme\/shared\/openai_api_key: configured \(last changed \d{4}-\d\d-\d\d \d\d:\d\d\)\n$/);
    expect(await stored(dataDir, 'agentfoundry/dev/acme/shared/openai_api_key')).toBe(KEY);
    const entries = await auditEntries(dataDir);
    expect(entries.map((entry) => [entry['action'], entry['outcome'], entry['secretId']])).toEqual([
      ['secret.write', 'attempt', 'agentfoundry/dev/acme/shared/openai_api_key'],
      ['secret.write', 'success', 'agentfoundry/dev/acme/shared/openai_api_key'],
    ]);
  });

  it('ORG/DOMAIN/NAME and --domain name the domain; a second put is a rotation; --json parses', async () => {
    const first = await runCli(['put', 'acme/card-services/anthropic_api_key', '--embedded', '--data', dataDir, '--json'], { stdin: 'sk-ant-one' });
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout) as { secretId: string; created: boolean; status: { state: string } };
    expect(doc).toMatchObject({ secretId: 'agentfoundry/dev/acme/card-services/anthropic_api_key', created: true, status: { state: 'configured' } });
    const second = await runCli(['put', 'acme/anthropic_api_key', '--domain', 'card-services', '--embedded', '--data', dataDir], { stdin: 'sk-ant-two' });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Updated agentfoundry\/dev\/acme\/card-services\/anthropic_api_key: configured/);
    expect(await stored(dataDir, 'agentfoundry/dev/acme/card-services/anthropic_api_key')).toBe('sk-ant-two');
    const actions = (await auditEntries(dataDir)).filter((entry) => entry['outcome'] === 'success').map((entry) => entry['action']);
    expect(actions.slice(-2)).toEqual(['secret.write', 'secret.rotate']);
  });

  it("echo's trailing line break is refused with advice (exit 2, nothing written); --whitespace trim stores the key, keep stores it exactly", async () => {
    const refused = await runCli(['put', 'acme/github_token', '--embedded', '--data', dataDir], { stdin: `${KEY}\n` });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('printf %s');
    expect(refused.stderr).toContain('--whitespace trim');
    expect(refused.stderr).not.toContain(KEY.slice(0, 12));
    const trimmed = await runCli(['put', 'acme/github_token', '--whitespace', 'trim', '--embedded', '--data', dataDir], { stdin: `${KEY}\n` });
    expect(trimmed.code, trimmed.stderr).toBe(0);
    expect(await stored(dataDir, 'agentfoundry/dev/acme/shared/github_token')).toBe(KEY);
    const kept = await runCli(['put', 'acme/pem_key', '--whitespace', 'keep', '--mode', 'multi-line', '--embedded', '--data', dataDir], { stdin: 'line one\nline two\n' });
    expect(kept.code, kept.stderr).toBe(0);
    expect(await stored(dataDir, 'agentfoundry/dev/acme/shared/pem_key')).toBe('line one\nline two\n');
  });

  it('the app value rules apply: empty, blank and invalid JSON are refused with the app\'s messages (exit 2)', async () => {
    const empty = await runCli(['put', 'acme/x_token', '--embedded', '--data', dataDir], { stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('Enter a value: it must not be empty.');
    const json = await runCli(['put', 'acme/x_token', '--mode', 'json', '--embedded', '--data', dataDir], { stdin: '{"a":' });
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/The value .*line 1/);
  });
});

describe('what a piped value holds is named as it is (review findings)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await appDataDir();
  });

  it("over the limit is refused for its size, whatever its characters (the read stops mid-character), in the app's words", async () => {
    // 3-byte characters: wherever the read stops past the limit, it is likely inside one.
    for (const stdin of ['€'.repeat(70_000), '😀'.repeat(50_000), Buffer.concat([Buffer.alloc(MAX_SECRET_VALUE_BYTES, 0x61), Buffer.from([0xff])])]) {
      const run = await runCli(['put', 'acme/x_token', '--embedded', '--data', dataDir], { stdin });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(SECRET_VALUE_PROBLEMS.tooManyBytes);
      expect(run.stderr).toContain('Nothing was written.');
      expect(run.stderr).not.toContain('UTF-8 text');
    }
    // Exactly at the limit, in 2-byte characters, it is stored as given.
    const atLimit = 'é'.repeat(MAX_SECRET_VALUE_BYTES / 2);
    const exact = await runCli(['put', 'acme/at_limit_token', '--embedded', '--data', dataDir], { stdin: atLimit });
    expect(exact.code, exact.stderr).toBe(0);
    expect(await stored(dataDir, 'agentfoundry/dev/acme/shared/at_limit_token')).toBe(atLimit);
  }, 60_000);

  it('a leading byte-order mark is named with how to remove it, and neither stripped nor kept by --whitespace (exit 2)', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(KEY)]);
    for (const flags of [[], ['--whitespace', 'trim'], ['--whitespace', 'keep']]) {
      const run = await runCli(['put', 'acme/bom_token', ...flags, '--embedded', '--data', dataDir], { stdin: withBom });
      expect(run.code, `${flags.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('starts with a byte-order mark (BOM');
      expect(run.stderr).toContain('tail -c +4 FILE | foundry-secrets put');
      expect(run.stderr).not.toContain('space, tab or line break');
      expect(run.stderr).not.toContain(KEY.slice(0, 12));
    }
    const written = await withAppVault(dataDir, (client) => client.send(new GetSecretValueCommand({ SecretId: 'agentfoundry/dev/acme/shared/bom_token' })).then(() => true, () => false));
    expect(written).toBe(false);
    // Without the mark, the same key goes in.
    const clean = await runCli(['put', 'acme/bom_token', '--embedded', '--data', dataDir], { stdin: KEY });
    expect(clean.code, clean.stderr).toBe(0);
  }, 60_000);
});

describe('a value on the command line is refused, with advice, and never repeated', () => {
  const cases = [
    { name: 'an extra argument', args: ['put', 'acme/openai_api_key', KEY] },
    { name: '--value X', args: ['put', 'acme/openai_api_key', '--value', KEY] },
    { name: '--value=X', args: ['put', 'acme/openai_api_key', `--value=${KEY}`] },
    { name: 'a value that looks like a flag', args: ['put', 'acme/openai_api_key', `--${KEY}`] },
  ];
  for (const testCase of cases) {
    it.concurrent(testCase.name, async () => {
      const run = await runCli([...testCase.args, '--endpoint', 'http://127.0.0.1:9'], { stdin: '' });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      for (const part of [KEY, KEY.slice(0, 10), KEY.slice(-10)]) expect(run.stderr).not.toContain(part);
      expect(run.stderr).not.toContain('unknown command');
      if (testCase.name !== 'a value that looks like a flag') expect(run.stderr).toContain('printf %s "$KEY" | foundry-secrets put');
    });
  }
});

describe('put against a served vault (--endpoint)', () => {
  let vault: ServedVault;
  beforeAll(async () => {
    vault = await servedVault();
  });

  it('stores the value; a secret scheduled for deletion fails with exit 1 and says how to restore', async () => {
    const run = await runCli(['put', 'beta/openai_api_key', '--endpoint', vault.endpoint], { stdin: KEY, env: vault.env });
    expect(run.code, run.stderr).toBe(0);
    const answer = await vault.client.send(new GetSecretValueCommand({ SecretId: 'agentfoundry/dev/beta/shared/openai_api_key' }));
    expect(answer.SecretString).toBe(KEY);
    const removed = await runCli(['rm', 'beta/openai_api_key', '--endpoint', vault.endpoint], { env: vault.env });
    expect(removed.code, removed.stderr).toBe(0);
    const refused = await runCli(['put', 'beta/openai_api_key', '--endpoint', vault.endpoint], { stdin: 'sk-other', env: vault.env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/scheduled for deletion .*Restore it first/);
  });
});

describe('the hidden prompt on a terminal', () => {
  it('reads the value typed at a terminal without echoing it', async () => {
    const dataDir = await appDataDir();
    const typed = 'sk-typed-at-the-terminal-42';
    // `script` gives the CLI a real terminal; what it prints (echo included) comes back on stdout.
    const command = `${process.execPath} --import tsx ${CLI} put acme/openai_api_key --embedded --data ${dataDir}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, FOUNDRY_VAULT_KEY: TEST_KEY }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (sent || !output.includes('typing is hidden')) return;
      sent = true;
      child.stdin.write(`${typed}\r`);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain('Value for acme/shared/openai_api_key (typing is hidden');
    expect(output).toContain('Created agentfoundry/dev/acme/shared/openai_api_key: configured');
    expect(output).not.toContain(typed);
    expect(await stored(dataDir, 'agentfoundry/dev/acme/shared/openai_api_key')).toBe(typed);
  }, 30_000);
});
