/**
 * Client settings for a backend WITHOUT the blind guard: only `foundry-secrets verify` builds a
 * client from them (its own guarded reading client, verify-client.ts). Kept here, out of the app's
 * modules: lint forbids src/main, src/preload and src/renderer to import src/cli/reading.
 */
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import type { Profile } from '../../shared/profiles';
import { retrySettings, unguardedSettingsFor, type ClientFactoryDeps } from '../../main/backends/client-factory';

export async function unguardedClientConfig(profile: Profile, deps: ClientFactoryDeps): Promise<SecretsManagerClientConfig> {
  return { ...(await unguardedSettingsFor(profile, deps)), ...retrySettings() };
}
