/**
 * The secrets service: status · list-status · write · remove · restore · orgs, over a blind
 * SecretsManagerClient. A value enters through `write` as a `SecretValue` and is revealed only
 * inside the SDK command that stores it; no method returns it, and no error built here quotes it.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CATALOG } from '../../shared/catalog';
import { AppError } from '../../shared/errors';
import { DEFAULT_DOMAIN_ID, buildSecretId, envPrefix, orgPrefix, type Env } from '../../shared/naming';
import type { Profile } from '../../shared/profiles';
import type { OrgList, RemoveSecretInput, SecretRef, SecretStatus, SecretStatusList, WriteSecretResult } from '../../shared/secrets';
import type { SecretValue } from '../../shared/secret-value';
import { toAppError } from '../backends/sdk-errors';
import { listUnderPrefix, type ListedSecret } from './listing';
import { effectiveStatus, fromDescribe, isConfigured, type SecretMetadata } from './status';

/** What the service stores: a resolved value (typed or from a file), whitespace choice already applied. */
export interface StoreValueInput extends SecretRef {
  readonly value: SecretValue;
  readonly description?: string | undefined;
}

/** Text goes as SecretString, bytes (a binary file) as SecretBinary: exactly one, as AWS requires. */
function payloadOf(value: SecretValue): { SecretString: string } | { SecretBinary: Uint8Array } {
  const content = value.reveal();
  return typeof content === 'string' ? { SecretString: content } : { SecretBinary: content };
}

/**
 * What `put` did: created the secret, stored the first value of one that existed without a value
 * (a secret created by infrastructure code before anyone set it), added a version to it, or left
 * an existing one alone.
 */
export type PutOutcome = { readonly outcome: 'created' | 'filled' | 'overwritten'; readonly status: SecretStatus } | { readonly outcome: 'exists' };

export interface PutOptions {
  /** The ClientRequestToken: the same token and value never add a second version (a retry, a re-run). */
  readonly token: string;
  /** Add a version to an existing secret; otherwise leave it as it is (`exists`). */
  readonly overwrite: boolean;
}

export interface SecretsService {
  status(ref: SecretRef): Promise<SecretStatus>;
  /**
   * A write for bulk jobs, one round trip in the common case: CreateSecret first (a bulk import
   * mostly fills gaps), and only when the secret exists, a new version if `overwrite`.
   */
  put(input: StoreValueInput, options: PutOptions): Promise<PutOutcome>;
  listStatus(orgId: string, domainId?: string): Promise<SecretStatusList>;
  write(input: StoreValueInput): Promise<Omit<WriteSecretResult, 'keyCheck'>>;
  remove(input: RemoveSecretInput): Promise<SecretStatus>;
  restore(ref: SecretRef): Promise<SecretStatus>;
  listOrgs(addedOrgIds: readonly string[]): Promise<OrgList>;
  /** Throws READ_ONLY_PROFILE when the profile may not change `ref`: for work that must not start then (a key check). */
  assertWritable(ref: SecretRef): void;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/**
 * The per-org view from the listed secrets of one org (every domain; no backend call): the
 * catalog first, in its order, then custom names found in this domain or inherited from shared.
 * `listStatus` builds it from a listing, the fleet snapshot from what it holds.
 */
export function statusListOf(env: Env, orgId: string, domainId: string, listed: Iterable<ListedSecret>): SecretStatusList {
  const inDomain = new Map<string, SecretMetadata>();
  const inShared = new Map<string, SecretMetadata>();
  const domains = new Set<string>([DEFAULT_DOMAIN_ID, domainId]);
  for (const { id, meta } of listed) {
    if (id.orgId !== orgId) continue;
    domains.add(id.domainId);
    if (id.domainId === domainId) inDomain.set(id.secretName, meta);
    if (id.domainId === DEFAULT_DOMAIN_ID) inShared.set(id.secretName, meta);
  }
  const names = [...CATALOG.map((entry) => entry.secretName)];
  const custom = [...new Set([...inDomain.keys(), ...(domainId === DEFAULT_DOMAIN_ID ? [] : inShared.keys())])].filter((name) => !names.includes(name)).sort();
  const secrets = [...names, ...custom].map((secretName) => effectiveStatus({ env, orgId, domainId, secretName }, inDomain.get(secretName), inShared.get(secretName)));
  return { orgId, domainId, env, domains: [...domains].sort(), secrets };
}

/** The org list from the listed secrets of an env and the orgs added by hand (no backend call). */
export function orgListOf(env: Env, addedOrgIds: readonly string[], listed: Iterable<ListedSecret>): OrgList {
  const orgs = new Map<string, { domains: Set<string>; secretCount: number }>();
  for (const orgId of addedOrgIds) orgs.set(orgId, { domains: new Set([DEFAULT_DOMAIN_ID]), secretCount: 0 });
  for (const { id, meta } of listed) {
    const org = orgs.get(id.orgId) ?? { domains: new Set([DEFAULT_DOMAIN_ID]), secretCount: 0 };
    org.domains.add(id.domainId);
    if (meta.deletedDate === undefined) org.secretCount += 1;
    orgs.set(id.orgId, org);
  }
  return {
    env,
    orgs: [...orgs]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([orgId, org]) => ({ orgId, domains: [...org.domains].sort(), secretCount: org.secretCount, added: addedOrgIds.includes(orgId) })),
  };
}

export function createSecretsService(client: SecretsManagerClient, profile: Profile): SecretsService {
  const env = profile.env;
  const idOf = (ref: SecretRef): string => buildSecretId({ env, ...ref });

  /** Runs one backend step, mapping any failure to an AppError that names the secret. */
  async function call<T>(secretId: string | undefined, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw toAppError(error, { profile, ...(secretId !== undefined && { secretId }) });
    }
  }

  async function describe(secretId: string): Promise<SecretMetadata | undefined> {
    try {
      return fromDescribe(await client.send(new DescribeSecretCommand({ SecretId: secretId })));
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return undefined;
      throw toAppError(error, { profile, secretId });
    }
  }

  async function status(ref: SecretRef): Promise<SecretStatus> {
    const own = await describe(idOf(ref));
    // The shared secret matters only for a domain secret that has no value of its own (and is not scheduled).
    const needsShared = ref.domainId !== DEFAULT_DOMAIN_ID && own?.deletedDate === undefined && !isConfigured(own);
    const shared = needsShared ? await describe(idOf({ ...ref, domainId: DEFAULT_DOMAIN_ID })) : undefined;
    return effectiveStatus({ env, ...ref }, own, shared);
  }

  function assertWritable(secretId: string): void {
    if (profile.readOnly) {
      throw new AppError('READ_ONLY_PROFILE', `Profile "${profile.name}" is read-only, so ${secretId} was not changed. Switch to a profile that allows changes.`, {
        profileId: profile.id,
        secretId,
      });
    }
  }

  /** Maps a failed change; a secret scheduled for deletion gets its date and the way out. */
  async function changeError(error: unknown, secretId: string): Promise<AppError> {
    const mapped = toAppError(error, { profile, secretId });
    if (mapped.code !== 'SCHEDULED_FOR_DELETION') return mapped;
    const meta = await describe(secretId).catch(() => null);
    if (meta === undefined) {
      // Refused as scheduled for deletion, yet not there: a deletion without recovery, which AWS
      // completes in the background. Nothing can be restored; the name is free again shortly.
      return new AppError(
        'SCHEDULED_FOR_DELETION',
        `${secretId} was deleted without recovery a moment ago and Secrets Manager is still finishing that deletion. Nothing can be restored; wait a minute, then write the value again.`,
        { secretId, deletionInProgress: true },
      );
    }
    const when = meta?.deletedDate?.toISOString();
    return new AppError(
      'SCHEDULED_FOR_DELETION',
      `${secretId} is scheduled for deletion${when ? ` on ${when}` : ''}. Restore it first, then write the new value.`,
      { secretId, ...(when && { deletionDate: when }) },
    );
  }

  /**
   * After an overwrite, AWS keeps the old value under AWSPREVIOUS. Taking the label off makes it
   * unreadable by stage; the version itself stays (unlabelled) until Secrets Manager prunes it.
   * Best effort: the new value is already stored, so a failure here (a concurrent writer moved the
   * label first; a role without UpdateSecretVersionStage) must not turn the write into an error.
   */
  async function forgetPrevious(secretId: string): Promise<SecretMetadata | undefined> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const meta = await describe(secretId);
      const previous = meta && Object.entries(meta.stages).find(([, stages]) => stages.includes('AWSPREVIOUS'))?.[0];
      if (!meta || !previous) return meta;
      try {
        await client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSPREVIOUS', RemoveFromVersionId: previous }));
      } catch {
        continue; // look again: another writer may have moved the label meanwhile
      }
      const stages: Record<string, string[]> = {};
      for (const [id, labels] of Object.entries(meta.stages)) {
        const kept = labels.filter((label) => label !== 'AWSPREVIOUS');
        if (kept.length > 0) stages[id] = kept;
      }
      return { ...meta, stages };
    }
    return describe(secretId);
  }

  /**
   * Create when absent, else add a version. It looks first (DescribeSecret), so rotating an
   * existing secret never needs secretsmanager:CreateSecret; if another writer creates the secret
   * between the look and the create, the create's ResourceExists falls back to a new version.
   */
  async function write(input: StoreValueInput): Promise<Omit<WriteSecretResult, 'keyCheck'>> {
    const ref: SecretRef = { orgId: input.orgId, domainId: input.domainId, secretName: input.secretName };
    const secretId = idOf(ref);
    assertWritable(secretId);
    // One token per write: the SDK's retries of this request are then idempotent on the server.
    const token = randomUUID();
    // What is known for certain once the value is stored, if reading the secret back fails.
    const stored = (): SecretMetadata => ({ name: secretId, stages: { [token]: ['AWSCURRENT'] } });
    const existing = await describe(secretId);
    if (existing === undefined) {
      try {
        await client.send(
          new CreateSecretCommand({ Name: secretId, ...payloadOf(input.value), ClientRequestToken: token, ...(input.description !== undefined && { Description: input.description }) }),
        );
        // Stored: from here on nothing may turn the write into a failure (a retry would write again).
        const created = await describe(secretId).catch(() => undefined);
        return { status: effectiveStatus({ env, ...ref }, created ?? stored(), undefined), versionId: token, created: true };
      } catch (error) {
        if (errorName(error) !== 'ResourceExistsException') throw await changeError(error, secretId);
      }
    }
    // The description first: if it is refused, nothing has been stored yet and the error is plain.
    if (input.description !== undefined && input.description !== existing?.description) {
      await call(secretId, () => client.send(new UpdateSecretCommand({ SecretId: secretId, Description: input.description })));
    }
    try {
      await client.send(new PutSecretValueCommand({ SecretId: secretId, ...payloadOf(input.value), ClientRequestToken: token }));
    } catch (error) {
      throw await changeError(error, secretId);
    }
    const after = await forgetPrevious(secretId).catch(() => undefined);
    return { status: effectiveStatus({ env, ...ref }, after ?? stored(), undefined), versionId: token, created: false };
  }

  async function put(input: StoreValueInput, options: PutOptions): Promise<PutOutcome> {
    const ref: SecretRef = { orgId: input.orgId, domainId: input.domainId, secretName: input.secretName };
    const secretId = idOf(ref);
    assertWritable(secretId);
    const now = new Date();
    // What is known for certain once the value is stored (no read-back: one round trip per item).
    const stored = (created: boolean): SecretStatus =>
      effectiveStatus({ env, ...ref }, { name: secretId, stages: { [options.token]: ['AWSCURRENT'] }, ...(created && { createdAt: now }), lastChangedAt: now }, undefined);
    try {
      await client.send(new CreateSecretCommand({ Name: secretId, ...payloadOf(input.value), ClientRequestToken: options.token }));
      return { outcome: 'created', status: stored(true) };
    } catch (error) {
      if (errorName(error) !== 'ResourceExistsException') throw await changeError(error, secretId);
    }
    // It exists. Without a value (and not scheduled for deletion) it is filled, not overwritten.
    const existing = options.overwrite ? undefined : await describe(secretId);
    // Unless it exists because of this very request: an SDK retry of a CreateSecret whose answer
    // was lost, on a backend that answers a repeated token with ResourceExists (LocalStack ignores
    // the token; AWS ignores the repeat). The job's token is then one of its versions.
    if (existing !== undefined && Object.hasOwn(existing.stages, options.token)) return { outcome: 'created', status: effectiveStatus({ env, ...ref }, existing, undefined) };
    const empty = existing !== undefined && existing.deletedDate === undefined && !isConfigured(existing);
    if (!options.overwrite && !empty) return { outcome: 'exists' };
    try {
      await client.send(new PutSecretValueCommand({ SecretId: secretId, ...payloadOf(input.value), ClientRequestToken: options.token }));
    } catch (error) {
      throw await changeError(error, secretId);
    }
    const after = await forgetPrevious(secretId).catch(() => undefined);
    return { outcome: empty ? 'filled' : 'overwritten', status: after ? effectiveStatus({ env, ...ref }, after, undefined) : stored(false) };
  }

  async function remove(input: RemoveSecretInput): Promise<SecretStatus> {
    const ref: SecretRef = { orgId: input.orgId, domainId: input.domainId, secretName: input.secretName };
    const secretId = idOf(ref);
    assertWritable(secretId);
    const options = input.mode.kind === 'force' ? { ForceDeleteWithoutRecovery: true } : { RecoveryWindowInDays: input.mode.recoveryWindowDays };
    if (input.mode.kind === 'force' && (await describe(secretId)) === undefined) {
      // AWS answers a forced delete of a missing secret with success; say plainly that nothing was there.
      throw new AppError('NOT_FOUND', `${secretId} does not exist, so there was nothing to delete.`, { secretId });
    }
    await call(secretId, () => client.send(new DeleteSecretCommand({ SecretId: secretId, ...options })));
    if (input.mode.kind === 'recoverable') return status(ref);
    // A forced delete completes asynchronously on AWS: report the outcome instead of re-reading it.
    const shared = ref.domainId === DEFAULT_DOMAIN_ID ? undefined : await describe(idOf({ ...ref, domainId: DEFAULT_DOMAIN_ID }));
    return effectiveStatus({ env, ...ref }, undefined, shared);
  }

  async function restore(ref: SecretRef): Promise<SecretStatus> {
    const secretId = idOf(ref);
    assertWritable(secretId);
    await call(secretId, () => client.send(new RestoreSecretCommand({ SecretId: secretId })));
    return status(ref);
  }

  async function listStatus(orgId: string, domainId: string = DEFAULT_DOMAIN_ID): Promise<SecretStatusList> {
    const listed = await call(undefined, () => listUnderPrefix(client, orgPrefix(env, orgId)));
    return statusListOf(env, orgId, domainId, listed);
  }

  async function listOrgs(addedOrgIds: readonly string[]): Promise<OrgList> {
    const listed = await call(undefined, () => listUnderPrefix(client, envPrefix(env)));
    return orgListOf(env, addedOrgIds, listed);
  }

  return { status, listStatus, write, put, remove, restore, listOrgs, assertWritable: (ref) => assertWritable(idOf(ref)) };
}
