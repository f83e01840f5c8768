import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CHANNEL_PREFIX,
  EVENT_NAMES,
  events,
  STATUS_CHANNELS,
  WRITE_CHANNELS,
  catalogByCategory,
  channelNames,
  contract,
  ipcChannel,
  isChannelName,
  isWriteChannel,
  profileSchema,
  secretStatusSchema,
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
  type SecretStatus,
} from '../../src/shared/contract';
import { SecretValue } from '../../src/shared/secret-value';
import type { JobReport } from '../../src/shared/jobs';
import type { DriftReport } from '../../src/shared/drift';

const status: SecretStatus = {
  secretId: 'agentfoundry/dev/acme/card-services/openai_api_key',
  orgId: 'acme',
  domainId: 'card-services',
  secretName: 'openai_api_key',
  env: 'dev',
  state: 'inherited',
  inheritedFrom: 'agentfoundry/dev/acme/shared/openai_api_key',
  description: 'Production OpenAI key',
  createdAt: '2026-01-02T03:04:05.000Z',
  lastChangedAt: '2026-01-02T03:04:05Z',
  currentVersionId: '2f1b7a9e-52c4-4d53-9a44-0f5d4c1b8e21',
};
const localstack: ChannelInput<'saveProfile'>['profile'] = {
  kind: 'localstack', id: 'ls', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: 'http://localhost:4566', region: 'us-east-1',
};
const profileList: ChannelOutput<'listProfiles'> = {
  profiles: [
    { kind: 'embedded', id: 'local', name: 'Built-in vault', env: 'dev', readOnly: false },
    localstack,
    { kind: 'aws', id: 'prod-aws', name: 'Production', env: 'prod', readOnly: true, awsProfile: 'AdministratorAccess-123456789012' },
  ],
  activeId: 'local',
  awsProfiles: ['default', 'AdministratorAccess-123456789012'],
  defaults: { localstackEndpoint: 'http://localhost:4566', region: 'us-east-1' },
  warnings: [],
};
const orgList: ChannelOutput<'listOrgs'> = { env: 'dev', orgs: [{ orgId: 'acme', domains: ['shared', 'card-services'], secretCount: 3, added: false }] };
const ref = { orgId: 'acme', domainId: 'card-services', secretName: 'openai_api_key' };
const auditEntry: ChannelOutput<'listAudit'>['entries'][number] = {
  seq: 2,
  time: '2026-01-02T03:04:06.000Z',
  actor: { osUser: 'ana', callerArn: 'arn:aws:iam::123456789012:user/ana', callerAccount: '123456789012' },
  profileId: 'local',
  profileKind: 'embedded',
  env: 'dev',
  action: 'secret.rotate',
  orgId: 'acme',
  secretId: status.secretId,
  outcome: 'success',
  attemptSeq: 1,
  versionId: '2f1b7a9e-52c4-4d53-9a44-0f5d4c1b8e21',
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};
const verification: ChannelOutput<'listAudit'>['verification'] = {
  ok: false,
  entries: 2,
  files: 1,
  lastSeq: 2,
  problemCount: 1,
  problems: [{ kind: 'hash-mismatch', file: 'audit-000001.jsonl', line: 2, message: 'entry 2 was changed after it was written' }],
  torn: 0,
  legacy: 0,
  checkedAt: '2026-01-02T03:05:00.000Z',
};

const fleetHeader = {
  snapshotId: '6b0f3a52-4c1d-4e8a-9f3e-7d2c1b0a9e8f',
  profileId: 'local',
  env: 'dev',
  state: 'loading',
  shardsDone: 3,
  shardsTotal: 36,
  pendingPrefixes: ['b', 'c'] as string[],
  requests: 5,
  startedAt: 1_764_400_000_000,
} as const;
const fleetOrg = {
  orgId: 'acme',
  secrets: [{ domainId: 'shared', secretName: 'openai_api_key', createdAt: 1_764_000_000_000, lastChangedAt: 1_764_300_000_000, hasValue: true }],
};

const importSourceId = '1c0f3a52-4c1d-4e8a-9f3e-7d2c1b0a9e8f';
const jobReport: JobReport = {
  jobId: '2d0f3a52-4c1d-4e8a-9f3e-7d2c1b0a9e8f',
  kind: 'import',
  profileId: 'local',
  env: 'dev',
  title: 'Import of .env into acme/shared (dev)',
  state: 'done',
  counts: { total: 1, done: 1, written: 1, skipped: 0, failed: 0, cancelled: 0 },
  startedAt: 1_764_400_000_000,
  finishedAt: 1_764_400_001_000,
  items: [{ index: 0, orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key', secretId: status.secretId, key: 'OPENAI_API_KEY', state: 'written', reason: 'Created.' }],
};

const driftSide = { orgCount: 1, secretCount: 2, listedAt: 1_764_400_000_000, readOnly: false };
const driftReport: DriftReport = {
  requestId: '3a0f3a52-4c1d-4e8a-9f3e-7d2c1b0a9e8f',
  driftId: '4b0f3a52-4c1d-4e8a-9f3e-7d2c1b0a9e8f',
  state: 'complete',
  left: { ...driftSide, profileId: 'ls', profileName: 'LocalStack', kind: 'localstack', env: 'dev', ownEnv: true },
  right: { ...driftSide, profileId: 'local', profileName: 'Local vault', kind: 'embedded', env: 'prod', ownEnv: false },
  skewDays: 30,
  compared: 2,
  counts: { left: { missing: 0, scheduled: 0, skew: 0 }, right: { missing: 1, scheduled: 0, skew: 1 } },
  truncated: false,
  findings: [
    { orgId: 'acme', domainId: 'shared', secretName: 'github_token', kind: 'missing', side: 'right', left: { hasValue: true, lastChangedAt: 1_764_300_000_000 } },
    {
      orgId: 'acme',
      domainId: 'shared',
      secretName: 'openai_api_key',
      kind: 'skew',
      side: 'right',
      left: { hasValue: true, lastChangedAt: 1_760_000_000_000 },
      right: { hasValue: true, lastChangedAt: 1_764_300_000_000 },
      skewDays: 49,
    },
  ],
  generatedAt: 1_764_400_001_000,
};

/** One valid input and one valid answer per channel; the compiler keeps it complete. */
const samples: { readonly [C in ChannelName]: { readonly input: ChannelInput<C>; readonly output: ChannelOutput<C> } } = {
  listCatalog: { input: {}, output: { categories: catalogByCategory() } },
  listProfiles: { input: {}, output: profileList },
  selectProfile: { input: { id: 'ls' }, output: profileList },
  saveProfile: { input: { profile: localstack }, output: profileList },
  removeProfile: { input: { id: 'ls' }, output: profileList },
  testConnection: {
    input: {},
    output: { profileId: 'local', kind: 'embedded', ok: false, detail: 'Not reachable', latencyMs: 3.5, error: { code: 'UNREACHABLE', message: 'Down', details: { endpoint: 'x', retry: true } } },
  },
  checkBlindAccess: {
    input: { profileId: 'ls', refresh: true },
    output: {
      profileId: 'ls',
      kind: 'localstack',
      readOnly: false,
      outcome: 'not-applicable',
      reason: 'LocalStack does not enforce IAM by default.',
      decisions: [],
      missingPermissions: [],
      limits: [],
      checkedAt: '2026-11-30T03:00:00.000Z',
      cached: false,
    },
  },
  runDiagnostics: {
    input: { profileId: 'ls', secret: { orgId: 'acme', domainId: 'billing', secretName: 'openai_api_key' } },
    output: {
      profile: { id: 'ls', name: 'LocalStack', kind: 'localstack', env: 'dev' },
      generatedAt: '2026-11-30T03:00:00.000Z',
      durationMs: 42,
      healthy: false,
      cancelled: false,
      checks: [
        { id: 'endpoint', status: 'ok', title: 'Endpoint reachable', detail: 'LocalStack answered a ListSecrets call in 4 ms.', facts: { endpoint: 'http://localhost:4566', latencyMs: 4 }, durationMs: 5 },
        { id: 'looking-for', status: 'fail', title: 'Looking for agentfoundry/dev/acme/billing/openai_api_key', detail: 'It does not exist.' },
      ],
    },
  },
  listOrgs: { input: {}, output: orgList },
  addOrg: { input: { orgId: 'globaltech' }, output: orgList },
  removeOrg: { input: { orgId: 'globaltech' }, output: orgList },
  loadFleet: { input: { refresh: true }, output: { ...fleetHeader, addedOrgs: ['globaltech'], orgs: [fleetOrg] } },
  cancelFleet: { input: { snapshotId: fleetHeader.snapshotId }, output: { cancelled: true } },
  exportFleet: { input: { orgIds: ['acme'] }, output: { saved: true, path: '/home/ana/coverage.csv', count: 1 } },
  compareDrift: {
    input: { requestId: driftReport.requestId, left: { profileId: 'ls' }, right: { profileId: 'local', env: 'prod' }, skewDays: 30, refresh: false },
    output: driftReport,
  },
  cancelDrift: { input: { requestId: driftReport.requestId }, output: { cancelled: true } },
  exportDrift: { input: { driftId: driftReport.driftId, kinds: ['missing'] }, output: { saved: true, path: '/home/ana/drift.csv', count: 1 } },
  getSecretStatus: { input: ref, output: status },
  listSecretStatus: { input: { orgId: 'acme' }, output: { orgId: 'acme', domainId: 'shared', env: 'dev', domains: ['shared'], secrets: [status] } },
  pickValueFile: {
    input: ref,
    output: {
      picked: true,
      handle: '0b6f3a52-4c1d-4e8a-9f3e-7d2c1b0a9e8f',
      fileName: 'github-app.pem',
      content: 'text',
      multiLine: true,
      leadingWhitespace: false,
      trailingWhitespace: true,
      trailingNewline: true,
    },
  },
  discardValueFile: { input: { handle: '0b6f3a52-4c1d-4e8a-9f3e-7d2c1b0a9e8f' }, output: { discarded: true } },
  writeSecret: {
    input: { ...ref, value: 'sk-test', description: 'Line one\nline two', mode: 'single-line', check: true },
    output: { status, versionId: 'v1', created: true, keyCheck: { outcome: 'valid', providerId: 'openai', url: 'https://api.openai.com/v1/models', httpStatus: 200, reason: 'HTTP 200' } },
  },
  removeSecret: { input: { ...ref, mode: { kind: 'recoverable', recoveryWindowDays: 7 } }, output: { ...status, state: 'scheduled-for-deletion', deletionDate: '2026-01-09T00:00:00Z' } },
  restoreSecret: { input: ref, output: status },
  listAudit: {
    input: { filters: { orgId: 'acme', actions: ['secret.write', 'secret.rotate'], outcomes: ['success'], from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }, offset: 0, limit: 50 },
    output: { entries: [auditEntry], total: 1, offset: 0, limit: 50, verification },
  },
  exportAudit: { input: { format: 'csv', filters: { secretId: status.secretId } }, output: { saved: true, path: '/home/ana/audit.csv', count: 1 } },
  getKeyCheckSettings: { input: {}, output: { settings: { enabled: true, baseUrls: {} } } },
  openImportSource: { input: { kind: 'file' }, output: { opened: true, source: { sourceId: importSourceId, kind: 'file', name: '.env', keys: 3, badLines: [4], materialLines: [5] } } },
  forgetImportSource: { input: { sourceId: importSourceId }, output: { forgotten: true } },
  previewImport: {
    input: { sourceId: importSourceId, orgId: 'acme', domainId: 'shared', includeCustom: true, overwrite: false, skipKeys: ['DEBUG'] },
    output: {
      sourceId: importSourceId,
      sourceName: '.env',
      env: 'dev',
      orgId: 'acme',
      domainId: 'shared',
      items: [{ key: 'OPENAI_API_KEY', line: 2, overriddenLines: [1], secretName: 'openai_api_key', secretId: status.secretId, plan: 'skip-existing', exists: true, lastChangedAt: 1_764_300_000_000 }],
      badLines: [4],
      materialLines: [5],
      counts: { create: 0, overwrite: 0, 'skip-existing': 1, 'skip-empty': 0, 'skip-unmapped': 0, 'skip-chosen': 0, 'skip-malformed': 0, 'invalid-name': 0 },
    },
  },
  startImport: { input: { sourceId: importSourceId, orgId: 'acme', domainId: 'shared', includeCustom: false, overwrite: true, skipKeys: [] }, output: jobReport },
  startBulk: { input: { orgIds: ['acme', 'globex'], domainId: 'shared', secretName: 'openai_api_key', action: { kind: 'set', value: 'sk-test' } }, output: jobReport },
  cancelJob: { input: { jobId: jobReport.jobId }, output: { cancelled: true } },
  getJob: { input: { jobId: jobReport.jobId }, output: jobReport },
  exportJobReport: { input: { jobId: jobReport.jobId, format: 'json' }, output: { saved: true, path: '/home/ana/job.json', count: 1 } },
  saveIamPolicy: { input: { role: 'support', env: 'prod', org: 'acme', account: '123456789012', region: 'eu-west-1' }, output: { saved: true, path: '/home/ana/foundry-iam-support-prod-acme.json' } },
  getFleetSettings: { input: {}, output: { settings: { staleAfterDays: 90 } } },
  saveFleetSettings: { input: { settings: { staleAfterDays: 30 } }, output: { settings: { staleAfterDays: 30 } } },
  saveKeyCheckSettings: {
    input: { settings: { enabled: true, baseUrls: { openai: 'https://proxy.example/openai', n8n: 'http://127.0.0.1:5678' } } },
    output: { settings: { enabled: true, baseUrls: { openai: 'https://proxy.example/openai', n8n: 'http://127.0.0.1:5678' } } },
  },
};

function messagesOf(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return JSON.stringify(result.error?.issues.map((issue) => issue.message));
}

describe('contract', () => {
  it('declares the channels in a stable order, each with its class', () => {
    expect(channelNames).toEqual([
      'listCatalog', 'listProfiles', 'selectProfile', 'saveProfile', 'removeProfile', 'testConnection',
      'checkBlindAccess', 'runDiagnostics', 'listOrgs', 'addOrg', 'removeOrg', 'loadFleet', 'cancelFleet', 'exportFleet', 'compareDrift', 'cancelDrift', 'exportDrift', 'getSecretStatus', 'listSecretStatus', 'pickValueFile',
      'discardValueFile', 'writeSecret', 'removeSecret', 'restoreSecret', 'listAudit', 'exportAudit', 'getKeyCheckSettings', 'saveKeyCheckSettings',
      'getFleetSettings', 'saveFleetSettings', 'openImportSource', 'forgetImportSource', 'previewImport', 'startImport', 'startBulk', 'cancelJob',
      'getJob', 'exportJobReport', 'saveIamPolicy',
    ]);
    expect([...WRITE_CHANNELS].sort()).toEqual([
      'addOrg', 'discardValueFile', 'exportAudit', 'exportDrift', 'exportFleet', 'exportJobReport', 'forgetImportSource', 'openImportSource', 'pickValueFile', 'removeOrg',
      'removeProfile', 'removeSecret', 'restoreSecret', 'saveFleetSettings', 'saveIamPolicy', 'saveKeyCheckSettings', 'saveProfile', 'selectProfile', 'startBulk',
      'startImport', 'writeSecret',
    ]);
    expect([...STATUS_CHANNELS].sort()).toEqual([
      'cancelDrift', 'cancelFleet', 'cancelJob', 'checkBlindAccess', 'compareDrift', 'getFleetSettings', 'getJob', 'getKeyCheckSettings', 'getSecretStatus', 'listAudit', 'listCatalog', 'listOrgs', 'listProfiles',
      'listSecretStatus', 'loadFleet', 'previewImport', 'runDiagnostics', 'testConnection',
    ]);
    for (const name of channelNames) {
      expect(['status', 'write']).toContain(contract[name].class);
      expect(isWriteChannel(name)).toBe(WRITE_CHANNELS.includes(name));
      expect(contract[name].summary.length).toBeGreaterThan(0);
      expect(ipcChannel(name)).toBe(`${CHANNEL_PREFIX}${name}`);
    }
    expect(Object.isFrozen(contract)).toBe(true);
    // The preload builds the bridge from channels.ts alone: both lists must agree, in order.
    expect(Object.keys(contract)).toEqual([...channelNames]);
  });

  it('declares its events with a strict payload schema, and a progress payload has no room for a value', () => {
    expect(EVENT_NAMES).toEqual(['fleetProgress', 'jobProgress']);
    expect(Object.keys(events)).toEqual([...EVENT_NAMES]);
    const payload = { ...fleetHeader, orgs: [fleetOrg] };
    expect(events.fleetProgress.payload.safeParse(payload).success).toBe(true);
    for (const leak of ['value', 'secretString', 'SecretString', 'valueLength']) {
      expect(events.fleetProgress.payload.safeParse({ ...payload, [leak]: 'x' }).success).toBe(false);
      expect(events.fleetProgress.payload.safeParse({ ...payload, orgs: [{ ...fleetOrg, secrets: [{ ...fleetOrg.secrets[0], [leak]: 'x' }] }] }).success).toBe(false);
      // A job's progress carries states and reasons: no field for a value, in the header or in an item.
      expect(events.jobProgress.payload.safeParse(jobReport).success).toBe(true);
      expect(events.jobProgress.payload.safeParse({ ...jobReport, [leak]: 'x' }).success).toBe(false);
      expect(events.jobProgress.payload.safeParse({ ...jobReport, items: [{ ...jobReport.items[0], [leak]: 'x' }] }).success).toBe(false);
    }
  });

  it('knows its own channel names only', () => {
    expect(isChannelName('writeSecret')).toBe(true);
    for (const name of ['__proto__', 'constructor', 'toString', 'getSecretValue', '']) expect(isChannelName(name)).toBe(false);
  });

  for (const name of channelNames) {
    it(`${name}: accepts its sample and rejects unknown keys in input and output`, () => {
      const spec = contract[name];
      const { input, output } = samples[name];
      expect(spec.input.safeParse(input).success).toBe(true);
      expect(spec.output.safeParse(output).success).toBe(true);
      const inputMessages = messagesOf(spec.input, { ...input, sneaky_KEY_canary: 1 });
      expect(inputMessages).not.toContain('sneaky_KEY_canary');
      messagesOf(spec.output, { ...output, sneaky: 1 });
      messagesOf(spec.input, 'not an object');
    });
  }

  it('refuses a value-like field anywhere a status travels', () => {
    for (const leak of ['value', 'secretString', 'SecretString', 'secretBinary']) {
      expect(secretStatusSchema.safeParse({ ...status, [leak]: 'x' }).success).toBe(false);
      expect(contract.getSecretStatus.output.safeParse({ ...status, [leak]: 'x' }).success).toBe(false);
      expect(contract.writeSecret.output.safeParse({ status: { ...status, [leak]: 'x' }, versionId: 'v', created: false }).success).toBe(false);
      expect(contract.writeSecret.output.safeParse({ ...samples.writeSecret.output, [leak]: 'x' }).success).toBe(false);
      expect(contract.listSecretStatus.output.safeParse({ ...samples.listSecretStatus.output, secrets: [{ ...status, [leak]: 'x' }] }).success).toBe(false);
    }
    // Nor does anything bulk work answers: an opened source, a preview item, a job item, a job report.
    for (const leak of ['value', 'valueLength', 'valueHash', 'secretString', 'length']) {
      const opened = samples.openImportSource.output;
      if (opened.opened) expect(contract.openImportSource.output.safeParse({ ...opened, source: { ...opened.source, [leak]: 'x' } }).success).toBe(false);
      const preview = samples.previewImport.output;
      expect(contract.previewImport.output.safeParse({ ...preview, items: [{ ...preview.items[0], [leak]: 'x' }] }).success).toBe(false);
      expect(contract.getJob.output.safeParse({ ...jobReport, items: [{ ...jobReport.items[0], [leak]: 'x' }] }).success).toBe(false);
      expect(contract.startImport.output.safeParse({ ...jobReport, [leak]: 'x' }).success).toBe(false);
    }
    // An audit entry has no room for the value, its length or a digest of it either.
    for (const leak of ['value', 'valueLength', 'valueHash', 'length', 'digest']) {
      expect(contract.listAudit.output.safeParse({ ...samples.listAudit.output, entries: [{ ...auditEntry, [leak]: 'x' }] }).success).toBe(false);
      expect(contract.listAudit.output.safeParse({ ...samples.listAudit.output, entries: [{ ...auditEntry, actor: { ...auditEntry.actor, [leak]: 'x' } }] }).success).toBe(false);
    }
  });

  it('turns the written value into an unprintable SecretValue; the renderer still sends a string', () => {
    const parsed = contract.writeSecret.input.parse({ ...ref, value: 'sk-CANARY-print', companion: 'CANARY-companion' });
    expect(parsed.value).toBeInstanceOf(SecretValue);
    expect(parsed.value?.reveal()).toBe('sk-CANARY-print');
    expect(parsed.companion?.reveal()).toBe('CANARY-companion');
    for (const printed of [JSON.stringify(parsed), String(parsed.value), `${parsed.value}`, inspect(parsed), inspect(parsed.value, { showHidden: true })]) {
      expect(printed).not.toContain('CANARY');
    }
    expect(JSON.stringify(structuredClone(parsed))).not.toContain('CANARY');
    expect(Object.keys(parsed.value ?? {})).toEqual([]);
  });

  it('takes audit filters with a sane date range and bounded pages', () => {
    expect(contract.listAudit.input.parse({})).toEqual({ filters: {}, view: 'entries', offset: 0, limit: 100 });
    expect(contract.listAudit.input.safeParse({ filters: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }).success).toBe(false);
    expect(contract.listAudit.input.safeParse({ limit: 501 }).success).toBe(false);
    expect(contract.listAudit.input.safeParse({ offset: -1 }).success).toBe(false);
    expect(contract.listAudit.input.safeParse({ filters: { actions: ['secret.read'] } }).success).toBe(false);
    expect(contract.listAudit.input.safeParse({ filters: { secretId: 'not/an/id' } }).success).toBe(false);
    expect(contract.exportAudit.input.safeParse({ format: 'xlsx' }).success).toBe(false);
  });

  it('refuses a status whose id names another secret than its fields', () => {
    expect(secretStatusSchema.safeParse({ ...status, orgId: 'other' }).success).toBe(false);
    expect(secretStatusSchema.safeParse({ ...status, secretId: 'other/x' }).success).toBe(false);
    expect(secretStatusSchema.safeParse({ ...status, createdAt: 'yesterday' }).success).toBe(false);
  });

  it('defaults the domain of a secret ref to shared', () => {
    expect(contract.getSecretStatus.input.parse({ orgId: 'acme', secretName: 'github_token' })).toEqual({ orgId: 'acme', domainId: 'shared', secretName: 'github_token' });
    expect(contract.getSecretStatus.input.safeParse({ orgId: 'acme', domainId: '../x', secretName: 'github_token' }).success).toBe(false);
    // Valid segments whose id would pass 256 characters in the longest env.
    expect(contract.getSecretStatus.input.safeParse({ orgId: 'o'.repeat(64), domainId: 'd'.repeat(64), secretName: 'n'.repeat(128) }).success).toBe(false);
  });

  it('takes only a recovery window of 7–30 whole days, or force', () => {
    const mode = (m: unknown) => contract.removeSecret.input.safeParse({ ...ref, mode: m }).success;
    expect(mode({ kind: 'recoverable', recoveryWindowDays: 7 })).toBe(true);
    expect(mode({ kind: 'recoverable', recoveryWindowDays: 30 })).toBe(true);
    expect(mode({ kind: 'force' })).toBe(true);
    expect(mode({ kind: 'recoverable', recoveryWindowDays: 6 })).toBe(false);
    expect(mode({ kind: 'recoverable', recoveryWindowDays: 31 })).toBe(false);
    expect(mode({ kind: 'recoverable', recoveryWindowDays: 7.5 })).toBe(false);
    expect(mode({ kind: 'recoverable' })).toBe(false);
    expect(mode({ kind: 'force', recoveryWindowDays: 7 })).toBe(false);
    expect(mode({ kind: 'later' })).toBe(false);
  });
});

describe('the write value rule', () => {
  const write = (value: unknown) => contract.writeSecret.input.safeParse({ ...ref, value });
  const bytes = (s: string) => new TextEncoder().encode(s).length;

  it('counts UTF-8 bytes, not UTF-16 code units', () => {
    const ascii = 'k'.repeat(65_536);
    expect(write(ascii).success).toBe(true);
    expect(write(`${ascii}k`).success).toBe(false);

    const twoByte = 'é'.repeat(32_768); // 65,536 bytes, 32,768 code units
    expect(bytes(twoByte)).toBe(65_536);
    expect(write(twoByte).success).toBe(true);
    expect(write(`${twoByte}é`).success).toBe(false); // .length would say 32,769: far under the limit

    const fourByte = '😀'.repeat(16_384); // 65,536 bytes, 32,768 code units
    expect(bytes(fourByte)).toBe(65_536);
    expect(write(fourByte).success).toBe(true);
    expect(write(`${fourByte}x`).success).toBe(false);
  });

  it('refuses empty, non-text and broken-Unicode values', () => {
    expect(write('').success).toBe(false);
    expect(write(42).success).toBe(false);
    expect(write('abc\uD800def').success).toBe(false);
    expect(write('abc\uDC00').success).toBe(false);
    expect(write('pair \uD83D\uDE00 ok').success).toBe(true);
  });

  it('never puts the value, or any part of it, in an error message', () => {
    const canary = 'CANARY-7f3a9c';
    const cases = [
      `${canary}${'é'.repeat(40_000)}`,
      `${canary}${'k'.repeat(70_000)}`,
      `${canary}\uD800`,
      canary.repeat(6_000),
    ];
    for (const value of cases) {
      const result = write(value);
      expect(result.success).toBe(false);
      const text = JSON.stringify(result.error?.issues) + String(result.error?.message);
      expect(text).not.toContain(canary);
      expect(text).not.toContain('éé');
    }
  });

  it('refuses whitespace-only values and requires a choice for whitespace at either end (never trimmed silently)', () => {
    for (const blank of ['   ', '\t', '\n\n', ' \r\n ']) {
      const result = write(blank);
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toContain('only spaces, tabs or line breaks');
    }
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
    const noChoice = contract.writeSecret.input.safeParse({ ...ref, value: pem, mode: 'multi-line' });
    expect(noChoice.success).toBe(false);
    expect(noChoice.error?.issues[0]?.path).toEqual(['whitespace']);
    const kept = contract.writeSecret.input.parse({ ...ref, value: pem, mode: 'multi-line', whitespace: 'keep' });
    expect(kept.value?.reveal()).toBe(pem);
    const trimmed = contract.writeSecret.input.parse({ ...ref, value: ` ${pem}`, whitespace: 'trim' });
    expect(trimmed.value?.reveal()).toBe(pem.trim());
    // Inner whitespace is never a question: tabs and line breaks inside are kept as they are.
    expect(contract.writeSecret.input.parse({ ...ref, value: 'a\tb\nc' }).value?.reveal()).toBe('a\tb\nc');
  });

  it('checks JSON in JSON mode and says where it fails without quoting it', () => {
    const json = (value: string) => contract.writeSecret.input.safeParse({ ...ref, value, mode: 'json' });
    expect(json('{"type":"service_account","private_key":"-----BEGIN-----\\nCANARY\\n"}').success).toBe(true);
    const broken = json('{\n  "key": "CANARYvalue",\n  "other" 1\n}');
    expect(broken.success).toBe(false);
    const message = JSON.stringify(broken.error?.issues);
    // Where on line 3 is not said: the column would count what comes before it on that line.
    expect(message).toContain('at line 3, expected');
    expect(message).not.toContain('column');
    expect(message).not.toContain('CANARY');
    // The same text in single-line mode is stored as typed: only JSON mode adds the rule.
    expect(contract.writeSecret.input.safeParse({ ...ref, value: '{"key" 1}' }).success).toBe(true);
  });

  it('takes a typed value or a picked file, not both and not neither', () => {
    const handle = '0b6f3a52-4c1d-4e8a-9f3e-7d2c1b0a9e8f';
    expect(contract.writeSecret.input.safeParse({ ...ref, file: handle }).success).toBe(true);
    expect(contract.writeSecret.input.safeParse({ ...ref, file: handle, value: 'sk-x' }).success).toBe(false);
    expect(contract.writeSecret.input.safeParse({ ...ref }).success).toBe(false);
    expect(contract.writeSecret.input.safeParse({ ...ref, file: '../etc/passwd' }).success).toBe(false);
  });

  it('reads its messages as sentences (no "The value value …")', () => {
    const message = JSON.stringify(write('').error?.issues.map((issue) => issue.message));
    expect(message).toContain('Enter a value: it must not be empty.');
    expect(message).not.toMatch(/value value/i);
  });

  it('keeps zod defaults from echoing input anywhere in the contract', () => {
    const canary = 'CANARY Ü/..\u0430-9f2b';
    for (const name of channelNames) {
      const { input } = samples[name];
      const poisoned = Object.fromEntries(Object.keys(input).map((key) => [key, canary]));
      const attempts: unknown[] = [canary, { [canary]: canary }, { ...input, [canary]: 1 }, poisoned, { ...input, ...poisoned }];
      for (const attempt of attempts) {
        const result = contract[name].input.safeParse(attempt);
        if (result.success) continue;
        expect(JSON.stringify(result.error.issues.map((i) => i.message))).not.toContain('CANARY');
      }
    }
  });
});

describe('profiles', () => {
  const base = { id: 'ls', name: 'LocalStack', env: 'dev', readOnly: false } as const;
  const ok = (p: unknown) => profileSchema.safeParse(p).success;

  it('takes a slug id and an http(s) LocalStack endpoint without credentials', () => {
    expect(ok({ ...base, kind: 'localstack', endpoint: 'https://ls.internal:4566', region: 'eu-central-1' })).toBe(true);
    for (const endpoint of ['ftp://localhost:4566', 'localhost:4566', 'http://test:test@localhost:4566', 'http://localhost:4566/?a=1', 'javascript:alert(1)']) {
      expect(ok({ ...base, kind: 'localstack', endpoint, region: 'us-east-1' })).toBe(false);
    }
    for (const id of ['LS', 'my profile', '-ls', 'ls-', 'a'.repeat(65), '', 'l/s']) expect(ok({ ...base, id, kind: 'embedded' })).toBe(false);
    expect(ok({ ...base, kind: 'localstack', endpoint: 'http://localhost:4566', region: 'not a region' })).toBe(false);
  });

  it('takes AWS profile names as the ini files allow them', () => {
    for (const awsProfile of ['default', 'dev.admin', 'AdministratorAccess-123456789012', 'team/role@acct']) {
      expect(ok({ ...base, kind: 'aws', awsProfile })).toBe(true);
    }
    for (const awsProfile of ['', 'my profile', '[evil]', 'a]b', 'x=y', 'a#b', 'tab\there', 'пр']) {
      expect(ok({ ...base, kind: 'aws', awsProfile })).toBe(false);
    }
  });

  it('refuses fields of another kind and unknown kinds', () => {
    expect(ok({ ...base, kind: 'embedded', endpoint: 'http://localhost:4566' })).toBe(false);
    expect(ok({ ...base, kind: 'aws', awsProfile: 'default', secretAccessKey: 'x' })).toBe(false);
    expect(ok({ ...base, kind: 'vault' })).toBe(false);
  });
});
