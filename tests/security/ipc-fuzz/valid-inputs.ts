/**
 * A valid input for every channel, drawn from small pools of ids so that calls meet each other's
 * state (a write then a status, a profile saved then selected). The pools include ids that are
 * valid and also names of Object.prototype members (`constructor`, `prototype`, `tostring`): a
 * lookup in a plain object by such an id finds a function instead of nothing.
 *
 * `satisfies` over every channel name: a new channel does not compile until it gets a generator.
 */
import fc from 'fast-check';
import { CATALOG } from '../../../src/shared/catalog';
import type { ChannelInput, ChannelName } from '../../../src/shared/contract';
import { canaryText, canaryValue } from './canary';

export const PROFILE_IDS = ['embedded', 'ro', 'stage', 'prod', 'constructor', 'prototype', 'tostring', 'standin', 'aws-missing', 'x'.repeat(64)] as const;
export const ORG_IDS = ['acme', 'globex', 'constructor', 'prototype', 'tostring', 'valueof', 'a', '9', 'org-1_b', 'o'.repeat(64)] as const;
export const DOMAIN_IDS = ['shared', 'cards', 'constructor', 'ops', 'd'.repeat(64)] as const;
export const SECRET_NAMES = [...CATALOG.map((entry) => entry.secretName), 'constructor', 'prototype', 'custom_key', 'n'.repeat(100)] as const;

/** Handles and ids main handed out while the harness was seeded (real ones, so lookups can succeed). */
export interface Pools {
  readonly valueFileHandles: readonly string[];
  readonly importSourceIds: readonly string[];
  readonly jobIds: readonly string[];
  readonly snapshotIds: readonly string[];
  /** Drift reports main keeps (exportDrift finds them). */
  readonly driftIds: readonly string[];
  /** A LocalStack endpoint that answers (a served vault standing in for LocalStack). */
  readonly standinEndpoint: string;
  /** A loopback endpoint that closes every connection at once (a backend that is down). */
  readonly closedEndpoint: string;
}

const orgId = fc.constantFrom(...ORG_IDS);
const domainId = fc.constantFrom(...DOMAIN_IDS);
const secretName = fc.constantFrom(...SECRET_NAMES);
const profileId = fc.constantFrom(...PROFILE_IDS);
const env = fc.constantFrom('dev', 'staging', 'prod' as const);
/** A handle from the pool, or a fresh uuid main never issued. */
const idFrom = (pool: readonly string[]): fc.Arbitrary<string> => (pool.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid());

/** Secrets seed.ts keeps (anthropic_api_key scheduled for deletion) or its import writes: refs that find something. */
const SEEDED_REFS = [
  { orgId: 'acme', secretName: 'openai_api_key' },
  { orgId: 'acme', domainId: 'cards', secretName: 'github_token' },
  { orgId: 'globex', domainId: 'shared', secretName: 'custom_key' },
  { orgId: 'acme', secretName: 'anthropic_api_key' },
  { orgId: 'globex', secretName: 'n8n_api_key' },
  { orgId: 'initech', secretName: 'openai_api_key' },
] as const;

export const secretRef = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SEEDED_REFS).map((ref) => ({ ...ref })) },
  { weight: 3, arbitrary: fc.record({ orgId, domainId, secretName }, { requiredKeys: ['orgId', 'secretName'] }) },
);
const plainText = fc.oneof(fc.constantFrom('first', 'Rotated by ops', 'ünïcödé ✓', ''), fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).filter((s) => !/\p{Cc}/u.test(s)));
const recoveryWindowDays = fc.integer({ min: 7, max: 30 });
const auditFilters = fc.record(
  {
    orgId,
    profileId,
    actions: fc.subarray(['secret.write', 'secret.remove', 'profile.create', 'org.add'] as const, { minLength: 1 }),
    outcomes: fc.subarray(['attempt', 'success', 'failure'] as const, { minLength: 1 }),
    from: fc.constant('2020-01-01T00:00:00.000Z'),
  },
  { requiredKeys: [] },
);

export function profileArb(pools: Pick<Pools, 'standinEndpoint' | 'closedEndpoint'>, ids: fc.Arbitrary<string> = profileId) {
  const base = { id: ids, name: fc.constantFrom('Fuzz', 'Prod (read-only)', 'ünïcödé'), env, readOnly: fc.boolean() };
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('embedded' as const), ...base }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('localstack' as const),
        ...base,
        endpoint: fc.constantFrom(pools.standinEndpoint, pools.standinEndpoint, pools.closedEndpoint),
        region: fc.constant('us-east-1'),
      }),
    },
    {
      weight: 1,
      // No ~/.aws here (the harness points AWS_CONFIG_FILE at nothing): every call fails fast and typed.
      arbitrary: fc.record({ kind: fc.constant('aws' as const), ...base, awsProfile: fc.constantFrom('default', 'fuzz-missing'), region: fc.constant('eu-west-1') }, { requiredKeys: ['kind', 'id', 'name', 'env', 'readOnly', 'awsProfile'] }),
    },
  );
}

type ValidInputs = { readonly [C in ChannelName]: fc.Arbitrary<ChannelInput<C>> };

export function validInputs(pools: Pools): ValidInputs {
  const typedWrite = fc.tuple(secretRef, canaryValue, fc.boolean(), fc.option(plainText, { nil: undefined })).map(([ref, v, check, description]) => ({
    ...ref,
    value: v.value,
    ...(v.mode && { mode: v.mode }),
    ...(v.whitespace && { whitespace: v.whitespace }),
    // A live check only now and then: the provider is a fake answering in process, but each check is a write attempt more.
    ...(check && ref.secretName.startsWith('o') && { check: true }),
    ...(description !== undefined && { description }),
  }));
  const pairWrite = fc.tuple(orgId, canaryText, canaryText, fc.boolean()).map(([org, value, companion, check]) => ({
    orgId: org,
    secretName: 'livekit_api_key',
    value,
    companion,
    check,
  }));
  const fileWrite = fc.tuple(secretRef, idFrom(pools.valueFileHandles), fc.constantFrom(undefined, 'keep', 'trim' as const)).map(([ref, file, whitespace]) => ({
    ...ref,
    file,
    ...(whitespace && { whitespace }),
  }));
  const importOptions = fc.record(
    {
      sourceId: idFrom(pools.importSourceIds),
      orgId,
      domainId,
      includeCustom: fc.boolean(),
      overwrite: fc.boolean(),
      skipKeys: fc.subarray(['OPENAI_API_KEY', 'GITHUB_TOKEN', 'CUSTOM_TOKEN', 'constructor', '__proto__']),
    },
    { requiredKeys: ['sourceId', 'orgId', 'domainId'] },
  );
  const jobRef = fc.record({ jobId: idFrom(pools.jobIds) });
  return {
    listCatalog: fc.constant({}),
    listProfiles: fc.constant({}),
    selectProfile: fc.record({ id: profileId }),
    saveProfile: fc.record({ profile: profileArb(pools) }),
    removeProfile: fc.record({ id: profileId }),
    // Mostly the active (embedded) profile: a LocalStack health check is an HTTP round trip.
    testConnection: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 2, arbitrary: fc.record({ id: profileId }) }),
    // Fast either way: embedded and LocalStack answer "not applicable" without a call, aws ones fail at once (no ~/.aws).
    checkBlindAccess: fc.record({ profileId, refresh: fc.boolean() }, { requiredKeys: [] }),
    // Mostly the active (embedded) profile; "looking for" lists the env (bounded), so only now and then.
    runDiagnostics: fc.record({ profileId, secret: secretRef }, { requiredKeys: [] }),
    listOrgs: fc.constant({}),
    addOrg: fc.record({ orgId }),
    removeOrg: fc.record({ orgId }),
    // A refresh lists the whole env again: one in ten.
    loadFleet: fc.record({ refresh: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }, { requiredKeys: [] }),
    cancelFleet: fc.record({ snapshotId: idFrom(pools.snapshotIds) }),
    exportFleet: fc.record({ orgIds: fc.subarray([...ORG_IDS]) }, { requiredKeys: [] }),
    // Mostly no refresh (a saved profile's own env reuses its fleet snapshot); the same side twice is refused.
    compareDrift: fc.record(
      {
        requestId: fc.uuid(),
        left: fc.record({ profileId, env }, { requiredKeys: ['profileId'] }),
        right: fc.record({ profileId, env }, { requiredKeys: ['profileId'] }),
        skewDays: fc.integer({ min: 1, max: 3650 }),
        refresh: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      },
      { requiredKeys: ['requestId', 'left', 'right'] },
    ),
    cancelDrift: fc.record({ requestId: fc.uuid() }),
    exportDrift: fc.record({ driftId: idFrom(pools.driftIds), kinds: fc.subarray(['missing', 'scheduled', 'skew'] as const, { minLength: 1 }) }, { requiredKeys: ['driftId'] }),
    getSecretStatus: secretRef,
    listSecretStatus: fc.record({ orgId, domainId }, { requiredKeys: ['orgId'] }),
    pickValueFile: secretRef,
    discardValueFile: fc.record({ handle: idFrom(pools.valueFileHandles) }),
    writeSecret: fc.oneof({ weight: 6, arbitrary: typedWrite }, { weight: 1, arbitrary: pairWrite }, { weight: 2, arbitrary: fileWrite }),
    removeSecret: fc.tuple(secretRef, fc.oneof(recoveryWindowDays.map((days) => ({ kind: 'recoverable' as const, recoveryWindowDays: days })), fc.constant({ kind: 'force' as const }))).map(
      ([ref, mode]) => ({ ...ref, mode }),
    ),
    restoreSecret: secretRef,
    listAudit: fc.record(
      { filters: auditFilters, offset: fc.nat({ max: 50 }), limit: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 1, arbitrary: fc.constant(500) }) },
      { requiredKeys: [] },
    ),
    exportAudit: fc.record({ format: fc.constantFrom('csv', 'json' as const), filters: auditFilters }, { requiredKeys: ['format'] }),
    getKeyCheckSettings: fc.constant({}),
    saveKeyCheckSettings: fc.record({
      settings: fc.record({
        enabled: fc.boolean(),
        baseUrls: fc.record(
          { openai: fc.constantFrom('https://api.openai.com', 'http://127.0.0.1:9', 'https://proxy.example.invalid'), n8n: fc.constantFrom('https://n8n.example.invalid', 'http://localhost:5678') },
          { requiredKeys: [] },
        ),
      }),
    }),
    getFleetSettings: fc.constant({}),
    saveFleetSettings: fc.record({ settings: fc.record({ staleAfterDays: fc.integer({ min: 1, max: 3650 }) }) }),
    openImportSource: fc.record({ kind: fc.constantFrom('file', 'environment' as const) }),
    forgetImportSource: fc.record({ sourceId: idFrom(pools.importSourceIds) }),
    previewImport: importOptions,
    startImport: fc.tuple(importOptions, fc.option(env, { nil: undefined })).map(([options, confirmEnv]) => ({ ...options, ...(confirmEnv && { confirmEnv }) })),
    startBulk: fc
      .record(
        {
          orgIds: fc.uniqueArray(orgId, { minLength: 1, maxLength: 3 }),
          domainId,
          secretName,
          action: fc.oneof(
            canaryValue.map((v) => ({ kind: 'set' as const, value: v.value, ...(v.whitespace && { whitespace: v.whitespace }) })),
            recoveryWindowDays.map((days) => ({ kind: 'schedule-deletion' as const, recoveryWindowDays: days })),
            fc.constant({ kind: 'restore' as const }),
          ),
          confirmEnv: env,
        },
        { requiredKeys: ['orgIds', 'domainId', 'secretName', 'action'] },
      ),
    cancelJob: jobRef,
    getJob: jobRef,
    exportJobReport: fc.record({ jobId: idFrom(pools.jobIds), format: fc.constantFrom('csv', 'json' as const) }, { requiredKeys: ['jobId'] }),
    saveIamPolicy: fc.record(
      {
        role: fc.constantFrom('admin', 'support' as const),
        env: fc.constantFrom('dev', 'staging', 'prod' as const),
        org: orgId,
        account: fc.constantFrom('123456789012', '000000000001'),
        region: fc.constantFrom('us-east-1', 'cn-north-1', 'us-gov-west-1'),
        denyForceDelete: fc.boolean(),
      },
      { requiredKeys: ['role', 'env'] },
    ),
  } satisfies ValidInputs;
}
