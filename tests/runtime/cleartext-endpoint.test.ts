/**
 * Real credentials never go over cleartext http to another machine: the aws backend (the default
 * credential chain, session token included) or explicit `credentials` with an http:// endpoint that
 * is not loopback is INVALID_CONFIG naming `allowHttp`, unless `allowHttp: true` is given.
 * LocalStack's test/test over http to a docker service name stays allowed (no real credential).
 */
import { describe, expect, it } from 'vitest';
import { resolveReaderConfig, SecretReaderError, type SecretReaderOptions } from '../../src/runtime/index';

function refusal(options: SecretReaderOptions): SecretReaderError {
  try {
    resolveReaderConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(SecretReaderError);
    return error as SecretReaderError;
  }
  throw new Error('expected INVALID_CONFIG');
}

const REAL = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-not-a-secret' };

describe('cleartext http with real credentials', () => {
  it('aws backend with a remote http endpoint is refused, naming allowHttp', () => {
    const error = refusal({ environment: {}, backend: 'aws', region: 'us-east-1', endpoint: 'http://proxy:8080' });
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('allowHttp');
    expect(error.message).not.toContain('proxy');
  });

  it('ENVIRONMENT=production with a remote http endpoint is refused', () => {
    expect(refusal({ environment: { ENVIRONMENT: 'production', AWS_REGION: 'us-east-1' }, endpoint: 'http://10.0.0.5:4566' }).code).toBe('INVALID_CONFIG');
  });

  it('explicit credentials to a remote http LocalStack are refused', () => {
    expect(refusal({ environment: {}, endpoint: 'http://localstack:4566', credentials: REAL }).code).toBe('INVALID_CONFIG');
  });

  it('allowHttp: true lets it through', () => {
    expect(resolveReaderConfig({ environment: {}, backend: 'aws', region: 'us-east-1', endpoint: 'http://proxy:8080', allowHttp: true }).endpoint).toBe('http://proxy:8080');
  });

  it('https, loopback http, and LocalStack test/test over a docker name stay allowed', () => {
    expect(resolveReaderConfig({ environment: {}, backend: 'aws', region: 'us-east-1', endpoint: 'https://vpce.example:8443' }).endpoint).toBe('https://vpce.example:8443');
    expect(resolveReaderConfig({ environment: {}, backend: 'aws', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' }).endpoint).toBe('http://127.0.0.1:4566');
    expect(resolveReaderConfig({ environment: {}, endpoint: 'http://localhost:4566', credentials: REAL }).endpoint).toBe('http://localhost:4566');
    expect(resolveReaderConfig({ environment: { SVC_LOCALSTACK_HOST: 'localstack' } }).endpoint).toBe('http://localstack:4566');
  });

  it('allowHttp must be a boolean', () => {
    expect(refusal({ environment: {}, allowHttp: 'yes' as unknown as boolean }).code).toBe('INVALID_CONFIG');
  });
});
