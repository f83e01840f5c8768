/**
 * Writing a name whose deletion without recovery Secrets Manager is still completing (review
 * finding). AWS finishes a forced deletion in the background and refuses the name meanwhile as
 * "scheduled for deletion", while DescribeSecret already says it does not exist. The error must not
 * say "Restore it first" (a restore then fails: there is nothing to restore). On the real SDK
 * client the app builds, against a scripted fake that answers as AWS does in that window.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretsClient } from '../../../src/main/backends/client-factory';
import { createSecretsService } from '../../../src/main/secrets/service';
import type { Profile } from '../../../src/shared/profiles';
import { SecretValue } from '../../../src/shared/secret-value';
import { isAppError } from '../../../src/shared/errors';
import { Refusal, startScriptedSecretsBackend, type ScriptedSecretsBackend } from '../../fakes/fake-scripted-secrets-backend';

const REF = { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key' };
const AWS_TEXT = "You can't create this secret because a secret with this name is already scheduled for deletion.";

describe('a write in the window after a deletion without recovery', () => {
  let backend: ScriptedSecretsBackend;
  let profile: Profile;

  beforeEach(async () => {
    backend = await startScriptedSecretsBackend((operation) => (operation === 'CreateSecret' ? new Refusal('InvalidRequestException', AWS_TEXT) : undefined));
    profile = { kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: backend.endpoint, region: 'us-east-1' };
  });
  afterEach(async () => {
    await backend.close();
  });

  for (const path of ['write', 'put'] as const) {
    it(`${path}: says the deletion is being completed and to wait, not to restore`, async () => {
      const client = await createSecretsClient(profile, { getVault: () => Promise.reject(new Error('unused')) });
      try {
        const service = createSecretsService(client, profile);
        const input = { ...REF, value: new SecretValue('sk-force-window-0123456789') };
        const failure = await (path === 'write' ? service.write(input) : service.put(input, { token: '5d0c7c3e-5c55-4c3c-9a53-3b1b1d1c2e09', overwrite: false })).catch((error: unknown) => error);
        expect(isAppError(failure) && failure.code).toBe('SCHEDULED_FOR_DELETION');
        const message = isAppError(failure) ? failure.message : '';
        expect(message).toContain('still finishing');
        expect(message).not.toContain('Restore it first');
        expect(isAppError(failure) && failure.details).toMatchObject({ deletionInProgress: true });
      } finally {
        client.destroy();
      }
    });
  }
});
