/**
 * The app's in-process client (vault.clientConfig()): requests reach the vault without a socket and
 * without a SigV4 signature (in-process-auth.ts), while the blind guard still refuses value reads
 * before anything is sent, and the served vault still insists on signatures (sigv4.test.ts).
 */
import { CreateSecretCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HttpRequest as WireRequest, type HttpHandler, type HttpRequest } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { makeBlind } from '../../src/main/secrets/blind-client';
import { HTTP_CREDENTIALS, rejectionOf, startVault } from './helpers';

/** The vault's own handler, recording the headers of every request the SDK hands it. */
function recordingHandler(inner: HttpHandler): { handler: HttpHandler; seen: Record<string, string>[] } {
  const seen: Record<string, string>[] = [];
  const handler = {
    handle: (request: HttpRequest, options?: Parameters<HttpHandler['handle']>[1]) => {
      seen.push(Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])));
      return inner.handle(request, options);
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  } as HttpHandler;
  return { handler, seen };
}

describe('the in-process client', () => {
  it('answers in bytes of their own: no answer is a view into memory that may still hold a written value', async () => {
    const { vault } = await startVault();
    const handler = vault.clientConfig().requestHandler;
    const request = (target: string, body: object) =>
      new WireRequest({ method: 'POST', hostname: 'vault', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `secretsmanager.${target}` }, body: JSON.stringify(body) });
    const value = 'sk-pooled-value-0001';
    await handler.handle(request('CreateSecret', { Name: 'app/pooled', SecretString: value }));
    const { response } = await handler.handle(request('DescribeSecret', { SecretId: 'app/pooled' }));
    const body = response.body as Uint8Array;
    // Small buffers share Node's 8 KiB pool with recent request bodies; a view into it would carry
    // them along wherever the answer's ArrayBuffer goes (structured clone copies all of it).
    expect(body.byteOffset).toBe(0);
    expect(body.buffer.byteLength).toBe(body.byteLength);
    expect(Buffer.from(body.buffer).includes(value)).toBe(false);
  });

  it('sends requests unsigned (no socket, no other caller to prove itself to), and they are served', async () => {
    const { vault } = await startVault();
    const config = vault.clientConfig();
    const { handler, seen } = recordingHandler(config.requestHandler);
    const client = new SecretsManagerClient({ ...config, requestHandler: handler, maxAttempts: 1 });
    await client.send(new CreateSecretCommand({ Name: 'app/key', SecretString: 'sk-unsigned-0001' }));
    const listed = await client.send(new ListSecretsCommand({}));
    client.destroy();
    expect(listed.SecretList?.map((secret) => secret.Name)).toEqual(['app/key']);
    expect(seen).toHaveLength(2);
    for (const headers of seen) {
      expect(headers['x-amz-target']).toMatch(/^secretsmanager\./);
      expect(headers.authorization).toBeUndefined();
      expect(headers['x-amz-date']).toBeUndefined();
      expect(headers['x-amz-content-sha256']).toBeUndefined();
    }
  });

  it('still goes through the blind guard: GetSecretValue is refused before the vault sees it', async () => {
    const { vault } = await startVault();
    const config = vault.clientConfig();
    const { handler, seen } = recordingHandler(config.requestHandler);
    const client = makeBlind(new SecretsManagerClient({ ...config, requestHandler: handler, maxAttempts: 1 }));
    await client.send(new CreateSecretCommand({ Name: 'app/key', SecretString: 'sk-unsigned-0002' }));
    const refused = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: 'app/key' })));
    client.destroy();
    expect(refused.message).toContain('never reads secret values');
    expect(seen.map((headers) => headers['x-amz-target'])).toEqual(['secretsmanager.CreateSecret']);
  });

  it('does not make the served vault accept unsigned requests', async () => {
    const { vault } = await startVault();
    const server = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS });
    try {
      const response = await fetch(server.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.ListSecrets' },
        body: '{}',
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(((await response.json()) as { __type: string }).__type).toMatch(/Signature|Token|Security/);
    } finally {
      await server.close();
    }
  });
});
