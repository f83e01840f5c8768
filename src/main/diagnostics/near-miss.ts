/**
 * "Looking for <secret id>": why the app says "not configured" when someone just wrote the secret.
 * The usual causes are a near miss — the secret exists, but under another env, another domain (the
 * org's shared fallback included), with a letter in another case, or with a one-letter typo in the
 * org, domain or name. Only names and deletion dates are used (ListSecrets / DescribeSecret through
 * the blind client); the listing is bounded by name prefixes and a page cap, and says when it was cut.
 */
import { DescribeSecretCommand, ListSecretsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DEFAULT_DOMAIN_ID, ENVS, SECRET_ID_PREFIX, buildSecretId, orgPrefix, parseSecretId, type Env } from '../../shared/naming';
import type { DiagnosticsSecret } from '../../shared/diagnostics';
import type { SecretPresence } from '../../shared/secret-fallback';
import { fromDescribe, presenceOf } from '../secrets/status';

export type NearMissKind = 'other-env' | 'other-domain' | 'shared-fallback' | 'case' | 'typo';

export interface NearMiss {
  readonly secretId: string;
  readonly kind: NearMissKind;
  /** Which part differs (for a typo or another env/domain). */
  readonly segment?: 'env' | 'org' | 'domain' | 'name';
  readonly scheduledForDeletion: boolean;
}

export interface LookupResult {
  readonly secretId: string;
  readonly exists: boolean;
  readonly scheduledForDeletion: boolean;
  readonly deletionDate?: string;
  /** What the id holds, as the app's status and the runtime reader judge it (src/shared/secret-fallback.ts). */
  readonly presence: SecretPresence;
  /** The org's `shared` secret of the same name (the fallback); absent when the id is itself in `shared`. */
  readonly sharedSecretId?: string;
  readonly sharedPresence?: SecretPresence;
  readonly nearMisses: readonly NearMiss[];
  /** Listed names left out because they do not fit the naming rules (a backend's text is shown only in a known form). */
  readonly unfit: number;
  /** Names looked at in the listings. */
  readonly listed: number;
  /** A listing stopped at its page cap: a near miss further on was not seen. */
  readonly truncated: boolean;
}

export const LOOKUP_LIMITS = { pageSize: 100, orgPages: 5, globalPages: 5, maxNearMisses: 10 } as const;

const SEGMENTS = ['env', 'org', 'domain', 'name'] as const;

/** True when `a` becomes `b` by one insertion, deletion, substitution or swap of two neighbours. */
export function isOneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let index = 0; index < a.length && diffs.length <= 2; index++) if (a[index] !== b[index]) diffs.push(index);
    if (diffs.length === 1) return true;
    const [first, second] = diffs as [number, number];
    return diffs.length === 2 && second === first + 1 && a[first] === b[second] && a[second] === b[first];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let index = 0;
  while (index < short.length && short[index] === long[index]) index++;
  return short.slice(index) === long.slice(index + 1);
}

/** How `candidate` (a listed name) nearly matches `target` (the id the app looks for), or null. */
export function classifyNearMiss(target: string, candidate: string): Omit<NearMiss, 'scheduledForDeletion' | 'secretId'> | null {
  if (candidate === target) return null;
  if (candidate.toLowerCase() === target.toLowerCase()) return { kind: 'case' };
  const want = target.slice(SECRET_ID_PREFIX.length).split('/');
  if (!candidate.startsWith(SECRET_ID_PREFIX)) return null;
  const got = candidate.slice(SECRET_ID_PREFIX.length).split('/');
  if (got.length !== 4 || want.length !== 4) return null;
  const differing = SEGMENTS.flatMap((segment, index) => (got[index] === want[index] ? [] : [{ segment, index }]));
  if (differing.length !== 1) return null;
  const [{ segment, index }] = differing as [{ segment: (typeof SEGMENTS)[number]; index: number }];
  if (segment === 'env') return (ENVS as readonly string[]).includes(got[index] ?? '') ? { kind: 'other-env', segment } : null;
  if (segment === 'domain' && got[index] === DEFAULT_DOMAIN_ID) return { kind: 'shared-fallback', segment };
  if (isOneEditApart(want[index] ?? '', got[index] ?? '')) return { kind: 'typo', segment };
  if (segment === 'domain') return { kind: 'other-domain', segment };
  return null;
}

/**
 * A listed name that may be shown: one of ours by the naming rules, or (for the "another letter
 * case" near miss) printable ASCII that is one of ours once lower-cased. Anything else is a
 * backend's text of unknown form — escapes, line breaks — and is only counted.
 */
export function fitsNamingRules(name: string): boolean {
  return parseSecretId(name) !== null || (/^[\x21-\x7e]+$/.test(name) && parseSecretId(name.toLowerCase()) !== null);
}

interface Listed {
  readonly name: string;
  readonly deleted: boolean;
}

async function listPrefix(client: SecretsManagerClient, prefix: string, maxPages: number, signal: AbortSignal): Promise<{ names: Listed[]; truncated: boolean }> {
  const names: Listed[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await client.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], IncludePlannedDeletion: true, MaxResults: LOOKUP_LIMITS.pageSize, NextToken: token }),
      { abortSignal: signal },
    );
    for (const entry of answer.SecretList ?? []) if (entry.Name) names.push({ name: entry.Name, deleted: entry.DeletedDate !== undefined });
    token = answer.NextToken;
    if (!token) return { names, truncated: false };
  }
  return { names, truncated: true };
}

interface Described {
  readonly exists: boolean;
  readonly deletionDate?: Date;
  readonly presence: SecretPresence;
}

async function describe(client: SecretsManagerClient, secretId: string, signal: AbortSignal): Promise<Described> {
  try {
    const answer = await client.send(new DescribeSecretCommand({ SecretId: secretId }), { abortSignal: signal });
    // The same reading of the metadata as the app's status, so "exists" here means what a card shows.
    const presence = presenceOf(fromDescribe(answer));
    return answer.DeletedDate ? { exists: true, deletionDate: answer.DeletedDate, presence } : { exists: true, presence };
  } catch (error) {
    if ((error as { name?: unknown }).name === 'ResourceNotFoundException') return { exists: false, presence: 'missing' };
    throw error;
  }
}

/** Where the app looks for `secret` in `env`, what is there, and what nearly matches. */
export async function lookForSecret(client: SecretsManagerClient, env: Env, secret: DiagnosticsSecret, signal: AbortSignal): Promise<LookupResult> {
  const domainId = secret.domainId ?? DEFAULT_DOMAIN_ID;
  const secretId = buildSecretId({ env, orgId: secret.orgId, domainId, secretName: secret.secretName });
  const exact = await describe(client, secretId, signal);

  // Exact lookups first (cheap and complete whatever the fleet's size), then the bounded listings.
  const sharedSecretId = domainId === DEFAULT_DOMAIN_ID ? undefined : buildSecretId({ env, orgId: secret.orgId, domainId: DEFAULT_DOMAIN_ID, secretName: secret.secretName });
  const exactCandidates = [
    ...ENVS.filter((other) => other !== env).map((other) => buildSecretId({ env: other, orgId: secret.orgId, domainId, secretName: secret.secretName })),
    ...(sharedSecretId ? [sharedSecretId] : []),
  ];
  const described = await Promise.all(exactCandidates.map(async (id) => ({ id, found: await describe(client, id, signal) })));
  const seen = new Map<string, Listed>();
  for (const { id, found } of described) if (found.exists) seen.set(id, { name: id, deleted: found.deletionDate !== undefined });

  const inOrg = await listPrefix(client, orgPrefix(env, secret.orgId), LOOKUP_LIMITS.orgPages, signal);
  const everywhere = await listPrefix(client, SECRET_ID_PREFIX, LOOKUP_LIMITS.globalPages, signal);
  for (const entry of [...inOrg.names, ...everywhere.names]) if (!seen.has(entry.name)) seen.set(entry.name, entry);

  const sharedPresence = described.find(({ id }) => id === sharedSecretId)?.found.presence;
  const nearMisses: NearMiss[] = [];
  let unfit = 0;
  for (const entry of seen.values()) {
    if (!fitsNamingRules(entry.name)) {
      unfit++;
      continue;
    }
    const near = classifyNearMiss(secretId, entry.name);
    if (near) nearMisses.push({ secretId: entry.name, ...near, scheduledForDeletion: entry.deleted });
  }
  const order: readonly NearMissKind[] = ['shared-fallback', 'other-env', 'case', 'typo', 'other-domain'];
  nearMisses.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.secretId.localeCompare(b.secretId));
  return {
    secretId,
    exists: exact.exists,
    scheduledForDeletion: exact.deletionDate !== undefined,
    ...(exact.deletionDate && { deletionDate: exact.deletionDate.toISOString() }),
    presence: exact.presence,
    ...(sharedSecretId && sharedPresence && { sharedSecretId, sharedPresence }),
    nearMisses: nearMisses.slice(0, LOOKUP_LIMITS.maxNearMisses),
    unfit,
    listed: inOrg.names.length + everywhere.names.length,
    truncated: inOrg.truncated || everywhere.truncated || nearMisses.length > LOOKUP_LIMITS.maxNearMisses,
  };
}
