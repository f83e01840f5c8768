/**
 * The served vault accepts a signed request once: a captured request sent again within its
 * 15-minute window is refused (issue 11: a replayed DeleteSecret deleted a restored secret), while
 * the real SDK's retries — signed anew for every attempt — still go through. Nor does a request
 * outlive the server it was signed for: one signed before the vault was served again, or signed
 * for another address (another server with the same credentials), is refused.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import { ReplayGuard, SeenSignatures } from '../../src/main/vault/replay-guard';
import type { WireResponse } from '../../src/main/vault/protocol';
import type { Vault, VaultServer } from '../../src/main/vault/index';
import { startFlakyProxy, type FlakyProxy } from '../fakes/fake-flaky-proxy';
import { captureSigned as capture, sendCaptured as send } from './captured-request';
import { HTTP_CREDENTIALS, startVault } from './helpers';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function served(
  limits?: Parameters<Vault['serve']>[0]['limits'],
  alsoAcceptHosts?: ReadonlySet<string>,
): Promise<{ vault: Vault; server: VaultServer; client: SecretsManagerClient }> {
  const { vault } = await startVault();
  const server = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS, ...(limits && { limits }), ...(alsoAcceptHosts && { alsoAcceptHosts }) });
  const client = new SecretsManagerClient({ region: vault.region, endpoint: server.endpoint, credentials: HTTP_CREDENTIALS, maxAttempts: 1 });
  cleanups.push(async () => {
    client.destroy();
    await server.close();
  });
  return { vault, server, client };
}

describe('a signed request is executed once', () => {
  const name = 'agentfoundry/dev/acme/shared/openai_api_key';

  it('a captured DeleteSecret sent again after a restore is refused, and the secret stays restored', async () => {
    const { vault, server, client } = await served({ echoWindowMs: 0 });
    await client.send(new CreateSecretCommand({ Name: name, SecretString: 'sk-replay-test' }));

    const captured = await capture(server.endpoint, vault.region, 'DeleteSecret', { SecretId: name, RecoveryWindowInDays: 7 });
    expect((await send(server.endpoint, captured)).status).toBe(200);
    await client.send(new RestoreSecretCommand({ SecretId: name }));

    const again = await send(server.endpoint, captured);
    expect(again.status).toBe(400);
    expect(again.json.__type).toBe('InvalidSignatureException');
    expect(again.json.message).toMatch(/already been used/);
    expect((await client.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeUndefined();
  });

  it('a repeat within seconds (how the AWS CLI retries within one second) gets the first answer and is not executed again', async () => {
    const { vault, server, client } = await served();
    await client.send(new CreateSecretCommand({ Name: name, SecretString: 'sk-replay-test' }));
    const captured = await capture(server.endpoint, vault.region, 'DeleteSecret', { SecretId: name, RecoveryWindowInDays: 7 });
    const first = await send(server.endpoint, captured);
    expect(first.status).toBe(200);
    // Executed again, it would answer InvalidRequestException (already marked deleted).
    expect(await send(server.endpoint, captured)).toEqual(first);

    // Nor does a repeat undo a later change: the restored secret stays restored.
    await client.send(new RestoreSecretCommand({ SecretId: name }));
    expect(await send(server.endpoint, captured)).toEqual(first);
    expect((await client.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeUndefined();
  });

  it('of eight copies of one signed request sent at once, one is executed and all get its answer', async () => {
    const { vault, server, client } = await served();
    await client.send(new CreateSecretCommand({ Name: name, SecretString: 'sk-replay-test' }));
    const captured = await capture(server.endpoint, vault.region, 'DeleteSecret', { SecretId: name, RecoveryWindowInDays: 7 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(server.endpoint, captured)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.json))).size).toBe(1);
  });

  it('once the echo window has passed, a repeat is refused', async () => {
    const { vault, server } = await served({ echoWindowMs: 100 });
    const captured = await capture(server.endpoint, vault.region, 'ListSecrets', {});
    expect((await send(server.endpoint, captured)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await send(server.endpoint, captured)).json.__type).toBe('InvalidSignatureException');
  });

  it('the SDK signs every call anew (invocation id, attempt), so the same call repeated within a second is executed each time', async () => {
    const { client } = await served({ echoWindowMs: 0 });
    for (let call = 0; call < 20; call += 1) expect((await client.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
  });

  it('at capacity a new signature is refused with ThrottlingException rather than an old one forgotten', async () => {
    const { vault, server } = await served({ seenSignatures: 2, echoWindowMs: 0 });
    const first = await capture(server.endpoint, vault.region, 'ListSecrets', {});
    const second = await capture(server.endpoint, vault.region, 'ListSecrets', { MaxResults: 5 });
    const third = await capture(server.endpoint, vault.region, 'ListSecrets', { MaxResults: 6 });
    expect((await send(server.endpoint, first)).status).toBe(200);
    expect((await send(server.endpoint, second)).status).toBe(200);
    expect((await send(server.endpoint, third)).json.__type).toBe('ThrottlingException');
    // Still remembered: a replay of the first is refused as a replay, not let through.
    expect((await send(server.endpoint, first)).json.__type).toBe('InvalidSignatureException');
  });
});

describe('a signed request is served only by the server it was signed for, while it runs', () => {
  const name = 'agentfoundry/dev/acme/shared/openai_api_key';

  /** Past the second the request was signed in: X-Amz-Date has one-second resolution. */
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));

  async function restartable(): Promise<{ vault: Vault; local: SecretsManagerClient }> {
    const { vault } = await startVault();
    const local = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    cleanups.push(async () => local.destroy());
    await local.send(new CreateSecretCommand({ Name: name, SecretString: 'sk-replay-test' }));
    return { vault, local };
  }

  it('a DeleteSecret captured before the vault was served again on the same port is refused, and the restored secret stays restored', async () => {
    const { vault, local } = await restartable();
    const first = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS });
    const captured = await capture(first.endpoint, vault.region, 'DeleteSecret', { SecretId: name, RecoveryWindowInDays: 7 });
    expect((await send(first.endpoint, captured)).status).toBe(200);
    await local.send(new RestoreSecretCommand({ SecretId: name }));
    await first.close();

    await nextSecond();
    const again = await vault.serve({ port: first.port, credentials: HTTP_CREDENTIALS });
    cleanups.push(() => again.close());
    expect(again.endpoint).toBe(first.endpoint);
    const replay = await send(again.endpoint, captured);
    expect(replay.status).toBe(400);
    expect(replay.json.__type).toBe('InvalidSignatureException');
    expect(replay.json.message).toMatch(/signed before this server started/);
    expect((await local.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeUndefined();
    // A request signed now is served.
    expect((await send(again.endpoint, await capture(again.endpoint, vault.region, 'DescribeSecret', { SecretId: name }))).status).toBe(200);
  });

  it('served again on another port: the captured DeleteSecret is refused there too', async () => {
    const { vault, local } = await restartable();
    const first = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS });
    const captured = await capture(first.endpoint, vault.region, 'DeleteSecret', { SecretId: name, RecoveryWindowInDays: 7 });
    expect((await send(first.endpoint, captured)).status).toBe(200);
    await local.send(new RestoreSecretCommand({ SecretId: name }));
    await first.close();
    const again = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS });
    cleanups.push(() => again.close());
    expect((await send(again.endpoint, captured)).json.__type).toBe('InvalidSignatureException');
    expect((await local.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeUndefined();
  });

  it('a request signed for another server with the same credentials is refused (the signed Host is not this server)', async () => {
    const other = await served();
    const { vault, local } = await restartable();
    const server = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS });
    cleanups.push(() => server.close());
    // Signed for the other server's address, as a capture of traffic to it would be.
    const captured = await capture(other.server.endpoint, vault.region, 'DeleteSecret', { SecretId: name, RecoveryWindowInDays: 7 });
    const answer = await send(server.endpoint, captured);
    expect(answer.status).toBe(400);
    expect(answer.json.__type).toBe('InvalidSignatureException');
    expect(answer.json.message).toMatch(/signed for another host/);
    expect((await local.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeUndefined();
  });

  it('the SDK with the endpoint written as http://localhost:<port> is served (Host localhost:<port>)', async () => {
    const { server, vault } = await served();
    const client = new SecretsManagerClient({ region: vault.region, endpoint: `http://localhost:${server.port}`, credentials: HTTP_CREDENTIALS, maxAttempts: 1 });
    cleanups.push(async () => client.destroy());
    expect((await client.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
  });
});

describe('the real SDK retries a request that reached the vault (each attempt is signed anew)', () => {
  async function throughProxy(spoil: Parameters<typeof startFlakyProxy>[1]): Promise<{ client: SecretsManagerClient; direct: SecretsManagerClient; proxy: FlakyProxy }> {
    // The client signs for the proxy's address, which the vault accepts only when told to.
    const hosts = new Set<string>();
    const { vault, server, client: direct } = await served(undefined, hosts);
    const proxy = await startFlakyProxy(server.endpoint, spoil);
    hosts.add(new URL(proxy.endpoint).host);
    cleanups.push(() => proxy.close());
    const client = new SecretsManagerClient({ region: vault.region, endpoint: proxy.endpoint, credentials: HTTP_CREDENTIALS, maxAttempts: 3 });
    cleanups.push(async () => client.destroy());
    return { client, direct, proxy };
  }

  it('after an HTTP 500 the vault had served', async () => {
    const { client, proxy: flaky } = await throughProxy((sequence) => (sequence === 1 ? 'answer-500' : undefined));
    const answer = await client.send(new ListSecretsCommand({}));
    expect(answer.$metadata.attempts).toBe(2);
    expect(flaky.backendStatuses).toEqual([200, 200]);
    expect(new Set(flaky.authorizations).size).toBe(2);
  });

  it('after a connection dropped once the vault had stored the value: the retry is served and stores nothing twice', async () => {
    const { client, direct, proxy: flaky } = await throughProxy((sequence) => (sequence === 2 ? 'drop-connection' : undefined));
    const name = 'agentfoundry/dev/acme/shared/anthropic_api_key';
    await client.send(new CreateSecretCommand({ Name: name, SecretString: 'sk-first' }));
    const put = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'sk-second' }));
    expect(put.$metadata.attempts).toBe(2);
    // Both attempts reached the vault and were served; the same ClientRequestToken made the second a no-op.
    expect(flaky.backendStatuses).toEqual([200, 200, 200]);
    expect(new Set(flaky.authorizations).size).toBe(3);
    const versions = await direct.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(versions.Versions).toHaveLength(2);
  });
});

describe('SeenSignatures: bounded memory', () => {
  const MINUTE = 60_000;

  it('forgets a signature only once it could no longer verify', () => {
    const seen = new SeenSignatures(10);
    expect(seen.admit('a', 15 * MINUTE, 0)).toBe('accepted');
    expect(seen.admit('a', 15 * MINUTE, 15 * MINUTE)).toBe('replayed');
    expect(seen.admit('b', 16 * MINUTE, 15 * MINUTE + 1)).toBe('accepted');
    expect(seen.size).toBe(1);
  });

  it('refuses when full, and admits again as entries expire', () => {
    const seen = new SeenSignatures(2);
    expect(seen.admit('a', 10, 0)).toBe('accepted');
    expect(seen.admit('b', 20, 0)).toBe('accepted');
    expect(seen.admit('c', 30, 5)).toBe('full');
    expect(seen.admit('a', 10, 5)).toBe('replayed');
    expect(seen.admit('c', 30, 11)).toBe('accepted');
    expect(seen.size).toBe(2);
  });

  it('expires in order of validity whatever order signatures arrive in (against a plain list)', () => {
    const seen = new SeenSignatures(1_000);
    const model = new Map<string, number>();
    let random = 12345;
    const next = (): number => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 5_000; step += 1) {
      const now = step;
      const signature = `s${Math.floor(next() * 3_000)}`;
      const until = now + Math.floor(next() * 500);
      for (const [key, validUntil] of model) if (validUntil < now) model.delete(key);
      const expected = model.has(signature) ? 'replayed' : model.size >= 1_000 ? 'full' : 'accepted';
      if (expected === 'accepted') model.set(signature, until);
      expect(seen.admit(signature, until, now)).toBe(expected);
      expect(seen.size).toBe(model.size);
    }
  });
});

describe('ReplayGuard: answers kept for repeats are bounded', () => {
  const answer = (bytes: number): WireResponse => ({ status: 200, headers: {}, body: Buffer.alloc(bytes) });

  it('a repeat while the first is being served waits for its answer', async () => {
    const guard = new ReplayGuard({ capacity: 10, echoWindowMs: 1_000, echoBytes: 1_000 });
    const first = guard.check('s', 900_000, 0);
    const repeat = guard.check('s', 900_000, 1);
    if (first.kind !== 'serve' || repeat.kind !== 'echo') throw new Error(`unexpected ${first.kind}/${repeat.kind}`);
    first.settle(answer(10), 2);
    expect((await repeat.answer).body).toHaveLength(10);
  });

  it('an answer that does not fit the byte budget is not kept: its repeats are refused', () => {
    const guard = new ReplayGuard({ capacity: 10, echoWindowMs: 1_000, echoBytes: 100 });
    const small = guard.check('a', 900_000, 0);
    const large = guard.check('b', 900_000, 0);
    if (small.kind !== 'serve' || large.kind !== 'serve') throw new Error('expected both served');
    small.settle(answer(60), 1);
    large.settle(answer(60), 1);
    expect(guard.check('a', 900_000, 2).kind).toBe('echo');
    expect(guard.check('b', 900_000, 2).kind).toBe('replayed');
  });

  it('answers leave with the window, oldest first, and free the budget', () => {
    const guard = new ReplayGuard({ capacity: 10, echoWindowMs: 100, echoBytes: 100 });
    const first = guard.check('a', 900_000, 0);
    if (first.kind !== 'serve') throw new Error('expected served');
    first.settle(answer(90), 0);
    expect(guard.check('a', 900_000, 100).kind).toBe('echo');
    const next = guard.check('b', 900_000, 101);
    if (next.kind !== 'serve') throw new Error('expected served');
    next.settle(answer(90), 101);
    expect(guard.check('a', 900_000, 102).kind).toBe('replayed');
    expect(guard.check('b', 900_000, 102).kind).toBe('echo');
  });
});
