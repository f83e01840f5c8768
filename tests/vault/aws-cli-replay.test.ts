/**
 * The real AWS CLI against the served vault, where it is installed (skipped, with the reason,
 * where not). botocore does not sign its `amz-sdk-invocation-id` / `amz-sdk-request` headers, so
 * identical commands run in the same second, and a retry signed again within the same second,
 * carry the very same signature: the replay guard must serve them (the first answer, not a second
 * execution), not refuse them.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import type { VaultServer } from '../../src/main/vault/index';
import { startFlakyProxy } from '../fakes/fake-flaky-proxy';
import { HTTP_CREDENTIALS, startVault } from './helpers';

const run = promisify(execFile);
const cli = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const HAS_CLI = cli.status === 0;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!HAS_CLI)(`the AWS CLI against the served vault (${HAS_CLI ? cli.stdout.trim() || cli.stderr.trim() : 'aws not on PATH: skipped'})`, () => {
  let server: VaultServer;
  let region: string;
  // Addresses the vault accepts besides its own: the fake flaky proxy's, once it listens.
  const proxyHosts = new Set<string>();
  let env: NodeJS.ProcessEnv;

  async function aws(endpoint: string, ...args: string[]): Promise<unknown> {
    const { stdout } = await run('aws', ['--endpoint-url', endpoint, '--output', 'json', 'secretsmanager', ...args], { env, timeout: 60_000 });
    return JSON.parse(stdout) as unknown;
  }

  it('identical commands run at once are all served', async () => {
    const { vault } = await startVault();
    region = vault.region;
    server = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS, alsoAcceptHosts: proxyHosts });
    cleanups.push(() => server.close());
    const home = await mkdtemp(path.join(os.tmpdir(), 'foundry-aws-cli-'));
    env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: HTTP_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: HTTP_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: region,
      AWS_CONFIG_FILE: path.join(home, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const answers = await Promise.all(Array.from({ length: 3 }, () => aws(server.endpoint, 'list-secrets')));
    for (const answer of answers) expect(answer).toEqual({ SecretList: [] });
  }, 60_000);

  it('--endpoint-url http://localhost:<port> is served too (the CLI signs Host localhost:<port>)', async () => {
    expect(await aws(`http://localhost:${server.port}`, 'list-secrets')).toEqual({ SecretList: [] });
  }, 60_000);

  it('a command signed for another address is refused (the CLI through a proxy the vault was not told of)', async () => {
    const proxy = await startFlakyProxy(server.endpoint, () => undefined);
    cleanups.push(() => proxy.close());
    await expect(aws(proxy.endpoint, 'list-secrets')).rejects.toThrow(/signed for another host/);
  }, 60_000);

  it('a retry after an answer lost on the way back succeeds, and the secret is created once', async () => {
    const proxy = await startFlakyProxy(server.endpoint, (sequence) => (sequence === 1 ? 'answer-500' : undefined));
    cleanups.push(() => proxy.close());
    proxyHosts.add(new URL(proxy.endpoint).host);
    const name = 'agentfoundry/dev/acme/shared/cli_key';
    expect(await aws(proxy.endpoint, 'create-secret', '--name', name, '--secret-string', 'cli-value')).toMatchObject({ Name: name });
    expect(proxy.backendStatuses[0]).toBe(200); // the first attempt was executed; its answer was lost
    const client = new SecretsManagerClient({ region, endpoint: server.endpoint, credentials: HTTP_CREDENTIALS, maxAttempts: 1 });
    cleanups.push(() => client.destroy());
    expect((await client.send(new ListSecretVersionIdsCommand({ SecretId: name }))).Versions).toHaveLength(1);
  }, 60_000);
});
