/**
 * A job's put without overwrite, when the answer to its CreateSecret is lost and the SDK's retry
 * is told the name is taken (review finding): the name is taken by that very request, so the item
 * was written, not "exists already: skipped". The secret is read back (DescribeSecret, never a
 * value) and the version carrying the job's ClientRequestToken tells the two apart. AWS ignores a
 * repeated CreateSecret with the same token and value (facts sheet §1.4), and so does the embedded
 * vault; LocalStack ignores the token (its issue #5299) and answers ResourceExistsException, as the
 * retry here does. On the real SDK client against the embedded vault; the lost answer is a
 * connection reset after the vault has stored the secret, which the SDK retries as transient.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBlind } from '../../../src/main/secrets/blind-client';
import { createSecretsService } from '../../../src/main/secrets/service';
import type { Vault } from '../../../src/main/vault/index';
import type { Profile } from '../../../src/shared/profiles';
import { SecretValue } from '../../../src/shared/secret-value';
import { startVault } from '../../vault/helpers';

const DEV: Profile = { id: 'embedded', name: 'Embedded vault', kind: 'embedded', env: 'dev', readOnly: false };
const REF = { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key' };
const TOKEN = '0d5c7c3e-5c55-4c3c-9a53-3b1b1d1c2e01';

describe('put without overwrite, when the answer to its CreateSecret was lost', () => {
  let vault: Vault;
  let client: SecretsManagerClient;
  let sent: string[];

  beforeEach(async () => {
    ({ vault } = await startVault());
    client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 3 });
    sent = [];
    let creates = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName ?? '');
        const result = await next(args);
        if (context.commandName === 'CreateSecretCommand') {
          creates += 1;
          // The vault stored it; its answer never arrives.
          if (creates === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: {} });
          // The retry, answered as LocalStack answers a name taken, whatever the token.
          if (creates === 2) throw Object.assign(new Error('scripted: exists'), { name: 'ResourceExistsException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
        }
        return result;
      },
      { step: 'deserialize', name: 'loseFirstCreateAnswer' },
    );
  });
  afterEach(() => {
    client.destroy(); // the vault is closed by the helpers' own afterEach
  });

  it('reports it created (the version is its own), not "exists"', async () => {
    const outcome = await createSecretsService(makeBlind(client), DEV).put({ ...REF, value: new SecretValue('sk-lost-create-0123456789') }, { token: TOKEN, overwrite: false });
    expect(sent.slice(0, 2)).toEqual(['CreateSecretCommand', 'CreateSecretCommand']);
    expect(outcome.outcome).toBe('created');
  });

  it('still reports "exists" for a secret someone else created', async () => {
    const other = createSecretsService(makeBlind(new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 })), DEV);
    await other.put({ ...REF, value: new SecretValue('sk-someone-else-0123456789') }, { token: '7a1f2b3c-0000-4000-8000-000000000001', overwrite: false });
    // Their create is stored first; this job's own create is then refused as a taken name.
    const outcome = await createSecretsService(makeBlind(client), DEV).put({ ...REF, value: new SecretValue('sk-lost-create-0123456789') }, { token: TOKEN, overwrite: false });
    expect(outcome.outcome).toBe('exists');
  });
});
