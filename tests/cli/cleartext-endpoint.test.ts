/**
 * `--endpoint http://<another machine>` would send values unencrypted. As the app refuses such a
 * profile unless the person allows it, the CLI refuses it (exit 2, nothing sent) unless
 * `--allow-http` is given — checked here with a capture server on a real non-loopback address of
 * this machine (skipped when it has none), so "nothing sent" is observed, not assumed.
 */
import { promises as fs } from 'node:fs';
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleartextHostOf } from '../../src/cli/cleartext-endpoint';
import { appDataDir, auditEntries, runCli } from './helpers';

const CANARY = 'CLEARTEXT-CANARY-7f3a9c';

/** A non-loopback IPv4 address of this machine, if it has one. */
function remoteLookingAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;
}

describe('cleartextHostOf (the decision)', () => {
  it('names the host of a plain-http endpoint on another machine, and nothing for https or loopback', () => {
    expect(cleartextHostOf('http://192.0.2.2:4566')).toBe('192.0.2.2:4566');
    expect(cleartextHostOf('http://secrets.example.com')).toBe('secrets.example.com');
    expect(cleartextHostOf('http://localhost:4566')).toBeNull();
    expect(cleartextHostOf('http://127.0.0.2:4566')).toBeNull();
    expect(cleartextHostOf('http://[::1]:4566')).toBeNull();
    expect(cleartextHostOf('https://secrets.example.com')).toBeNull();
    expect(cleartextHostOf('not a url')).toBeNull();
  });
});

const address = remoteLookingAddress();

describe.skipIf(address === undefined)('put/seed-fake to plain http on another machine (a capture server on a non-loopback address)', () => {
  let server: http.Server;
  let endpoint: string;
  const bodies: string[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        bodies.push(body);
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: 'InvalidRequestException', message: 'capture server' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    const port = (server.address() as { port: number }).port;
    endpoint = `http://${address}:${port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is refused with exit 2, names --allow-http, and sends nothing', async () => {
    const run = await runCli(['put', 'acme/openai_api_key', '--endpoint', endpoint], { stdin: CANARY });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('--allow-http');
    expect(run.stderr).toMatch(/unencrypted/);
    expect(run.stderr + run.stdout).not.toContain(CANARY);
    const seeded = await runCli(['seed-fake', 'acme', '--endpoint', endpoint]);
    expect(seeded.code, seeded.stderr).toBe(2);
    expect(seeded.stderr).toContain('--allow-http');
    const migrated = await runCli(['migrate', '-', '--org', 'acme', '--endpoint', endpoint, '--yes'], { stdin: `OPENAI_API_KEY=${CANARY}\n` });
    expect(migrated.code, migrated.stderr).toBe(2);
    expect(migrated.stderr).toContain('--allow-http');
    expect(migrated.stderr + migrated.stdout).not.toContain(CANARY);
    expect(bodies).toEqual([]);
  });

  it('with --allow-http it goes, and says on stderr that it went unencrypted', async () => {
    const dataDir = await appDataDir();
    const run = await runCli(['put', 'acme/openai_api_key', '--endpoint', endpoint, '--allow-http', '--data', dataDir], { stdin: CANARY });
    expect(bodies.length).toBeGreaterThan(0);
    // The audit entry names the profile, and this one says it went unencrypted.
    const entries = await auditEntries(dataDir);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry).toMatchObject({ profileId: 'cli-endpoint-unencrypted-http' });
    expect(run.stderr).toContain(`Warning: values go to ${endpoint.slice('http://'.length)} unencrypted (plain http)`);
    expect(run.stderr + run.stdout).not.toContain(CANARY);
  });

  it('--allow-http without a remote http endpoint is a usage error (it would silently mean nothing)', async () => {
    const run = await runCli(['put', 'acme/openai_api_key', '--embedded', '--data', '/tmp/nowhere', '--allow-http'], { stdin: CANARY });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--allow-http');
  });
});

describe.skipIf(address === undefined)('a profile (or doctor) with a plain-http endpoint on another machine', () => {
  let server: http.Server;
  let endpoint: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
      request.resume();
      request.on('end', () => {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: 'InvalidRequestException', message: 'capture server' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    endpoint = `http://${address}:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function remoteProfileDir(): Promise<string> {
    const dataDir = await appDataDir();
    const profiles = { version: 1, activeId: 'ls', profiles: [{ kind: 'localstack', id: 'ls', name: 'Team LocalStack', env: 'dev', readOnly: false, endpoint, region: 'us-east-1' }] };
    await fs.writeFile(path.join(dataDir, 'profiles.json'), JSON.stringify(profiles));
    return dataDir;
  }

  it('--profile is refused with exit 2 and sends nothing, for put and seed-fake', async () => {
    const dataDir = await remoteProfileDir();
    requests.length = 0;
    const run = await runCli(['put', 'acme/openai_api_key', '--profile', 'ls', '--data', dataDir], { stdin: CANARY });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('--allow-http');
    expect(run.stderr + run.stdout).not.toContain(CANARY);
    const seeded = await runCli(['seed-fake', 'acme', '--profile', 'ls', '--data', dataDir]);
    expect(seeded.code, seeded.stderr).toBe(2);
    expect(requests).toEqual([]);
  });

  it('--profile with --allow-http goes and warns on stderr', async () => {
    const dataDir = await remoteProfileDir();
    requests.length = 0;
    const run = await runCli(['put', 'acme/openai_api_key', '--profile', 'ls', '--data', dataDir, '--allow-http'], { stdin: CANARY });
    expect(requests.length, run.stderr).toBeGreaterThan(0);
    expect(run.stderr).toContain(`Warning: values go to ${endpoint.slice('http://'.length)} unencrypted (plain http)`);
    expect(run.stderr + run.stdout).not.toContain(CANARY);
  });

  it('doctor --endpoint and doctor --profile are refused with exit 2 and send no signed request', async () => {
    const dataDir = await remoteProfileDir();
    requests.length = 0;
    const credentials = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-example', AWS_SESSION_TOKEN: 'session-token-example' };
    const byEndpoint = await runCli(['doctor', '--endpoint', endpoint], { env: credentials });
    expect(byEndpoint.code, byEndpoint.stderr).toBe(2);
    expect(byEndpoint.stderr).toContain('--allow-http');
    const byProfile = await runCli(['doctor', '--profile', 'ls', '--data', dataDir]);
    expect(byProfile.code, byProfile.stderr).toBe(2);
    expect(byProfile.stderr).toContain('--allow-http');
    const active = await runCli(['doctor', '--data', dataDir]);
    expect(active.code, active.stderr).toBe(2);
    expect(requests).toEqual([]);
    const allowed = await runCli(['doctor', '--endpoint', endpoint, '--allow-http']);
    expect(allowed.stderr).toContain('unencrypted (plain http)');
    expect(requests.length).toBeGreaterThan(0);
  });
});
