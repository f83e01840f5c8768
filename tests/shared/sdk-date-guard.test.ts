/**
 * One answer with a bogus Date header must not break a client for good: the SDK's clock-skew
 * correction would set systemClockOffset from it, and every later request would throw
 * "RangeError: Invalid time value". A plausible skew (minutes) is still corrected.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { addDateGuard } from '../../src/shared/sdk-date-guard';
import { createSecretsClient } from '../../src/main/backends/client-factory';
import { createSecretReader } from '../../src/runtime/index';
import type { Profile } from '../../src/shared/profiles';

const BOGUS_DATE = 'Sat, 13 Sep 275760 00:00:00 GMT';

interface DatedServer {
  readonly endpoint: string;
  readonly requests: number;
  close(): Promise<void>;
}

/** Answers the first request with `firstDate` (and `firstStatus`), later ones with the true time. */
async function startDatedServer(firstDate: string, firstStatus = 200): Promise<DatedServer> {
  let requests = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      const first = requests === 1;
      const date = first ? firstDate : new Date().toUTCString();
      const target = String(request.headers['x-amz-target'] ?? '');
      if (first && firstStatus !== 200) {
        response.writeHead(firstStatus, { 'content-type': 'application/x-amz-json-1.1', date }).end(JSON.stringify({ __type: 'RequestTimeTooSkewed', message: 'Signature expired' }));
        return;
      }
      if (target === '' && String(request.url).startsWith('/')) {
        // STS (query protocol): a GetCallerIdentity answer.
        response
          .writeHead(200, { 'content-type': 'text/xml', date })
          .end('<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::000000000000:user/t</Arn><UserId>U</UserId><Account>000000000000</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>');
        return;
      }
      if (target.endsWith('GetSecretValue')) {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', date }).end(JSON.stringify({ Name: 'n', SecretString: 'v', VersionId: 'x' }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', date }).end(JSON.stringify({ SecretList: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const REF = { orgId: 'org1', secretName: 'openai_api_key' };
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let servers: DatedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function serve(firstDate: string, firstStatus?: number): Promise<DatedServer> {
  const server = await startDatedServer(firstDate, firstStatus);
  servers.push(server);
  return server;
}

describe('a bogus Date header', () => {
  it('without the guard, the SDK breaks for good (the failure this guards against)', async () => {
    const server = await serve(BOGUS_DATE);
    const client = new SecretsManagerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    await client.send(new ListSecretsCommand({}));
    await expect(client.send(new ListSecretsCommand({}))).rejects.toThrow(/Invalid time value/);
    client.destroy();
  });

  it('a guarded client ignores it: the next call succeeds and the offset stays near 0', async () => {
    const server = await serve(BOGUS_DATE);
    const client = addDateGuard(new SecretsManagerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }));
    await client.send(new ListSecretsCommand({}));
    await expect(client.send(new ListSecretsCommand({}))).resolves.toBeDefined();
    expect(Math.abs(client.config.systemClockOffset)).toBeLessThan(5_000);
    client.destroy();
  });

  it('an unparsable Date is ignored too', async () => {
    const server = await serve('not a date');
    const client = addDateGuard(new SecretsManagerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }));
    await client.send(new ListSecretsCommand({}));
    await expect(client.send(new ListSecretsCommand({}))).resolves.toBeDefined();
    client.destroy();
  });

  it('a guarded STS client ignores it', async () => {
    const server = await serve(BOGUS_DATE);
    const client = addDateGuard(new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }));
    await client.send(new GetCallerIdentityCommand({}));
    await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '000000000000' });
    client.destroy();
  });

  it("the app's clients (client-factory) are guarded", async () => {
    const server = await serve(BOGUS_DATE);
    const profile: Profile = { id: 'p1', name: 'ls', env: 'dev', readOnly: false, kind: 'localstack', endpoint: server.endpoint, region: 'us-east-1' };
    const client = await createSecretsClient(profile, { getVault: () => Promise.reject(new Error('no vault')) });
    await client.send(new ListSecretsCommand({}));
    await expect(client.send(new ListSecretsCommand({}))).resolves.toBeDefined();
    client.destroy();
  });

  it('the runtime reader is guarded: the second read succeeds', async () => {
    const server = await serve(BOGUS_DATE);
    const reader = createSecretReader({ endpoint: server.endpoint, backend: 'localstack', cacheTtlMs: 0, maxAttempts: 1, environment: {} });
    await reader.getSecret(REF);
    await expect(reader.getSecret(REF)).resolves.toBe('v');
    reader.close();
  });
});

describe('a plausible skew is still corrected', () => {
  it('a 10-minute skew sets the offset', async () => {
    const skewed = new Date(Date.now() + 10 * 60_000).toUTCString();
    const server = await serve(skewed);
    const client = addDateGuard(new SecretsManagerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }));
    await client.send(new ListSecretsCommand({}));
    expect(Math.abs(client.config.systemClockOffset - 10 * 60_000)).toBeLessThan(5_000);
    client.destroy();
  });

  it('a RequestTimeTooSkewed answer with a 10-minute skew is retried and succeeds', async () => {
    const skewed = new Date(Date.now() + 10 * 60_000).toUTCString();
    const server = await serve(skewed, 400);
    const client = addDateGuard(new SecretsManagerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 2 }));
    await expect(client.send(new ListSecretsCommand({}))).resolves.toBeDefined();
    expect(server.requests).toBe(2);
    client.destroy();
  });
});
