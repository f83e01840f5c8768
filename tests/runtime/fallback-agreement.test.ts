/**
 * The reader and the app's status agree on every case of the domain → shared fallback: for each
 * state of a domain secret × each state of the org's shared secret, what the app's status says
 * (effectiveStatus, from DescribeSecret metadata, as the app computes it) is what the reader returns:
 * configured → the domain's value, inherited → the shared value, not configured / scheduled → null.
 */
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveStatus, fromDescribe, type SecretMetadata } from '../../src/main/secrets/status';
import { effectiveSource, type SecretPresence } from '../../src/shared/secret-fallback';
import { createEmpty, put, readerFor, scheduleDeletion, secretId, servedVault, type ServedVault } from './helpers';

const STATES: readonly SecretPresence[] = ['missing', 'current', 'no-current-version', 'scheduled-for-deletion'];
const ORG = 'agree-org';

async function make(admin: SecretsManagerClient, id: string, state: SecretPresence, value: string): Promise<void> {
  if (state === 'missing') return;
  if (state === 'no-current-version') return createEmpty(admin, id);
  await put(admin, id, value);
  if (state === 'scheduled-for-deletion') await scheduleDeletion(admin, id);
}

async function describe_(admin: SecretsManagerClient, id: string): Promise<SecretMetadata | undefined> {
  try {
    return fromDescribe(await admin.send(new DescribeSecretCommand({ SecretId: id })));
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

describe('reader ≡ app status, for every combination', () => {
  let served: ServedVault;
  // One secret name per combination, so each case has its own pair of secrets.
  const cases = STATES.flatMap((own) => STATES.map((shared) => ({ own, shared, name: `k_${STATES.indexOf(own)}${STATES.indexOf(shared)}` })));

  beforeAll(async () => {
    served = await servedVault();
    for (const { own, shared, name } of cases) {
      await make(served.admin, secretId(ORG, 'card', name), own, `agree-own-${name}`);
      await make(served.admin, secretId(ORG, 'shared', name), shared, `agree-shared-${name}`);
    }
  });

  it.each(cases)('domain secret $own, shared secret $shared', async ({ own, shared, name }) => {
    const ownMeta = await describe_(served.admin, secretId(ORG, 'card', name));
    const sharedMeta = await describe_(served.admin, secretId(ORG, 'shared', name));
    const status = effectiveStatus({ env: 'dev', orgId: ORG, domainId: 'card', secretName: name }, ownMeta, sharedMeta);
    const read = await readerFor(served).getSecret({ orgId: ORG, domainId: 'card', secretName: name });
    const expected = { configured: `agree-own-${name}`, inherited: `agree-shared-${name}`, 'not-configured': null, 'scheduled-for-deletion': null }[status.state];
    expect(read).toBe(expected);
    // And both come from the one shared decision.
    const source = effectiveSource('card', own, shared);
    expect({ own: 'configured', shared: 'inherited', none: 'not-configured', scheduled: 'scheduled-for-deletion' }[source]).toBe(status.state);
  });

  it('in the shared domain itself, the shared secret is the own one (no fallback)', async () => {
    for (const { shared, name } of cases) {
      const meta = await describe_(served.admin, secretId(ORG, 'shared', name));
      const status = effectiveStatus({ env: 'dev', orgId: ORG, domainId: 'shared', secretName: name }, meta, meta);
      const read = await readerFor(served).getSecret({ orgId: ORG, secretName: name });
      expect(read, `${shared}`).toBe(status.state === 'configured' ? `agree-shared-${name}` : null);
    }
  });
});
