import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  RestoreSecretCommand,
  TagResourceCommand,
  UpdateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, it } from 'vitest';
import { TRANSPORTS, clientFor, rejectionOf, startVault, type TestClock } from './helpers';

const DAY = 86_400_000;

describe.each(TRANSPORTS)('deletion lifecycle over %s', (transport) => {
  let client: SecretsManagerClient;
  let clock: TestClock;

  beforeEach(async () => {
    const started = await startVault();
    clock = started.clock;
    client = await clientFor(started.vault, transport);
    await client.send(new CreateSecretCommand({ Name: 'app/key', SecretString: 'value' }));
  });

  it('schedules deletion with the default 30-day window; only Describe and Restore still work', async () => {
    const deleted = await client.send(new DeleteSecretCommand({ SecretId: 'app/key' }));
    expect(deleted.DeletionDate).toEqual(new Date(clock.now + 30 * DAY));
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'app/key' }));
    expect(described.DeletedDate).toEqual(new Date(clock.now + 30 * DAY));

    for (const call of [
      client.send(new GetSecretValueCommand({ SecretId: 'app/key' })),
      client.send(new PutSecretValueCommand({ SecretId: 'app/key', SecretString: 'x' })),
      client.send(new UpdateSecretCommand({ SecretId: 'app/key', Description: 'x' })),
      client.send(new TagResourceCommand({ SecretId: 'app/key', Tags: [{ Key: 'k', Value: 'v' }] })),
      client.send(new CreateSecretCommand({ Name: 'app/key', SecretString: 'x' })),
      client.send(new DeleteSecretCommand({ SecretId: 'app/key' })),
    ]) {
      expect(await rejectionOf(call)).toBeInstanceOf(InvalidRequestException);
    }
    expect((await client.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
    const planned = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    expect(planned.SecretList?.map((s) => [s.Name, s.DeletedDate])).toEqual([['app/key', new Date(clock.now + 30 * DAY)]]);

    await client.send(new RestoreSecretCommand({ SecretId: 'app/key' }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: 'app/key' }))).DeletedDate).toBeUndefined();
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'app/key' }))).SecretString).toBe('value');
  });

  it('purges the secret when the recovery window has passed, and the name can be used again with a new ARN', async () => {
    const original = await client.send(new DescribeSecretCommand({ SecretId: 'app/key' }));
    await client.send(new DeleteSecretCommand({ SecretId: 'app/key', RecoveryWindowInDays: 7 }));
    clock.advanceDays(6);
    expect((await client.send(new DescribeSecretCommand({ SecretId: 'app/key' }))).DeletedDate).toBeDefined();
    clock.advanceDays(1);
    expect(await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: 'app/key' })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await rejectionOf(client.send(new RestoreSecretCommand({ SecretId: 'app/key' })))).toBeInstanceOf(ResourceNotFoundException);
    const recreated = await client.send(new CreateSecretCommand({ Name: 'app/key', SecretString: 'new' }));
    expect(recreated.ARN).not.toBe(original.ARN);
  });

  it('purges each secret as its own window ends; a restored one stays, one scheduled again follows its new date', async () => {
    // Windows of 7, 8, … 12 days, scheduled out of order.
    const windows = [10, 7, 12, 8, 11, 9];
    for (const [index, days] of windows.entries()) {
      await client.send(new CreateSecretCommand({ Name: `app/w${index}`, SecretString: 'v' }));
      await client.send(new DeleteSecretCommand({ SecretId: `app/w${index}`, RecoveryWindowInDays: days }));
    }
    await client.send(new RestoreSecretCommand({ SecretId: 'app/w1' })); // the 7-day one
    clock.advanceDays(1);
    await client.send(new DeleteSecretCommand({ SecretId: 'app/w1', RecoveryWindowInDays: 30 })); // now due in 31 days from the start
    const remaining = async () =>
      ((await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true, Filters: [{ Key: 'name', Values: ['app/w'] }] }))).SecretList ?? [])
        .map((secret) => secret.Name)
        .sort();
    for (let day = 2; day <= 13; day += 1) {
      clock.advanceDays(1);
      const expected = windows.flatMap((days, index) => (index === 1 || days > day ? [`app/w${index}`] : []));
      expect(await remaining(), `day ${day}`).toEqual(expected.sort());
    }
    clock.advanceDays(31 - 13);
    expect(await remaining()).toEqual([]);
  });

  it('force-deletes at once, even a secret already scheduled, and is quiet about one that does not exist', async () => {
    await client.send(new DeleteSecretCommand({ SecretId: 'app/key', RecoveryWindowInDays: 10 }));
    const forced = await client.send(new DeleteSecretCommand({ SecretId: 'app/key', ForceDeleteWithoutRecovery: true }));
    expect(forced.DeletionDate).toEqual(new Date(clock.now));
    expect(await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: 'app/key' })))).toBeInstanceOf(ResourceNotFoundException);
    const missing = await client.send(new DeleteSecretCommand({ SecretId: 'never/existed', ForceDeleteWithoutRecovery: true }));
    expect(missing.Name).toBe('never/existed');
    await client.send(new CreateSecretCommand({ Name: 'app/key', SecretString: 'again' }));
  });

  it.each([
    [{ RecoveryWindowInDays: 6 }],
    [{ RecoveryWindowInDays: 31 }],
    [{ RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }],
  ])('rejects an invalid deletion request %o', async (options) => {
    expect(await rejectionOf(client.send(new DeleteSecretCommand({ SecretId: 'app/key', ...options })))).toBeInstanceOf(InvalidParameterException);
  });

  it('does not force-delete-quietly without force: an unknown secret is ResourceNotFound', async () => {
    expect(await rejectionOf(client.send(new DeleteSecretCommand({ SecretId: 'nope' })))).toBeInstanceOf(ResourceNotFoundException);
  });
});
