/**
 * "Looking for <secret id>" against the embedded vault (in process, through the real SDK): the
 * exact id, an exact hit, a scheduled one, and every kind of near miss; plus the pure classifier.
 * And the canary: a value planted in the vault never shows in the report, its text or its JSON.
 */
import { createHash } from 'node:crypto';
import { CreateSecretCommand, DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyNearMiss, isOneEditApart } from '../../../src/main/diagnostics/near-miss';
import { runDiagnostics } from '../../../src/main/diagnostics/runner';
import type { Vault } from '../../../src/main/vault/index';
import { formatDiagnosticsText, type DiagnosticsReport } from '../../../src/shared/diagnostics';
import type { EmbeddedProfile } from '../../../src/shared/profiles';
import { startVault } from '../../vault/helpers';

const PROFILE: EmbeddedProfile = { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false };
// Long, so its length (20011) cannot pass for a duration or a count in the report (50 could: a check's durationMs).
const CANARY = 'sk-canary-diagnostics-9f8e7d6c5b4a3210-DO-NOT-LEAK-'.padEnd(20_011, '0123456789abcdef');

let vault: Vault;
let client: SecretsManagerClient;

async function put(name: string, scheduled = false): Promise<void> {
  await client.send(new CreateSecretCommand({ Name: name, SecretString: CANARY }));
  if (scheduled) await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
}

beforeAll(async () => {
  ({ vault } = await startVault());
  client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  await put('agentfoundry/dev/acme/billing/exact_key');
  await put('agentfoundry/dev/acme/billing/gone_key', true);
  await put('agentfoundry/prod/acme/billing/openai_api_key'); // another env
  await put('agentfoundry/dev/acme/support/openai_api_key'); // another domain
  await put('agentfoundry/dev/ACME/billing/openai_api_key'); // case
  await put('agentfoundry/dev/acme/billing/openai_api_kye'); // typo in the name (swap)
  await put('agentfoundry/dev/acm/billing/openai_api_key', true); // typo in the org, scheduled
  await put('agentfoundry/dev/globex/billing/openai_api_key'); // not close: another org
  await put('agentfoundry/dev/beta/shared/anthropic_api_key'); // shared fallback of beta/sales
  // Created without a value (no AWSCURRENT version): the app shows "not configured" for them.
  await client.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/acme/billing/empty_key' }));
  await client.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/beta/sales/anthropic_api_key' }));
  await put('agentfoundry/dev/beta/shared/mistral_api_key');
  await put('agentfoundry/dev/beta/sales/mistral_api_key', true); // own scheduled, shared current
});

async function lookFor(orgId: string, domainId: string, secretName: string): Promise<DiagnosticsReport> {
  return runDiagnostics(PROFILE, { getVault: async () => vault, env: {} }, { secret: { orgId, domainId, secretName } });
}

function lookingFor(report: DiagnosticsReport) {
  const found = report.checks.find((entry) => entry.id === 'looking-for');
  if (!found) throw new Error('no looking-for check');
  return found;
}

describe('looking for a secret', () => {
  it('an exact hit: ok, with the exact id', async () => {
    const check = lookingFor(await lookFor('acme', 'billing', 'exact_key'));
    expect(check.status).toBe('ok');
    expect(check.title).toBe('Looking for agentfoundry/dev/acme/billing/exact_key');
    expect(check.facts).toMatchObject({ exists: 'true', scheduledForDeletion: 'false' });
  });

  it('scheduled for deletion: a failure that says restore', async () => {
    const check = lookingFor(await lookFor('acme', 'billing', 'gone_key'));
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/scheduled for deletion/);
    expect(check.detail).toMatch(/Restore/);
  });

  it('missing: every near miss named (env, domain, case, typos), nothing unrelated', async () => {
    const report = await lookFor('acme', 'billing', 'openai_api_key');
    const check = lookingFor(report);
    expect(check.status).toBe('fail');
    expect(report.healthy).toBe(false);
    expect(check.detail).toContain('The app looks for agentfoundry/dev/acme/billing/openai_api_key: it does not exist');
    expect(check.detail).toContain('agentfoundry/prod/acme/billing/openai_api_key: in another env');
    expect(check.detail).toContain('agentfoundry/dev/acme/support/openai_api_key: in another domain');
    expect(check.detail).toContain('agentfoundry/dev/ACME/billing/openai_api_key: the same id in another letter case');
    expect(check.detail).toContain('agentfoundry/dev/acme/billing/openai_api_kye: one letter off in the secret name');
    expect(check.detail).toContain('agentfoundry/dev/acm/billing/openai_api_key: one letter off in the org (scheduled for deletion)');
    expect(check.detail).not.toContain('globex');
    expect(check.facts).toMatchObject({ nearMisses: 5, truncated: 'false' });
  });

  it("missing in its domain but present in the org's shared domain: a warning that the app falls back to it", async () => {
    const check = lookingFor(await lookFor('beta', 'marketing', 'anthropic_api_key'));
    expect(check.status).toBe('warn');
    expect(check.detail).toContain("the app uses the org's shared one instead (agentfoundry/dev/beta/shared/anthropic_api_key)");
  });

  it('exists without a current value (created with no value): a failure, as the app shows it not configured', async () => {
    const report = await lookFor('acme', 'billing', 'empty_key');
    const check = lookingFor(report);
    expect(check.status).toBe('fail');
    expect(report.healthy).toBe(false);
    expect(check.detail).toMatch(/exists without a current value/);
    expect(check.facts).toMatchObject({ exists: 'true', currentValue: 'false' });
  });

  it("exists without a current value, the org's shared one has one: a warning that the app uses the shared one (as secret-fallback decides)", async () => {
    const check = lookingFor(await lookFor('beta', 'sales', 'anthropic_api_key'));
    expect(check.status).toBe('warn');
    expect(check.detail).toMatch(/exists without a current value/);
    expect(check.detail).toContain("the app uses the org's shared one instead (agentfoundry/dev/beta/shared/anthropic_api_key)");
  });

  it("scheduled for deletion with a current shared one: still a failure — secret-fallback does not fall back from a scheduled secret", async () => {
    const check = lookingFor(await lookFor('beta', 'sales', 'mistral_api_key'));
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/scheduled for deletion/);
    expect(check.detail).toMatch(/not the org's shared one/);
  });

  it('the canary: the planted value never shows in the report, its text or its JSON (nor its length or hash)', async () => {
    const reports = await Promise.all([lookFor('acme', 'billing', 'openai_api_key'), lookFor('acme', 'billing', 'exact_key'), lookFor('beta', 'sales', 'anthropic_api_key')]);
    const sha = createHash('sha256').update(CANARY).digest();
    for (const report of reports) {
      const text = `${JSON.stringify(report)}\n${formatDiagnosticsText(report)}`;
      for (const needle of [CANARY, CANARY.slice(0, 16), Buffer.from(CANARY).toString('base64').slice(0, 24), sha.toString('hex').slice(0, 12), sha.toString('base64').slice(0, 12)]) {
        expect(text).not.toContain(needle);
      }
      expect(text).not.toMatch(new RegExp(`[:= "(]${CANARY.length}\\b`));
    }
  });
});

describe('near-miss classifier', () => {
  const target = 'agentfoundry/dev/acme/billing/openai_api_key';
  it.each([
    ['agentfoundry/dev/acme/billing/openai_api_key', null],
    ['agentfoundry/staging/acme/billing/openai_api_key', 'other-env'],
    ['agentfoundry/dev/acme/shared/openai_api_key', 'shared-fallback'],
    ['agentfoundry/dev/acme/support/openai_api_key', 'other-domain'],
    ['agentfoundry/dev/acme/bi11ing/openai_api_key', 'other-domain'],
    ['agentfoundry/dev/acme/biling/openai_api_key', 'typo'],
    ['agentfoundry/dev/acmee/billing/openai_api_key', 'typo'],
    ['agentfoundry/dev/acme/billing/openai_apikey', 'typo'],
    ['agentfoundry/dev/acme/billing/OPENAI_API_KEY', 'case'],
    ['agentfoundry/dev/other/billing/openai_api_key', null],
    ['agentfoundry/prod/acme/billing/anthropic_api_key', null],
    ['agentfoundry/dev/acme/billing/openai_api_key/extra', null],
    ['someone-else/dev/acme/billing/openai_api_key', null],
  ])('%s → %s', (candidate, kind) => {
    expect(classifyNearMiss(target, candidate)?.kind ?? null).toBe(kind);
  });

  it.each([
    ['abc', 'abd', true],
    ['abc', 'acb', true],
    ['abc', 'abcd', true],
    ['abc', 'ab', true],
    ['abc', 'abc', false],
    ['abc', 'cba', false],
    ['abc', 'abde', false],
  ])('one edit apart: %s / %s → %s', (a, b, expected) => {
    expect(isOneEditApart(a, b)).toBe(expected);
  });
});
