import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, it } from 'vitest';
import { clientFor, rejectionOf, startVault, type TestClock } from './helpers';

describe('staging labels', () => {
  let client: SecretsManagerClient;
  let clock: TestClock;

  beforeEach(async () => {
    const started = await startVault();
    clock = started.clock;
    client = await clientFor(started.vault, 'in-process');
  });

  async function twoVersions() {
    const v1 = await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'one' }));
    const v2 = await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'two' }));
    return { v1: v1.VersionId as string, v2: v2.VersionId as string };
  }

  it('removes AWSPREVIOUS so the old value can no longer be read by stage', async () => {
    const { v1, v2 } = await twoVersions();
    await client.send(new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'AWSPREVIOUS', RemoveFromVersionId: v1 }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: 's' }))).VersionIdsToStages).toEqual({ [v2]: ['AWSCURRENT'] });
    expect((await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: 's', VersionStage: 'AWSPREVIOUS' })))).name).toBe('ResourceNotFoundException');
  });

  it('requires RemoveFromVersionId when the label sits on another version', async () => {
    const { v1, v2 } = await twoVersions();
    const error = await rejectionOf(client.send(new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'AWSCURRENT', MoveToVersionId: v1 })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toContain(v2);
  });

  it('rolls back by moving AWSCURRENT, and AWSPREVIOUS follows', async () => {
    const { v1, v2 } = await twoVersions();
    await client.send(new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'AWSCURRENT', MoveToVersionId: v1, RemoveFromVersionId: v2 }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: 's' }))).VersionIdsToStages).toEqual({ [v1]: ['AWSCURRENT'], [v2]: ['AWSPREVIOUS'] });
    expect((await client.send(new GetSecretValueCommand({ SecretId: 's' }))).SecretString).toBe('one');
  });

  it('refuses to remove AWSCURRENT without moving it', async () => {
    const { v2 } = await twoVersions();
    const error = await rejectionOf(client.send(new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'AWSCURRENT', RemoveFromVersionId: v2 })));
    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  it('keeps deprecated versions until there are more than 100 and they are a day old', async () => {
    await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'v0' }));
    for (let i = 1; i <= 105; i += 1) await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: `v${i}` }));
    const count = async () => (await client.send(new ListSecretVersionIdsCommand({ SecretId: 's', IncludeDeprecated: true, MaxResults: 100 }))).Versions?.length ?? 0;
    const pages = async () => {
      let total = 0;
      let NextToken: string | undefined;
      do {
        const page = await client.send(new ListSecretVersionIdsCommand({ SecretId: 's', IncludeDeprecated: true, MaxResults: 40, NextToken }));
        total += page.Versions?.length ?? 0;
        NextToken = page.NextToken;
      } while (NextToken);
      return total;
    };
    expect(await count()).toBe(100);
    expect(await pages()).toBe(106); // all younger than 24 hours: nothing pruned yet
    clock.advanceDays(1);
    await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'latest' }));
    expect(await pages()).toBe(100);
    expect((await client.send(new GetSecretValueCommand({ SecretId: 's' }))).SecretString).toBe('latest');
    expect((await client.send(new GetSecretValueCommand({ SecretId: 's', VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('v105');
  });
});
