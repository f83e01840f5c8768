/**
 * `foundry-secrets verify`: reads each stored key with its own client, checks it against FAKE
 * providers on loopback (tests/fakes/fake-provider.ts), and records only the verdict as the four
 * health tags — against a served vault (--endpoint) and the embedded vault (--embedded --data).
 * The canary part: no value, part, encoding, hash or length of a key in stdout, stderr, --json or
 * any tag.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CreateSecretCommand, DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_CHECKED_TAG_KEY, HEALTH_TAG_KEY, HEALTH_TAG_KEYS, HEALTH_VERSION_TAG_KEY, KEY_HEALTH_VERDICTS, VALUE_CHANGED_TAG_KEY, isIsoUtcDate } from '../../src/shared/key-health';
import { closedPortUrl, never, startFakeProvider, status, type FakeProvider } from '../fakes/fake-provider';
import { appDataDir, auditEntries, auditText, needlesFor, runCli, servedVault, withAppVault, type CliRun, type ServedVault } from './helpers';

interface VerifyJson {
  env: string;
  backend: string;
  counts: Record<string, number>;
  results: { secretId: string; outcome: string; provider?: string; reason: string; tagged: boolean; checkedAt?: string }[];
}

const canary = (label: string): string => `sk-${label}-${randomBytes(12).toString('hex')}`;
const VALID = canary('VALIDCANARY');
const REJECTED = canary('REJECTEDCANARY');
const DOWN = canary('DOWNCANARY');
const SLOW = canary('SLOWCANARY');
const CUSTOM = canary('CUSTOMCANARY');
const BETA = canary('BETACANARY');
const CANARIES = [VALID, REJECTED, DOWN, SLOW, CUSTOM, BETA];

const id = (org: string, domain: string, name: string): string => `agentfoundry/dev/${org}/${domain}/${name}`;

async function tagsOf(client: SecretsManagerClient, secretId: string): Promise<{ Key?: string; Value?: string }[]> {
  return (await client.send(new DescribeSecretCommand({ SecretId: secretId }))).Tags ?? [];
}

/**
 * Tags hold the four documented keys: a verdict, an ISO date, and the checked version's id and
 * creation date (metadata DescribeSecret shows anyway): nothing derived from a value.
 */
function expectHealthTagsOnly(tags: readonly { Key?: string; Value?: string }[], verdict: string): void {
  expect(tags.map((tag) => tag.Key).sort()).toEqual([...HEALTH_TAG_KEYS].sort());
  const value = (key: string) => tags.find((tag) => tag.Key === key)?.Value ?? '';
  expect(KEY_HEALTH_VERDICTS).toContain(value(HEALTH_TAG_KEY));
  expect(value(HEALTH_TAG_KEY)).toBe(verdict);
  expect(isIsoUtcDate(value(HEALTH_CHECKED_TAG_KEY))).toBe(true);
  expect(value(HEALTH_VERSION_TAG_KEY)).toMatch(/^[A-Za-z0-9-]{32,64}$/);
  expect(isIsoUtcDate(value(VALUE_CHANGED_TAG_KEY))).toBe(true);
}

/** The version tags name the current version and when it was written (one version: the secret's creation). */
async function expectCurrentVersionTagged(client: SecretsManagerClient, secretId: string): Promise<void> {
  const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  const current = Object.entries(described.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
  const value = (key: string) => described.Tags?.find((tag) => tag.Key === key)?.Value;
  expect(value(HEALTH_VERSION_TAG_KEY)).toBe(current);
  expect(value(VALUE_CHANGED_TAG_KEY)).toBe(described.CreatedDate?.toISOString());
}

function expectNoCanary(texts: readonly string[]): void {
  const all = texts.join('\n');
  for (const secret of CANARIES) for (const needle of needlesFor(secret).filter((n) => !n.label.startsWith('length'))) expect(all, needle.label).not.toContain(needle.text);
  // The length as a number next to the words a leak would use.
  for (const secret of CANARIES) expect(all).not.toMatch(new RegExp(`(length|chars|bytes)\\D{0,3}${secret.length}\\b`, 'i'));
}

/**
 * The keys `verify --help` documents in the first `{ a, b?, c[] … }` after `after` ("?": optional,
 * "[]": an array).
 */
function documentedShape(help: string, after: string): { keys: string[]; required: string[] } {
  const from = help.indexOf(after);
  expect(from, `verify --help says "${after}"`).toBeGreaterThan(-1);
  const braces = /\{ ([^}]*) \}/.exec(help.slice(from + after.length));
  const names = (braces?.[1] ?? '').split(',').map((name) => name.trim().replace(/\[\]$/, ''));
  return { keys: names.map((name) => name.replace(/\?$/, '')), required: names.filter((name) => !name.endsWith('?')) };
}

function expectShape(object: object, shape: { keys: string[]; required: string[] }, what: string): void {
  for (const key of shape.required) expect(Object.keys(object), `${what} lacks "${key}", which --help documents`).toContain(key);
  for (const key of Object.keys(object)) expect(shape.keys, `${what} has "${key}", which --help does not document`).toContain(key);
}

describe('verify against a served vault and fake providers', () => {
  let vault: ServedVault;
  let openai: FakeProvider;
  let deepgram: FakeProvider;
  let downUrl: string;
  let providerFlags: string[];
  const run = (args: string[]): Promise<CliRun> => runCli(['verify', ...args, ...providerFlags, '--endpoint', vault.endpoint], { env: vault.env });

  beforeAll(async () => {
    vault = await servedVault();
    openai = await startFakeProvider();
    // A key whose header says REJECTED is refused; any other is accepted. The body echoes the key, as real providers partly do.
    openai.answer((request, response) => status(JSON.stringify(request.headers).includes('REJECTEDCANARY') ? 401 : 200)(request, response));
    deepgram = await startFakeProvider();
    deepgram.answer(never);
    downUrl = await closedPortUrl();
    providerFlags = ['--provider-url', `openai=${openai.baseUrl}`, '--provider-url', `anthropic=${downUrl}`, '--provider-url', `deepgram=${deepgram.baseUrl}`];
    const create = (secretId: string, value: string) => vault.client.send(new CreateSecretCommand({ Name: secretId, SecretString: value }));
    await create(id('acme', 'shared', 'openai_api_key'), VALID);
    await create(id('acme', 'card-services', 'openai_api_key'), REJECTED);
    await create(id('acme', 'shared', 'anthropic_api_key'), DOWN);
    await create(id('acme', 'shared', 'deepgram_api_key'), SLOW);
    await create(id('acme', 'shared', 'custom_webhook_token'), CUSTOM);
    await create(id('beta', 'shared', 'openai_api_key'), BETA);
  });
  afterAll(async () => {
    await openai.close();
    await deepgram.close();
  });

  it('one org: valid, rejected, unverified (provider down, timeout) and skipped; tags exactly the verdict; exit 1', async () => {
    const result = await run(['--org', 'acme', '--json']);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as VerifyJson;
    const outcome = new Map(report.results.map((row) => [row.secretId, row]));
    expect(outcome.get(id('acme', 'shared', 'openai_api_key'))).toMatchObject({ outcome: 'valid', provider: 'openai', tagged: true });
    expect(outcome.get(id('acme', 'card-services', 'openai_api_key'))).toMatchObject({ outcome: 'rejected', reason: 'key refused (HTTP 401)', tagged: true });
    expect(outcome.get(id('acme', 'shared', 'anthropic_api_key'))).toMatchObject({ outcome: 'unverified', reason: 'connection refused', tagged: true });
    expect(outcome.get(id('acme', 'shared', 'deepgram_api_key'))).toMatchObject({ outcome: 'unverified', reason: 'timed out after 5 s', tagged: true });
    expect(outcome.get(id('acme', 'shared', 'custom_webhook_token'))).toMatchObject({ outcome: 'skipped', tagged: false });
    expect(outcome.has(id('beta', 'shared', 'openai_api_key'))).toBe(false);
    expect(report.counts).toEqual({ valid: 1, rejected: 1, unverified: 2, skipped: 1, failed: 0 });
    expect(report.env).toBe('dev');
    expect(result.stderr).toContain('env dev');

    expectHealthTagsOnly(await tagsOf(vault.client, id('acme', 'shared', 'openai_api_key')), 'valid');
    expectHealthTagsOnly(await tagsOf(vault.client, id('acme', 'card-services', 'openai_api_key')), 'rejected');
    expectHealthTagsOnly(await tagsOf(vault.client, id('acme', 'shared', 'anthropic_api_key')), 'unverified');
    expectHealthTagsOnly(await tagsOf(vault.client, id('acme', 'shared', 'deepgram_api_key')), 'unverified');
    await expectCurrentVersionTagged(vault.client, id('acme', 'card-services', 'openai_api_key'));
    expect(await tagsOf(vault.client, id('acme', 'shared', 'custom_webhook_token'))).toEqual([]);
    expect(await tagsOf(vault.client, id('beta', 'shared', 'openai_api_key'))).toEqual([]);
    // The key did go to the provider (the check is real), and nowhere in what verify printed or tagged.
    expect(openai.requests.some((request) => JSON.stringify(request.headers).includes(VALID))).toBe(true);
    const allTags = await Promise.all(report.results.map((row) => tagsOf(vault.client, row.secretId)));
    expectNoCanary([result.stdout, result.stderr, JSON.stringify(allTags)]);
  }, 30_000);

  it('the table output and the app status both show the verdict, and no value', async () => {
    const table = await run(['--org', 'acme', '--domain', 'card-services']);
    expect(table.code, table.stderr).toBe(1);
    expect(table.stdout).toMatch(/^VERDICT +SECRET +PROVIDER +REASON$/m);
    expect(table.stdout).toMatch(/^rejected +agentfoundry\/dev\/acme\/card-services\/openai_api_key +openai +key refused \(HTTP 401\)$/m);
    expect(table.stdout).not.toContain('shared/openai_api_key');
    const statusRun = await runCli(['status', 'acme', '--domain', 'card-services', '--json', '--endpoint', vault.endpoint], { env: vault.env });
    const list = JSON.parse(statusRun.stdout) as { secrets: { secretName: string; health?: { verdict: string; outdated: boolean } }[] };
    expect(list.secrets.find((secret) => secret.secretName === 'openai_api_key')?.health).toMatchObject({ verdict: 'rejected', outdated: false });
    const tags = await Promise.all([id('acme', 'shared', 'openai_api_key'), id('acme', 'card-services', 'openai_api_key')].map((secretId) => tagsOf(vault.client, secretId)));
    expectNoCanary([table.stdout, table.stderr, statusRun.stdout, statusRun.stderr, JSON.stringify(tags)]);
  }, 30_000);

  it('every org when no --org; exit 0 when every checked key is valid', async () => {
    const all = await run(['--json']);
    const report = JSON.parse(all.stdout) as VerifyJson;
    expect(report.results.map((row) => row.secretId)).toContain(id('beta', 'shared', 'openai_api_key'));
    expect(all.code).toBe(1);
    const beta = await run(['--org', 'beta']);
    expect(beta.code, beta.stderr).toBe(0);
    expect(beta.stdout).toMatch(/^valid +agentfoundry\/dev\/beta\/shared\/openai_api_key +openai/m);
    expectHealthTagsOnly(await tagsOf(vault.client, id('beta', 'shared', 'openai_api_key')), 'valid');
    expectNoCanary([all.stdout, all.stderr, beta.stdout, beta.stderr]);
  }, 30_000);

  it('LiveKit: the key is checked with its secret (same domain, else shared); alone it cannot be', async () => {
    const livekit = await startFakeProvider();
    try {
      const create = (secretId: string, value: string) => vault.client.send(new CreateSecretCommand({ Name: secretId, SecretString: value }));
      await create(id('lk', 'shared', 'livekit_api_secret'), 'lk-secret-not-a-value-to-print');
      await create(id('lk', 'voice', 'livekit_api_key'), 'APIlkkeynotavalue');
      await create(id('lk-half', 'shared', 'livekit_api_key'), 'APIlkhalfnotavalue');
      const result = await runCli(['verify', '--provider-url', `livekit=${livekit.baseUrl}`, '--json', '--endpoint', vault.endpoint], { env: vault.env });
      const rows = new Map((JSON.parse(result.stdout) as VerifyJson).results.map((row) => [row.secretId, row]));
      expect(rows.get(id('lk', 'voice', 'livekit_api_key'))).toMatchObject({ outcome: 'valid', provider: 'livekit' });
      expect(rows.get(id('lk', 'shared', 'livekit_api_secret'))).toMatchObject({ outcome: 'unverified', reason: 'needs both the API key and the API secret' });
      expect(rows.get(id('lk-half', 'shared', 'livekit_api_key'))).toMatchObject({ outcome: 'unverified', reason: 'needs both the API key and the API secret' });
      // The token the fake received was signed for the key found in the voice domain.
      expect(livekit.requests).toHaveLength(1);
      expect(result.stdout + result.stderr).not.toMatch(/lk-secret-not-a-value|APIlkkeynotavalue|APIlkhalfnotavalue/);
    } finally {
      await livekit.close();
    }
  }, 30_000);

  it('--json has the shape --help documents: top level, counts and each result (review finding)', async () => {
    const help = (await runCli(['verify', '--help'])).stdout;
    // --no-tag: the check only. A valid, two unverified and a skipped secret: with and without checkedAt.
    const result = await run(['--org', 'acme', '--domain', 'shared', '--no-tag', '--json']);
    const report = JSON.parse(result.stdout) as VerifyJson & Record<string, unknown>;
    expectShape(report, documentedShape(help, 'With --json'), 'the document');
    expect(report).toMatchObject({ orgId: 'acme', domainId: 'shared' });
    expectShape(report.counts, documentedShape(help, '\n    counts: '), 'counts');
    expect(report.results.map((row) => row.outcome).sort()).toEqual(['skipped', 'unverified', 'unverified', 'valid']);
    for (const row of report.results) {
      expectShape(row, documentedShape(help, '\n    results[]: '), `the result for ${row.secretId}`);
      // As documented: when the key was checked, and none for a skipped one.
      if (row.outcome === 'skipped') expect(row.checkedAt).toBeUndefined();
      else expect(isIsoUtcDate(row.checkedAt ?? '')).toBe(true);
    }
    expectNoCanary([result.stdout, result.stderr]);
  }, 30_000);

  it('bad usage is exit 2 and repeats nothing typed', async () => {
    for (const args of [['extra'], ['--org', 'Acme'], ['--provider-url', 'nope=https://x.example'], ['--provider-url', `openai=http://203.0.113.9/${VALID}`]]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expectNoCanary([result.stderr]);
    }
    const help = await runCli(['verify', '--help']);
    expect(help.code).toBe(0);
    for (const key of HEALTH_TAG_KEYS) expect(help.stdout).toContain(key);
  }, 30_000);
});

describe('verify against the embedded vault', () => {
  it('reads and tags in the app data folder’s vault (exit 0 for a valid key)', async () => {
    const provider = await startFakeProvider();
    try {
      const dataDir = await appDataDir();
      // A first run creates the CLI's own vault in its own folder; then a key is planted.
      await runCli(['status', 'acme', '--embedded', '--data', dataDir]);
      await withAppVault(dataDir, (client) => client.send(new CreateSecretCommand({ Name: id('acme', 'shared', 'openai_api_key'), SecretString: VALID })));
      const result = await runCli(['verify', '--embedded', '--data', dataDir, '--provider-url', `openai=${provider.baseUrl}`, '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as VerifyJson).results).toMatchObject([{ secretId: id('acme', 'shared', 'openai_api_key'), outcome: 'valid', tagged: true }]);
      const tags = await withAppVault(dataDir, (client) => tagsOf(client, id('acme', 'shared', 'openai_api_key')));
      expectHealthTagsOnly(tags, 'valid');
      await withAppVault(dataDir, (client) => expectCurrentVersionTagged(client, id('acme', 'shared', 'openai_api_key')));
      expectNoCanary([result.stdout, result.stderr, JSON.stringify(tags)]);
    } finally {
      await provider.close();
    }
  }, 30_000);
});

describe('verify through an app profile: read-only, prod and the audit log', () => {
  let dataDir: string;
  let provider: FakeProvider;
  const devId = id('acme', 'shared', 'openai_api_key');
  const prodId = 'agentfoundry/prod/acme/shared/openai_api_key';
  const verify = (...args: string[]): Promise<CliRun> => runCli(['verify', '--data', dataDir, '--provider-url', `openai=${provider.baseUrl}`, ...args]);
  const healthEntries = async (): Promise<Record<string, unknown>[]> => (await auditEntries(dataDir)).filter((entry) => entry['action'] === 'secret.health-tag');

  beforeAll(async () => {
    provider = await startFakeProvider();
    dataDir = await appDataDir();
    const profiles = [
      { kind: 'embedded', id: 'rw', name: 'Writable', env: 'dev', readOnly: false },
      { kind: 'embedded', id: 'ro', name: 'Read only', env: 'dev', readOnly: true },
      { kind: 'embedded', id: 'live', name: 'Production', env: 'prod', readOnly: false },
    ];
    await fs.writeFile(path.join(dataDir, 'profiles.json'), JSON.stringify({ version: 1, activeId: 'rw', profiles }));
    await runCli(['status', 'acme', '--profile', 'rw', '--data', dataDir]);
    await withAppVault(dataDir, async (client) => {
      await client.send(new CreateSecretCommand({ Name: devId, SecretString: VALID }));
      await client.send(new CreateSecretCommand({ Name: prodId, SecretString: BETA }));
    });
  });
  afterAll(async () => {
    await provider.close();
  });

  it('a read-only profile checks but records nothing: no tags, a clear line, exit per verdicts', async () => {
    const result = await verify('--profile', 'ro', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('read-only profile "ro": verdicts not recorded');
    expect((JSON.parse(result.stdout) as VerifyJson).results).toMatchObject([{ secretId: devId, outcome: 'valid', tagged: false }]);
    expect(await withAppVault(dataDir, (client) => tagsOf(client, devId))).toEqual([]);
    expect(await healthEntries()).toEqual([]);
    expectNoCanary([result.stdout, result.stderr]);
  }, 30_000);

  it('--no-tag checks without tagging on a writable profile', async () => {
    const result = await verify('--profile', 'rw', '--no-tag');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('--no-tag: verdicts not recorded');
    expect(result.stdout).toMatch(/^valid +agentfoundry\/dev\/acme\/shared\/openai_api_key +openai/m);
    expect(await withAppVault(dataDir, (client) => tagsOf(client, devId))).toEqual([]);
    expect(await healthEntries()).toEqual([]);
  }, 30_000);

  it('a prod profile tags only with --env prod typed (exit 2 and nothing read or tagged without it)', async () => {
    const before = provider.requests.length;
    const refused = await verify('--profile', 'live');
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('--env prod');
    expect(provider.requests.length).toBe(before);
    expect(await withAppVault(dataDir, (client) => tagsOf(client, prodId))).toEqual([]);
    const typed = await verify('--profile', 'live', '--env', 'prod');
    expect(typed.code, typed.stderr).toBe(0);
    expectHealthTagsOnly(await withAppVault(dataDir, (client) => tagsOf(client, prodId)), 'valid');
  }, 30_000);

  it('each tagging is audited: attempt and outcome, the verdict word only, no value', async () => {
    const result = await verify('--profile', 'rw');
    expect(result.code, result.stderr).toBe(0);
    const entries = (await healthEntries()).filter((entry) => entry['secretId'] === devId);
    expect(entries.map((entry) => entry['outcome'])).toEqual(['attempt', 'success']);
    expect(entries[1]).toMatchObject({ profileId: 'rw', env: 'dev', orgId: 'acme', keyCheck: 'valid' });
    expect(entries[1]?.['attemptSeq']).toBe(entries[0]?.['seq']);
    expectNoCanary([await auditText(dataDir), result.stdout, result.stderr]);
    // The entries extend the app's hash chain: the log still verifies.
    const chain = await runCli(['audit', 'verify', '--data', dataDir]);
    expect(chain.code, chain.stdout + chain.stderr).toBe(0);
  }, 30_000);
});
