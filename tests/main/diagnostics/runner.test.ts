/**
 * Diagnostics of a profile through the real SDK clients the app builds: the embedded vault in
 * process and served over HTTP as a LocalStack-kind profile, a fake LocalStack in each state, a
 * closed port, a server that never answers, and an AWS profile on the fake STS.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactoryDeps } from '../../../src/main/backends/client-factory';
import { runDiagnostics } from '../../../src/main/diagnostics/runner';
import { diagnosticsReportSchema, formatDiagnosticsText, type DiagnosticCheckId, type DiagnosticsReport } from '../../../src/shared/diagnostics';
import type { EmbeddedProfile, LocalstackProfile } from '../../../src/shared/profiles';
import { startHostileBackend, type HostileBackend } from '../../fakes/fake-hostile-backend';
import { closedEndpoint, startFakeLocalStack, type FakeLocalStack, type FakeLocalStackOptions } from '../../fakes/fake-localstack';
import { factoryDepsOn, startAwsOnFakes, type AwsOnFakes } from '../../fixtures/aws-profile-on-fakes';
import { HTTP_CREDENTIALS, startVault } from '../../vault/helpers';

const EMBEDDED: EmbeddedProfile = { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false };
const localstack = (endpoint: string): LocalstackProfile => ({ kind: 'localstack', id: 'ls', name: 'LocalStack', env: 'dev', readOnly: false, endpoint, region: 'us-east-1' });
const noVault = (): ClientFactoryDeps => ({ getVault: () => Promise.reject(new Error('no vault here')), env: {}, timeouts: { connectionMs: 500, requestMs: 2_000 } });

function check(report: DiagnosticsReport, id: DiagnosticCheckId) {
  const found = report.checks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id} check in the report`);
  return found;
}

function statuses(report: DiagnosticsReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((entry) => [entry.id, entry.status]));
}

const fakes: FakeLocalStack[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});
async function fake(options: FakeLocalStackOptions = {}): Promise<FakeLocalStack> {
  const started = await startFakeLocalStack(options);
  fakes.push(started);
  return started;
}

describe('diagnostics: the embedded vault', () => {
  it('in process: reachable, healthy; STS, LocalStack health and clock skipped with why', async () => {
    const { vault } = await startVault();
    const report = await runDiagnostics(EMBEDDED, { getVault: async () => vault, env: {} });
    diagnosticsReportSchema.parse(report);
    expect(report.healthy).toBe(true);
    expect(statuses(report)).toEqual({ endpoint: 'ok', 'localstack-health': 'skipped', identity: 'skipped', region: 'ok', clock: 'skipped', credentials: 'ok' });
    expect(check(report, 'identity').detail).toMatch(/no STS/);
    expect(check(report, 'credentials').facts).toMatchObject({ source: 'in-process' });
  });

  it('served over HTTP as a LocalStack-kind profile: works, but is said not to be LocalStack (warnings, still healthy)', async () => {
    const { vault } = await startVault();
    const server = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS });
    try {
      const deps: ClientFactoryDeps = { ...noVault(), localstackCredentials: HTTP_CREDENTIALS };
      const report = await runDiagnostics({ ...localstack(server.endpoint), region: vault.region }, deps);
      expect(statuses(report)).toEqual({ endpoint: 'ok', 'localstack-health': 'warn', identity: 'warn', region: 'ok', clock: 'ok', credentials: 'ok' });
      expect(check(report, 'localstack-health').detail).toMatch(/not LocalStack/);
      expect(check(report, 'credentials').facts).toMatchObject({ source: 'static-env' });
      expect(report.healthy).toBe(true);
      expect(JSON.stringify(report)).not.toContain(HTTP_CREDENTIALS.secretAccessKey);
      expect(JSON.stringify(report)).not.toContain(HTTP_CREDENTIALS.accessKeyId);
    } finally {
      await server.close();
    }
  });
});

describe('diagnostics: LocalStack in each state (fake)', () => {
  it('healthy: version, edition, Secrets Manager state and the STS identity of account 000000000000', async () => {
    const ls = await fake({ version: '4.4.0', edition: 'community' });
    const report = await runDiagnostics(localstack(ls.endpoint), noVault());
    expect(statuses(report)).toEqual({ endpoint: 'ok', 'localstack-health': 'ok', identity: 'ok', region: 'ok', clock: 'ok', credentials: 'ok' });
    expect(check(report, 'localstack-health').facts).toMatchObject({ version: '4.4.0', edition: 'community', secretsmanager: 'available' });
    expect(check(report, 'identity').facts).toEqual({ account: '000000000000', arn: 'arn:aws:iam::000000000000:root' });
    expect(check(report, 'credentials').facts).toMatchObject({ source: 'localstack-test' });
    expect(report.healthy).toBe(true);
  });

  it('auth token missing or invalid (license not activated, container still running): told apart, a warning while Secrets Manager runs', async () => {
    const ls = await fake({ edition: 'pro', licenseActivated: false });
    const report = await runDiagnostics(localstack(ls.endpoint), noVault());
    const health = check(report, 'localstack-health');
    expect(health.status).toBe('warn');
    expect(health.detail).toMatch(/auth token is missing or invalid/);
    expect(health.facts).toMatchObject({ licenseActivated: 'false', edition: 'pro' });
  });

  it('auth token missing and Secrets Manager not running: a failure that names the token', async () => {
    const ls = await fake({ edition: 'pro', licenseActivated: false, services: { secretsmanager: 'disabled' } });
    const report = await runDiagnostics(localstack(ls.endpoint), noVault());
    expect(check(report, 'localstack-health').status).toBe('fail');
    expect(check(report, 'localstack-health').detail).toMatch(/LOCALSTACK_AUTH_TOKEN/);
    expect(report.healthy).toBe(false);
  });

  it('Secrets Manager not running: a failure naming its state, no token talk', async () => {
    const ls = await fake({ services: { secretsmanager: 'stopped' } });
    const report = await runDiagnostics(localstack(ls.endpoint), noVault());
    const health = check(report, 'localstack-health');
    expect(health.status).toBe('fail');
    expect(health.detail).toMatch(/Secrets Manager is stopped/);
    expect(health.detail).not.toMatch(/token/i);
    expect(report.healthy).toBe(false);
  });

  it('down (HTTP error on the health check): a failure', async () => {
    const ls = await fake({ healthStatus: 503 });
    const report = await runDiagnostics(localstack(ls.endpoint), noVault());
    expect(check(report, 'localstack-health').status).toBe('fail');
    expect(check(report, 'localstack-health').detail).toMatch(/HTTP 503/);
    expect(report.healthy).toBe(false);
  });

  it('a closed port: endpoint and health fail (with the exited-container token hint); the other checks are still reported', async () => {
    const token = 'ls-auth-token-must-not-show-1234';
    const report = await runDiagnostics(localstack(await closedEndpoint()), { ...noVault(), env: { LOCALSTACK_AUTH_TOKEN: token } });
    expect(check(report, 'localstack-health').facts).toMatchObject({ LOCALSTACK_AUTH_TOKEN_here: 'set' });
    expect(JSON.stringify(report) + formatDiagnosticsText(report)).not.toContain(token);
    expect(check(report, 'endpoint').status).toBe('fail');
    expect(check(report, 'localstack-health').status).toBe('fail');
    expect(check(report, 'localstack-health').detail).toMatch(/exit code 55/);
    expect(check(report, 'region').status).toBe('ok');
    expect(check(report, 'credentials').status).toBe('ok');
    expect(report.checks).toHaveLength(6);
    expect(report.healthy).toBe(false);
  });

  it.each([
    [20_000, 'warn'],
    [-20_000, 'warn'],
    [10 * 60_000, 'fail'],
    [0, 'ok'],
  ] as const)('clock skew of %i ms from the Date header: %s', async (offset, expected) => {
    const ls = await fake({ dateOffsetMs: offset });
    const report = await runDiagnostics(localstack(ls.endpoint), noVault());
    const clock = check(report, 'clock');
    expect(clock.status).toBe(expected);
    expect(Math.abs(Number(clock.facts?.['skewSeconds']) - offset / 1000)).toBeLessThanOrEqual(2);
  });

  // Review finding (G3): a Date of year 275760 was read as this computer's clock being 8.6e12 s behind.
  it.each([
    ['year 275760', 8_640_000_000_000_000 - Date.now()],
    ['two days ahead', 2 * 86_400_000],
    ['two days behind', -2 * 86_400_000],
  ] as const)('a Date header %s: a warning about the server\'s Date, never the local clock', async (_what, offset) => {
    const ls = await fake({ dateOffsetMs: offset });
    const report = await runDiagnostics(localstack(ls.endpoint), noVault());
    const clock = check(report, 'clock');
    expect(clock.status).toBe('warn');
    expect(clock.detail).toMatch(/implausible Date header/);
    expect(clock.detail).not.toMatch(/This computer's clock/);
  });
});

describe('diagnostics: bounded and cancellable', () => {
  // Accepts connections and requests, and never answers.
  let silent: HostileBackend;
  let endpoint: string;
  beforeAll(async () => {
    silent = await startHostileBackend('silent');
    endpoint = silent.endpoint;
  });
  afterAll(() => silent.close());

  it('a check that does not finish in time fails alone; the report comes back within the bound', async () => {
    const deps: ClientFactoryDeps = { ...noVault(), timeouts: { connectionMs: 5_000, requestMs: 60_000 } };
    const started = Date.now();
    const report = await runDiagnostics(localstack(endpoint), deps, { checkTimeoutMs: 800 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(check(report, 'endpoint').status).toBe('fail');
    expect(check(report, 'endpoint').detail).toMatch(/Did not finish within/);
    expect(check(report, 'region').status).toBe('ok');
  });

  it('cancelled: unfinished checks are skipped, the report says cancelled and not healthy', async () => {
    const deps: ClientFactoryDeps = { ...noVault(), timeouts: { connectionMs: 5_000, requestMs: 60_000 } };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const report = await runDiagnostics(localstack(endpoint), deps, { signal: controller.signal, checkTimeoutMs: 30_000 });
    expect(report.cancelled).toBe(true);
    expect(report.healthy).toBe(false);
    expect(check(report, 'endpoint').status).toBe('skipped');
    expect(formatDiagnosticsText(report)).toMatch(/CANCELLED/);
  });

  // Review finding: an endpoint that accepts connections and never answers made the clock check
  // fail with a timeout although the skew is simply unknown.
  it('an endpoint that never answers: checks that need its answer are skipped with why, not failed', async () => {
    const deps: ClientFactoryDeps = { ...noVault(), timeouts: { connectionMs: 5_000, requestMs: 60_000 } };
    const report = await runDiagnostics(localstack(endpoint), deps, { checkTimeoutMs: 800, secret: { orgId: 'acme', secretName: 'openai' } });
    expect(check(report, 'endpoint').status).toBe('fail');
    for (const id of ['clock', 'identity', 'looking-for'] as const) {
      expect(check(report, id).status).toBe('skipped');
      expect(check(report, id).detail).toMatch(/the endpoint did not answer/);
    }
    expect(formatDiagnosticsText(report)).not.toMatch(/Clock skew[^\n]*FAIL/i);
    expect(report.healthy).toBe(false);
  });
});

describe('diagnostics: an AWS profile (served vault + fake STS)', () => {
  let aws: AwsOnFakes;
  beforeAll(async () => {
    aws = await startAwsOnFakes();
  });
  afterAll(() => aws.close());

  it('names the identity, the region and its source, the credential source — never a key', async () => {
    const report = await runDiagnostics(aws.profile(), factoryDepsOn(aws));
    expect(check(report, 'identity').facts).toMatchObject({ account: aws.account });
    expect(check(report, 'region').facts).toMatchObject({ region: aws.vault.region });
    expect(check(report, 'credentials').facts).toMatchObject({ source: 'shared-static' });
    expect(check(report, 'localstack-health').status).toBe('skipped');
    const all = JSON.stringify(report) + formatDiagnosticsText(report);
    expect(all).not.toContain('AKIDSELFCHECKTEST');
    expect(all).not.toContain('self-check-test-secret-access-key');
  });

  it('an expired sign-in: identity fails with the sign-in advice', async () => {
    aws.fake.state.stsError = 'ExpiredToken';
    try {
      const report = await runDiagnostics(aws.profile(), factoryDepsOn(aws));
      expect(check(report, 'identity').status).toBe('fail');
      expect(check(report, 'identity').facts).toMatchObject({ code: 'CREDENTIALS_EXPIRED' });
      expect(report.healthy).toBe(false);
    } finally {
      delete aws.fake.state.stsError;
    }
  });
});
