/**
 * The boto3 equivalent the README gives Python backends (tests/runtime/fixtures/boto3_reader.py:
 * get_secret_value with the same fallback, batch_get_secret_value for the warm-up) runs against the
 * served vault and agrees with the Node reader. Skipped, with the reason, where python3 + boto3
 * are not installed.
 */
import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { startHostileBackend } from '../fakes/fake-hostile-backend';
import { startScriptedSecretsBackend } from '../fakes/fake-scripted-secrets-backend';
import { put, readerFor, scheduleDeletion, secretId, servedVault, type ServedVault } from './helpers';

const run = promisify(execFile);
const probe = spawnSync('python3', ['-c', 'import boto3; print(boto3.__version__)'], { encoding: 'utf8' });
const HAS_BOTO3 = probe.status === 0;
const SCRIPT = path.join(import.meta.dirname, 'fixtures', 'boto3_reader.py');

describe.skipIf(!HAS_BOTO3)(`the README's boto3 equivalent (${HAS_BOTO3 ? `boto3 ${probe.stdout.trim()}` : 'python3 with boto3 not found: skipped'})`, () => {
  let served: ServedVault;
  const values = {
    [secretId('acme-corp', 'shared', 'openai_api_key')]: 'py-shared-openai',
    [secretId('acme-corp', 'card-services', 'anthropic_api_key')]: 'py-card-anthropic',
    [secretId('acme-corp', 'shared', 'github_token')]: 'py-shared-github',
  };

  beforeAll(async () => {
    served = await servedVault();
    for (const [id, value] of Object.entries(values)) await put(served.admin, id, value);
    await put(served.admin, secretId('acme-corp', 'doomed', 'github_token'), 'py-doomed');
    await scheduleDeletion(served.admin, secretId('acme-corp', 'doomed', 'github_token'));
  });

  it('reads with the same fallback and warms with batch_get_secret_value, as the Node reader does', async () => {
    const expected = { own: 'py-card-anthropic', shared: 'py-shared-openai', warmIds: Object.keys(values), warmValues: values };
    const { stdout } = await run('python3', [SCRIPT, JSON.stringify(expected)], {
      // The LocalStack branch of the script, pointed at the served vault (test/test); the direct
      // address, as botocore signs the Host it connects to.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOCALSTACK_ENDPOINT: served.direct, AWS_EC2_METADATA_DISABLED: 'true' },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({ own: true, shared: true, scheduled: true, none: true, warm: true });

    const reader = readerFor(served);
    expect(await reader.getLlmApiKey('acme-corp', 'anthropic', 'card-services')).toBe('py-card-anthropic');
    expect(await reader.getLlmApiKey('acme-corp', 'openai', 'card-services')).toBe('py-shared-openai');
    expect(await reader.getSecret({ orgId: 'acme-corp', domainId: 'doomed', secretName: 'github_token' })).toBeNull();
    expect(await reader.getSecret({ orgId: 'acme-corp', domainId: 'card-services', secretName: 'deepgram_api_key' })).toBeNull();
  });
});

describe.skipIf(!HAS_BOTO3)("the boto3 equivalent against a backend that answers wrongly (as the Node reader's hostile-answers test)", () => {
  /** Runs one step of the script against `endpoint`; what it printed, or 'still running' when killed. */
  async function step(endpoint: string, ...args: string[]): Promise<unknown> {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOCALSTACK_ENDPOINT: endpoint, AWS_EC2_METADATA_DISABLED: 'true' };
    return run('python3', [SCRIPT, ...args], { env, timeout: 15_000 }).then(
      ({ stdout }) => JSON.parse(stdout) as unknown,
      (error: { killed?: boolean; stderr?: string }) => (error.killed === true ? 'still running' : { failed: error.stderr?.split('\n').at(-2) }),
    );
  }

  it('warm() stops at 50 pages when every page brings a fresh NextToken', async () => {
    const backend = await startHostileBackend('endless-tokens');
    try {
      expect(await step(backend.endpoint, '--warm-only')).toEqual({ warmed: 0 });
      expect(backend.requests.filter((target) => target === 'secretsmanager.BatchGetSecretValue')).toHaveLength(50);
    } finally {
      await backend.close();
    }
  });

  it('warm() stops when a NextToken comes back again', async () => {
    const backend = await startScriptedSecretsBackend((operation) =>
      operation === 'BatchGetSecretValue' ? { SecretValues: [{ Name: secretId('acme-corp', 'shared', 'openai_api_key'), SecretString: 'py-looped' }], NextToken: 'token-a' } : undefined,
    );
    try {
      expect(await step(backend.endpoint, '--warm-only')).toEqual({ warmed: 1 });
      expect(backend.requests).toEqual(['BatchGetSecretValue', 'BatchGetSecretValue']);
    } finally {
      await backend.close();
    }
  });

  it('a SecretString that is not text raises, and is not returned as a key (nor printed)', async () => {
    const backend = await startScriptedSecretsBackend((operation, input) => (operation === 'GetSecretValue' ? { Name: input.SecretId, SecretString: 12345678901234 } : undefined));
    try {
      const outcome = await step(backend.endpoint, '--read-only');
      expect(outcome).toEqual({ raised: 'TypeError' });
      expect(JSON.stringify(outcome)).not.toContain('12345678901234');
    } finally {
      await backend.close();
    }
  });
});
