import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VaultServer } from '../../src/main/vault/index';
import { captureSigned, sendCaptured } from './captured-request';
import { HTTP_CREDENTIALS, rejectionOf, servedVault, signedFetch } from './helpers';

describe('the HTTP vault accepts only requests signed with its credentials (SigV4)', () => {
  let server: VaultServer;
  let region: string;

  beforeAll(async () => {
    ({ server, region } = await servedVault());
  });

  const client = (overrides: Partial<ConstructorParameters<typeof SecretsManagerClient>[0]> = {}) =>
    new SecretsManagerClient({ region, endpoint: server.endpoint, credentials: HTTP_CREDENTIALS, maxAttempts: 1, ...overrides });

  async function signedRequest(options: { service?: string; region?: string; body?: string; sendBody?: string; target?: string; unsigned?: string[] }) {
    const { target, ...rest } = options;
    const response = await signedFetch(server.endpoint, { ...rest, region: options.region ?? region, ...(target && { sendTarget: target }) });
    return { status: response.status, body: (await response.json()) as { __type: string; message: string } };
  }

  it('serves a correctly signed SDK request', async () => {
    expect((await client().send(new ListSecretsCommand({}))).SecretList).toEqual([]);
  });

  it('serves a request signed by hand with the SDK signer (the reference for the cases below)', async () => {
    expect((await signedRequest({})).status).toBe(200);
  });

  it('refuses an unsigned request', async () => {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.ListSecrets' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
  });

  it('refuses a wrong secret access key', async () => {
    const error = await rejectionOf(client({ credentials: { ...HTTP_CREDENTIALS, secretAccessKey: 'wrong' } }).send(new ListSecretsCommand({})));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('refuses an unknown access key id', async () => {
    const error = await rejectionOf(client({ credentials: { ...HTTP_CREDENTIALS, accessKeyId: 'AKIDOTHER' } }).send(new ListSecretsCommand({})));
    expect(error.name).toBe('UnrecognizedClientException');
  });

  it('refuses a signature scoped to another region', async () => {
    const error = await rejectionOf(client({ region: 'eu-west-1' }).send(new ListSecretsCommand({})));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toContain('region');
  });

  it('refuses a signature scoped to another service', async () => {
    const { status, body } = await signedRequest({ service: 'kms' });
    expect(status).toBe(400);
    expect(body.__type).toBe('InvalidSignatureException');
  });

  it('refuses a body changed after signing', async () => {
    const { status, body } = await signedRequest({ body: '{}', sendBody: '{"MaxResults":1}' });
    expect(status).toBe(400);
    expect(body.__type).toBe('InvalidSignatureException');
  });

  it('refuses a signature that does not cover the operation (x-amz-target), so a request cannot be replayed as another', async () => {
    const { status, body } = await signedRequest({ unsigned: ['x-amz-target'], target: 'secretsmanager.GetSecretValue' });
    expect(status).toBe(400);
    expect(body.__type).toBe('InvalidSignatureException');
    expect(body.message).toContain('x-amz-target');
  });

  it('refuses a signature older than 15 minutes', async () => {
    const error = await rejectionOf(client({ systemClockOffset: -20 * 60 * 1000 }).send(new ListSecretsCommand({})));
    expect(error.name).toBe('InvalidSignatureException');
  });

  describe('header names from the request are looked up as own properties only', () => {
    /** A valid request whose Authorization header claims `signedHeaders` instead of what was signed. */
    async function withSignedHeaders(signedHeaders: string, extra: Record<string, string> = {}) {
      const captured = await captureSigned(server.endpoint, region, 'ListSecrets');
      const authorization = String(captured.headers.authorization).replace(/SignedHeaders=[^,]+/, `SignedHeaders=${signedHeaders}`);
      const { status, json } = await sendCaptured(server.endpoint, captured, { ...extra, authorization });
      return { status, body: json };
    }

    it.each([
      'constructor',
      'content-type;constructor;host;x-amz-date;x-amz-target',
      'content-type;host;tostring;x-amz-date;x-amz-target',
      'content-type;hasownproperty;host;valueof;x-amz-date;x-amz-target',
      'content-type;host;x-amz-date;x-amz-target;__proto__',
    ])('SignedHeaders=%s is a 4xx AWS error, not a 500', async (signedHeaders) => {
      const { status, body } = await withSignedHeaders(signedHeaders);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(['InvalidSignatureException', 'IncompleteSignatureException']).toContain(body.__type);
    });

    it('a header really sent as `constructor` and signed is an ordinary header', async () => {
      const { status, body } = await withSignedHeaders('constructor;content-type;host;x-amz-date;x-amz-target', { constructor: 'x' });
      expect(status).toBe(400);
      expect(body.__type).toBe('InvalidSignatureException');
      expect(body.message).toContain('does not match');
    });
  });

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(server.endpoint).hostname).toBe('127.0.0.1');
  });
});
