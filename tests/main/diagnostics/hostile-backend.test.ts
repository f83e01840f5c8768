/**
 * Diagnostics against a backend that does not play fair: names and STS answers carrying terminal
 * escapes, newlines that forge report lines and bidi overrides; facts longer than the report's
 * schema allows; an endless chunked `/_localstack/info`; a server that never answers. The report
 * must still come back whole, each check with its own cause, and its text must stay inert.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactoryDeps } from '../../../src/main/backends/client-factory';
import { readLocalStackInfo } from '../../../src/main/diagnostics/localstack-info';
import { reportedCheck, runDiagnostics } from '../../../src/main/diagnostics/runner';
import { diagnosticsReportSchema, formatDiagnosticsText, type DiagnosticCheckId, type DiagnosticsReport } from '../../../src/shared/diagnostics';
import type { LocalstackProfile } from '../../../src/shared/profiles';
import { hostileBackendPerTest } from '../../fakes/fake-hostile-backend';
import { startFakeLocalStack, type FakeLocalStack, type FakeLocalStackOptions } from '../../fakes/fake-localstack';

const ESC = '\u001b';
const localstack = (endpoint: string): LocalstackProfile => ({ kind: 'localstack', id: 'ls', name: 'LocalStack', env: 'dev', readOnly: false, endpoint, region: 'us-east-1' });
const noVault = (): ClientFactoryDeps => ({ getVault: () => Promise.reject(new Error('no vault here')), env: {}, timeouts: { connectionMs: 500, requestMs: 2_000 } });
/** Anything a terminal or a text view could act on: C0 (but the line feed), DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function check(report: DiagnosticsReport, id: DiagnosticCheckId) {
  const found = report.checks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id} check in the report`);
  return found;
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

describe('finding 1: text from a hostile backend never reaches the report raw', () => {
  it('listed names that do not fit the naming rules are counted, never shown; names that fit still are', async () => {
    const ls = await fake({
      listedNames: [
        `agentfoundry/dev/acme/${ESC}[2J${ESC}[31mFAKE\n[OK  ] All good/openai`,
        `agentfoundry/dev/acme/line1\nForged: [OK  ] All good/openai`,
        'agentfoundry/dev/acme/billing/openai',
      ],
    });
    const report = await runDiagnostics(localstack(ls.endpoint), noVault(), { secret: { orgId: 'acme', domainId: 'card-services', secretName: 'openai' } });
    const looking = check(report, 'looking-for');
    const text = formatDiagnosticsText(report);
    expect(`${JSON.stringify(report)}${text}`).not.toContain(ESC);
    expect(text).not.toContain('FAKE');
    expect(text).not.toMatch(/^\s*\[OK {2}\] All good/m);
    expect(text).not.toContain('Forged');
    expect(looking.detail).toContain('agentfoundry/dev/acme/billing/openai: in another domain');
    expect(looking.detail).toMatch(/2 listed names that do not fit the naming rules/);
    expect(looking.facts).toMatchObject({ unfitNames: 2, nearMisses: 1 });
  });

  it('an STS answer with escapes in the ARN or a non-numeric account: "described oddly", nothing of it shown', async () => {
    for (const options of [{ callerArn: `arn:aws:iam::000000000000:user/${ESC}[32mroot${ESC}[0m` }, { callerAccount: `0000${ESC}[31m00000000` }]) {
      const ls = await fake(options);
      const report = await runDiagnostics(localstack(ls.endpoint), noVault());
      const identity = check(report, 'identity');
      expect(identity.status).toBe('warn');
      expect(identity.detail).toMatch(/an identity the backend described oddly/);
      expect(JSON.stringify(report) + formatDiagnosticsText(report)).not.toContain(ESC);
    }
  });

  it('formatDiagnosticsText strips C0/C1 controls and bidi overrides from every field, so no line can be forged (last line of defence)', () => {
    const nasty = `a${ESC}[2J\r\u0007\u009b31m\u202e\u2066b`;
    const report: DiagnosticsReport = {
      profile: { id: 'ls', name: `LS ${nasty}`, kind: 'localstack', env: 'dev' },
      generatedAt: new Date(0).toISOString(),
      durationMs: 1,
      healthy: true,
      cancelled: false,
      checks: [{ id: 'endpoint', status: 'ok', title: `T ${nasty}\n[FAIL] forged title`, detail: `one ${nasty}\ntwo`, facts: { [`k${nasty}`]: `v ${nasty}\n[OK  ] forged fact` } }],
    };
    const text = formatDiagnosticsText(report, [`Backend: ${nasty}`]);
    expect(text).not.toMatch(CONTROL);
    expect(text).not.toMatch(/^\[FAIL\] forged/m);
    expect(text).not.toMatch(/^\[OK {2}\] forged/m);
    expect(text).toContain('ab'); // the printable text around the controls is kept
    // The detail's own line breaks stay, indented under its check.
    expect(text).toMatch(/^ {7}one ab\n {7}two$/m);
  });
});

describe('finding 2: a fact longer than the schema allows clips; it never fails the report', () => {
  it('a 300-character endpoint path and a 400-character IAM ARN: the report comes back, the facts clipped with an ellipsis', async () => {
    const ls = await fake({ callerArn: `arn:aws:iam::000000000000:user/${'a'.repeat(400)}` });
    const report = await runDiagnostics(localstack(`${ls.endpoint}/${'p'.repeat(300)}`), noVault());
    diagnosticsReportSchema.parse(report);
    const endpointFact = String(check(report, 'endpoint').facts?.['endpoint']);
    expect(endpointFact.length).toBeLessThanOrEqual(300);
    expect(endpointFact.endsWith('…')).toBe(true);
    const identity = check(report, 'identity');
    expect(identity.status).toBe('ok');
    expect(String(identity.facts?.['arn']).endsWith('…')).toBe(true);
  });

  it('a check whose answer still does not fit the schema fails alone, with a fixed message', () => {
    const tooMany = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`fact${index}`, index]));
    const bad = reportedCheck('region', { status: 'ok', title: 'Region', detail: 'fine', facts: tooMany }, 5);
    expect(bad).toMatchObject({ id: 'region', status: 'fail', title: 'Region', durationMs: 5 });
    expect(bad.detail).toMatch(/could not be put in the report/);
    const long = reportedCheck('region', { status: 'ok', title: 'Region', detail: 'fine', facts: { region: 'r'.repeat(1000) } }, 5);
    expect(long.status).toBe('ok');
    expect(String(long.facts?.['region'])).toHaveLength(300);
  });
});

describe('finding 4: /_localstack/info is read with a size cap, chunked or not', () => {
  const hostile = hostileBackendPerTest();
  it('an endless chunked info body is cut off near the cap, not read to the end', async () => {
    const backend = await hostile.start('endless-info', { maxBytes: 64 * 1024 * 1024 });
    const info = await readLocalStackInfo(backend.endpoint, { timeoutMs: 10_000 });
    expect(info.answered).toBe(false);
    // Socket buffers hold a few MiB at most; without the cap the whole 64 MiB is read.
    expect(backend.bytesWritten()).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('finding 5: each check reports its own cause against a silent server', () => {
  // Silent at the TCP level, health route included (fake-hostile-backend's `silent` answers the health check).
  let silent: Server;
  const sockets = new Set<Socket>();
  let endpoint: string;
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      silent.close(() => resolve());
    });
  });

  it('the LocalStack health check says "did not answer" after its own call timeout, not the whole check timeout', async () => {
    const deps: ClientFactoryDeps = { ...noVault(), timeouts: { connectionMs: 500, requestMs: 60_000 } };
    const report = await runDiagnostics(localstack(endpoint), deps, { checkTimeoutMs: 4_000 });
    const health = check(report, 'localstack-health');
    expect(health.status).toBe('fail');
    expect(health.detail).toMatch(/did not answer \(timeout\)/);
    expect(health.durationMs).toBeLessThan(3_000);
  });
});
