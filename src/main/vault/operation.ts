import { randomBytes } from 'node:crypto';
import { awsErrors } from './errors';
import type { Op, SecretRecord, VaultState } from './model';
import type { PageTokens } from './page-tokens';

/** What an operation may use. Operations are synchronous: they read state and return ops to apply. */
export interface OperationContext {
  readonly state: VaultState;
  readonly now: number;
  readonly region: string;
  readonly accountId: string;
  readonly tokens: PageTokens;
}

export interface OperationResult {
  readonly output: Record<string, unknown>;
  readonly ops?: readonly Op[];
}

export type Operation = (ctx: OperationContext, input: unknown) => OperationResult;

const ARN_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newArn(ctx: OperationContext, name: string): string {
  const suffix = Array.from(randomBytes(6), (byte) => ARN_SUFFIX_ALPHABET[byte % ARN_SUFFIX_ALPHABET.length]).join('');
  return `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${name}-${suffix}`;
}

/** A secret by name, full ARN or partial ARN (the ARN without its "-XXXXXX" suffix), as AWS resolves them. */
export function findSecret(ctx: OperationContext, secretId: string): SecretRecord {
  const byArn = ctx.state.byArn.get(secretId);
  if (byArn) return byArn;
  let name = secretId;
  if (secretId.startsWith('arn:')) {
    const prefix = `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:`;
    if (!secretId.startsWith(prefix)) throw awsErrors.notFound();
    name = secretId.slice(prefix.length);
  }
  const arn = ctx.state.arnByName.get(name);
  const secret = arn === undefined ? undefined : ctx.state.byArn.get(arn);
  if (!secret) throw awsErrors.notFound();
  return secret;
}

/** As findSecret, but a secret scheduled for deletion cannot be used. */
export function findActiveSecret(ctx: OperationContext, secretId: string): SecretRecord {
  const secret = findSecret(ctx, secretId);
  if (secret.meta.deletedAt !== undefined) throw awsErrors.markedForDeletion();
  return secret;
}

/** Timestamps cross the wire as epoch seconds (AWS JSON 1.1). */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** LastAccessedDate has day resolution: midnight UTC of the access day. */
export function startOfDayUtc(ms: number): number {
  return ms - (ms % 86_400_000);
}

export function stagesByVersion(secret: SecretRecord): Record<string, string[]> {
  // Keyed by version ids, each one unique: a dictionary from the start (no prototype either), as
  // a plain {} gained a hidden-class transition per id and made a page of 100 cost milliseconds.
  const map = Object.create(null) as Record<string, string[]>;
  for (const version of secret.versionList()) if (version.stages.length > 0) map[version.id] = [...version.stages];
  return map;
}
