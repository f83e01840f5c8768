import { beforeAll, describe, expect, it } from 'vitest';
import type { VaultServer } from '../../src/main/vault/index';
import { servedVault, signedFetch } from './helpers';

describe('AWS JSON 1.1 protocol edges', () => {
  let server: VaultServer;
  let region: string;

  beforeAll(async () => {
    ({ server, region } = await servedVault());
  });

  async function call(target: string, body: string, method: 'POST' | 'GET' = 'POST') {
    const response = await signedFetch(server.endpoint, { region, target, body, method });
    return { status: response.status, contentType: response.headers.get('content-type'), json: (await response.json()) as { __type?: string; message?: string } };
  }

  it('answers an unsupported operation as AWS answers an unknown target', async () => {
    const { status, json } = await call('secretsmanager.RotateSecret', '{}');
    expect(status).toBe(400);
    expect(json.__type).toBe('UnknownOperationException');
  });

  it('answers a body that is not JSON with SerializationException', async () => {
    const { status, json } = await call('secretsmanager.ListSecrets', '{oops');
    expect(status).toBe(400);
    expect(json.__type).toBe('SerializationException');
  });

  it('answers a wrongly typed member with SerializationException, without echoing it', async () => {
    const { json } = await call('secretsmanager.CreateSecret', JSON.stringify({ Name: 'x', SecretString: 12345678 }));
    expect(json.__type).toBe('SerializationException');
    expect(json.message).not.toContain('12345678');
  });

  it('speaks application/x-amz-json-1.1 with __type and message on errors', async () => {
    const { contentType, json } = await call('secretsmanager.DescribeSecret', JSON.stringify({ SecretId: 'missing' }));
    expect(contentType).toBe('application/x-amz-json-1.1');
    expect(json).toEqual({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
  });

  it('requires a ClientRequestToken from hand-made value-bearing requests', async () => {
    const { json } = await call('secretsmanager.CreateSecret', JSON.stringify({ Name: 'raw', SecretString: 'v' }));
    expect(json.__type).toBe('InvalidRequestException');
    expect(json.message).toContain('ClientRequestToken');
  });
});
