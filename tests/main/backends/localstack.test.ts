import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { checkLocalStackHealth, resolveLocalStackEndpoint } from '../../../src/main/backends/localstack';
import { closedEndpoint, startFakeLocalStack, type FakeLocalStack } from '../../fakes/fake-localstack';

describe('resolveLocalStackEndpoint', () => {
  it.each([
    [{}, 'http://localhost:4566'],
    [{ LOCALSTACK_ENDPOINT: 'http://localstack:4566' }, 'http://localstack:4566'],
    [{ LOCALSTACK_ENDPOINT: 'https://ls.example.test:9443/' }, 'https://ls.example.test:9443'],
    [{ LOCALSTACK_ENDPOINT: 'http://a:1', SVC_LOCALSTACK_HOST: 'b' }, 'http://a:1'],
    [{ SVC_LOCALSTACK_HOST: 'localstack' }, 'http://localstack:4566'],
    [{ SVC_LOCALSTACK_HOST: 'localstack:4510' }, 'http://localstack:4510'],
    [{ SVC_LOCALSTACK_HOST: ' 10.0.0.7 ' }, 'http://10.0.0.7:4566'],
    [{ SVC_LOCALSTACK_HOST: '[::1]' }, 'http://[::1]:4566'],
    [{ SVC_LOCALSTACK_HOST: '[::1]:4567' }, 'http://[::1]:4567'],
    [{ SVC_LOCALSTACK_HOST: 'http://ls:4566' }, 'http://ls:4566'],
    [{ LOCALSTACK_ENDPOINT: '   ', SVC_LOCALSTACK_HOST: '' }, 'http://localhost:4566'],
  ])('%j → %s', (env, expected) => {
    expect(resolveLocalStackEndpoint(env)).toBe(expected);
  });

  it.each([{ LOCALSTACK_ENDPOINT: 'not a url' }, { LOCALSTACK_ENDPOINT: 'ftp://x:21' }, { LOCALSTACK_ENDPOINT: 'http://user:pw@x:4566' }, { SVC_LOCALSTACK_HOST: 'bad host' }])(
    'refuses %j with VALIDATION naming the variable',
    (env) => {
      let caught: unknown;
      try {
        resolveLocalStackEndpoint(env);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('VALIDATION');
      expect((caught as AppError).message).toMatch(/LOCALSTACK_ENDPOINT|SVC_LOCALSTACK_HOST/);
      expect((caught as AppError).message).not.toContain('pw');
    },
  );
});

describe('checkLocalStackHealth', () => {
  let fake: FakeLocalStack | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('reports an up LocalStack with Secrets Manager available', async () => {
    fake = await startFakeLocalStack({ version: '4.4.0', edition: 'community' });
    const health = await checkLocalStackHealth(fake.endpoint);
    expect(health).toMatchObject({ reachable: true, ready: true, secretsmanager: 'available', version: '4.4.0', edition: 'community' });
    expect(health.error).toBeUndefined();
    expect(health.detail).toContain('Secrets Manager is available');
    expect(fake.requests).toEqual([{ path: '/_localstack/health' }]);
  });

  it('accepts running as ready', async () => {
    fake = await startFakeLocalStack({ services: { secretsmanager: 'running' } });
    expect((await checkLocalStackHealth(fake.endpoint)).ready).toBe(true);
  });

  it('reports a LocalStack without Secrets Manager as not ready', async () => {
    fake = await startFakeLocalStack({ services: { s3: 'running' } });
    const health = await checkLocalStackHealth(fake.endpoint);
    expect(health).toMatchObject({ reachable: true, ready: false, secretsmanager: 'missing' });
    expect(health.error?.code).toBe('UNREACHABLE');
    expect(health.detail).toMatch(/Secrets Manager is not enabled/);
  });

  it('reports a starting Secrets Manager as not ready yet', async () => {
    fake = await startFakeLocalStack({ services: { secretsmanager: 'starting' } });
    const health = await checkLocalStackHealth(fake.endpoint);
    expect(health).toMatchObject({ ready: false, secretsmanager: 'starting' });
  });

  it('reports a down endpoint as UNREACHABLE, naming it', async () => {
    const endpoint = await closedEndpoint();
    const health = await checkLocalStackHealth(endpoint, { timeoutMs: 2000 });
    expect(health).toMatchObject({ reachable: false, ready: false, secretsmanager: 'missing' });
    expect(health.error?.code).toBe('UNREACHABLE');
    expect(health.error?.message).toContain(endpoint);
    expect(health.error?.details?.networkError).toBe('ECONNREFUSED');
  });

  it('says a server that is not LocalStack is not LocalStack', async () => {
    fake = await startFakeLocalStack({ healthStatus: 404 });
    const health = await checkLocalStackHealth(fake.endpoint);
    expect(health).toMatchObject({ reachable: true, ready: false });
    expect(health.detail).toContain('does not look like LocalStack');
  });

  it('keeps server-provided labels short and printable', async () => {
    fake = await startFakeLocalStack({ version: `4.4.0<script>${'x'.repeat(200)}`, edition: 'pro\u0007' });
    const health = await checkLocalStackHealth(fake.endpoint);
    expect(health.version).not.toContain('<');
    expect(health.version?.length).toBeLessThanOrEqual(64);
    expect(health.edition).toBe('pro');
  });
});
