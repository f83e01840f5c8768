/**
 * docker-compose.yml runs LocalStack as the source design does. Docker does not run on the project's
 * CI machines, so the file is parsed and its structure checked: the service, the port the app talks
 * to, the auth token passed through by variable (never a literal), Secrets Manager (and STS, for the
 * audit log's identity lookup) enabled, the health check, the `foundry` network, and that the
 * service-discovery variables it documents resolve — through the app's own resolver — to that port.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { LOCALSTACK_PORT, resolveLocalStackEndpoint } from '../../src/main/backends/localstack';

const ROOT = path.resolve(__dirname, '../..');

const Service = z.looseObject({
  image: z.string(),
  ports: z.array(z.string()),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  healthcheck: z.looseObject({ test: z.union([z.string(), z.array(z.string())]) }),
  networks: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]),
});
const Compose = z.looseObject({
  services: z.record(z.string(), z.looseObject({})),
  networks: z.record(z.string(), z.unknown().nullable()),
  'x-foundry-app-environment': z.record(z.string(), z.string()),
});

function load() {
  const compose = Compose.parse(parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')));
  const localstack = Service.parse(compose.services['localstack']);
  return { compose, localstack };
}

describe('docker-compose.yml', () => {
  it('has a localstack service from a pinned image tag (not latest)', () => {
    const { localstack } = load();
    expect(localstack.image).toMatch(/^localstack\/localstack(-pro)?:\d+\.\d+(\.\d+)?$/);
  });

  it('maps LocalStack port 4566 to the same host port, bound to loopback', () => {
    const { localstack } = load();
    expect(localstack.ports).toContain(`127.0.0.1:${LOCALSTACK_PORT}:${LOCALSTACK_PORT}`);
  });

  it('passes LOCALSTACK_AUTH_TOKEN through from the environment, never as a value', () => {
    const { localstack } = load();
    const token = localstack.environment['LOCALSTACK_AUTH_TOKEN'];
    expect(typeof token).toBe('string');
    // `${LOCALSTACK_AUTH_TOKEN}` or `${LOCALSTACK_AUTH_TOKEN:-}`: interpolated from the shell, no default value.
    expect(token).toMatch(/^\$\{LOCALSTACK_AUTH_TOKEN(:?-)?\}$/);
    const raw = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(raw).not.toMatch(/ls-[A-Za-z0-9]{4,}/);
  });

  it('enables Secrets Manager, and STS for the audit identity lookup', () => {
    const { localstack } = load();
    const services = String(localstack.environment['SERVICES']).split(',').map((s) => s.trim());
    expect(services).toContain('secretsmanager');
    expect(services).toContain('sts');
  });

  it('checks health on /_localstack/health', () => {
    const { localstack } = load();
    const test = [localstack.healthcheck.test].flat().join(' ');
    expect(test).toContain(`localhost:${LOCALSTACK_PORT}/_localstack/health`);
  });

  it('puts localstack on the foundry network, declared at the top level', () => {
    const { compose, localstack } = load();
    const networks = Array.isArray(localstack.networks) ? localstack.networks : Object.keys(localstack.networks);
    expect(networks).toContain('foundry');
    expect(Object.keys(compose.networks)).toContain('foundry');
  });

  it("documents the app's service-discovery variables, which resolve to the service and its mapped port", () => {
    const { compose } = load();
    const appEnv = compose['x-foundry-app-environment'];
    // Inside the foundry network: the service name, port from the default.
    expect(appEnv['SVC_LOCALSTACK_HOST']).toBe('localstack');
    expect(resolveLocalStackEndpoint({ SVC_LOCALSTACK_HOST: appEnv['SVC_LOCALSTACK_HOST'] })).toBe(`http://localstack:${LOCALSTACK_PORT}`);
    expect(resolveLocalStackEndpoint({ LOCALSTACK_ENDPOINT: appEnv['LOCALSTACK_ENDPOINT'] })).toBe(`http://localstack:${LOCALSTACK_PORT}`);
    // From the desktop app on the host: the loopback port mapping above.
    expect(resolveLocalStackEndpoint({ SVC_LOCALSTACK_HOST: '127.0.0.1' })).toBe(`http://127.0.0.1:${LOCALSTACK_PORT}`);
  });
});
