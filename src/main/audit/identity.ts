/**
 * Who the backend says the app is, for the audit log's actor: STS GetCallerIdentity for AWS and
 * LocalStack profiles (with the very credentials, region and endpoint of the profile's secrets
 * client), the vault's own identity for the embedded profile. Cached per profile; a changed
 * (re-saved) profile is looked up again.
 *
 * A lookup never blocks a change: it is bounded in time, and a failure leaves the identity unknown
 * (the entry then names the OS user only). Failures are not cached, so a later change retries.
 */
import os from 'node:os';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Profile } from '../../shared/profiles';
import { addDateGuard } from '../../shared/sdk-date-guard';
import { stsClientConfig, type ClientFactoryDeps } from '../backends/client-factory';
import type { Logger } from '../log/index';

export interface CallerIdentity {
  readonly account?: string;
  readonly arn?: string;
}

export type IdentityLookup = (profile: Profile) => Promise<CallerIdentity>;

export const DEFAULT_IDENTITY_TIMEOUT_MS = 3_000;

/** The lookup the app uses: the vault's identity, or STS through the profile's own configuration. */
export function backendIdentityLookup(deps: ClientFactoryDeps): IdentityLookup {
  return async (profile) => {
    if (profile.kind === 'embedded') {
      const { identity } = await deps.getVault();
      return { account: identity.account, arn: identity.arn };
    }
    const client = addDateGuard(new STSClient(await stsClientConfig(profile, deps)));
    try {
      const answer = await client.send(new GetCallerIdentityCommand({}));
      return { ...(answer.Account && { account: answer.Account }), ...(answer.Arn && { arn: answer.Arn }) };
    } finally {
      client.destroy();
    }
  };
}

export interface IdentityCache {
  /** The identity for `profile`; with `lookup: false`, only what is already cached (no backend call). */
  get(profile: Profile, options?: { readonly lookup?: boolean }): Promise<CallerIdentity>;
}

/**
 * How long a looked-up identity is trusted. Credentials can change under an unchanged profile (an
 * `aws sso login` as another role, an edited credentials file), so the audit asks again after this.
 */
export const IDENTITY_TTL_MS = 10 * 60 * 1000;

export function createIdentityCache(options: {
  readonly lookup: IdentityLookup;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}): IdentityCache {
  const timeoutMs = options.timeoutMs ?? DEFAULT_IDENTITY_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  // Keyed by id, checked by object: the profile store replaces the object when a profile is saved.
  const cache = new Map<string, { profile: Profile; identity: CallerIdentity; at: number }>();

  async function lookUp(profile: Profile): Promise<CallerIdentity> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const identity = await Promise.race([options.lookup(profile), timeout]);
      cache.set(profile.id, { profile, identity, at: now() });
      return identity;
    } catch (error) {
      options.logger?.warn('caller identity unknown; the audit entry names the OS user only', { profileId: profile.id, kind: profile.kind, error });
      return {};
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async get(profile, { lookup = true } = {}) {
      const cached = cache.get(profile.id);
      const fresh = cached?.profile === profile && now() - cached.at < IDENTITY_TTL_MS;
      if (cached && fresh) return cached.identity;
      // Without a lookup, a stale identity is still better than none (it is what was true recently).
      if (!lookup) return cached?.profile === profile ? cached.identity : {};
      return lookUp(profile);
    },
  };
}

/** The operating-system account name; never throws (some containers have no passwd entry). */
export function currentOsUser(env: NodeJS.ProcessEnv = process.env): string {
  let name: string | undefined;
  try {
    name = os.userInfo().username;
  } catch {
    name = env.USER ?? env.USERNAME ?? env.LOGNAME;
  }
  // Control characters out, bounded: the audit entry's schema refuses anything else.
  const clean = (name ?? '').replace(/\p{Cc}/gu, '').slice(0, 256);
  return clean === '' ? 'unknown' : clean;
}
