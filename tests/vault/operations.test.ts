import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerServiceException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, it } from 'vitest';
import { TRANSPORTS, clientFor, rejectionOf, startVault, type TestClock } from './helpers';

describe.each(TRANSPORTS)('vault operations over %s', (transport) => {
  let client: SecretsManagerClient;
  let clock: TestClock;
  let arnPrefix: string;

  beforeEach(async () => {
    const started = await startVault();
    clock = started.clock;
    client = await clientFor(started.vault, transport);
    arnPrefix = `arn:aws:secretsmanager:${started.vault.region}:${started.vault.accountId}:secret:`;
  });

  it('creates a secret with an AWS-shaped ARN and finds it by name, full ARN and partial ARN', async () => {
    const created = await client.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/acme/shared/openai_api_key', SecretString: 'sk-1', Description: 'OpenAI' }));
    expect(created.ARN).toMatch(new RegExp(`^${arnPrefix.replace(/[/.]/g, '\\$&')}agentfoundry/dev/acme/shared/openai_api_key-[A-Za-z0-9]{6}$`));
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    for (const id of [created.Name, created.ARN, `${arnPrefix}agentfoundry/dev/acme/shared/openai_api_key`]) {
      const described = await client.send(new DescribeSecretCommand({ SecretId: id }));
      expect(described.ARN).toBe(created.ARN);
      expect(described.Description).toBe('OpenAI');
      expect(described.CreatedDate).toEqual(new Date(clock.now));
      expect(described.VersionIdsToStages).toEqual({ [created.VersionId as string]: ['AWSCURRENT'] });
    }
  });

  it('answers an unknown secret with ResourceNotFoundException', async () => {
    const error = await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: 'nope' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('moves AWSCURRENT to a new value and AWSPREVIOUS to the old one; older versions become deprecated', async () => {
    const v1 = await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'one' }));
    const v2 = await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'two' }));
    const v3 = await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'three' }));
    expect(v3.VersionStages).toEqual(['AWSCURRENT']);
    const described = await client.send(new DescribeSecretCommand({ SecretId: 's' }));
    expect(described.VersionIdsToStages).toEqual({ [v2.VersionId as string]: ['AWSPREVIOUS'], [v3.VersionId as string]: ['AWSCURRENT'] });
    expect((await client.send(new GetSecretValueCommand({ SecretId: 's' }))).SecretString).toBe('three');
    expect((await client.send(new GetSecretValueCommand({ SecretId: 's', VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('two');
    const visible = await client.send(new ListSecretVersionIdsCommand({ SecretId: 's' }));
    expect(visible.Versions?.map((v) => v.VersionId).sort()).toEqual([v2.VersionId, v3.VersionId].sort());
    const all = await client.send(new ListSecretVersionIdsCommand({ SecretId: 's', IncludeDeprecated: true }));
    const deprecated = all.Versions?.find((v) => v.VersionId === v1.VersionId);
    expect(deprecated?.VersionStages).toEqual([]);
  });

  it('puts a value under custom labels without moving AWSCURRENT', async () => {
    const v1 = await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'one' }));
    const pending = await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'two', VersionStages: ['AWSPENDING'] }));
    expect(pending.VersionStages).toEqual(['AWSPENDING']);
    expect((await client.send(new GetSecretValueCommand({ SecretId: 's' }))).VersionId).toBe(v1.VersionId);
    expect((await client.send(new GetSecretValueCommand({ SecretId: 's', VersionStage: 'AWSPENDING' }))).SecretString).toBe('two');
  });

  it('gives the first value of an empty secret AWSCURRENT even under a custom label', async () => {
    await client.send(new CreateSecretCommand({ Name: 'empty' }));
    const put = await client.send(new PutSecretValueCommand({ SecretId: 'empty', SecretString: 'v', VersionStages: ['custom'] }));
    expect(put.VersionStages?.sort()).toEqual(['AWSCURRENT', 'custom']);
  });

  it('treats a retried PutSecretValue (same token, same value) as success and a changed value as an error', async () => {
    await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'one' }));
    const token = randomUUID();
    const first = await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'two', ClientRequestToken: token }));
    const retry = await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'two', ClientRequestToken: token }));
    expect(retry.VersionId).toBe(first.VersionId);
    const versions = await client.send(new ListSecretVersionIdsCommand({ SecretId: 's', IncludeDeprecated: true }));
    expect(versions.Versions).toHaveLength(2);
    const changed = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'other', ClientRequestToken: token })));
    expect(changed).toBeInstanceOf(ResourceExistsException);
  });

  it('treats a retried CreateSecret (same token, same value) as success, another create of the name as ResourceExists', async () => {
    const token = randomUUID();
    const first = await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'v', ClientRequestToken: token }));
    const retry = await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'v', ClientRequestToken: token }));
    expect(retry.ARN).toBe(first.ARN);
    expect(retry.VersionId).toBe(token);
    const other = await rejectionOf(client.send(new CreateSecretCommand({ Name: 's', SecretString: 'v' })));
    expect(other).toBeInstanceOf(ResourceExistsException);
  });

  it('UpdateSecret changes metadata, adds a version for a new value, and refuses a reused token', async () => {
    const created = await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'one' }));
    clock.now += 5_000;
    const described = await client.send(new UpdateSecretCommand({ SecretId: 's', Description: 'new' }));
    expect(described.VersionId).toBeUndefined();
    const after = await client.send(new DescribeSecretCommand({ SecretId: 's' }));
    expect(after.Description).toBe('new');
    expect(after.LastChangedDate).toEqual(new Date(clock.now));
    const updated = await client.send(new UpdateSecretCommand({ SecretId: 's', SecretString: 'two' }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: 's' }))).VersionId).toBe(updated.VersionId);
    const reused = await rejectionOf(client.send(new UpdateSecretCommand({ SecretId: 's', SecretString: 'x', ClientRequestToken: created.VersionId })));
    expect(reused).toBeInstanceOf(ResourceExistsException);
  });

  it('stores binary values and returns them byte for byte', async () => {
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    await client.send(new CreateSecretCommand({ Name: 'bin', SecretBinary: bytes }));
    const got = await client.send(new GetSecretValueCommand({ SecretId: 'bin' }));
    expect(got.SecretString).toBeUndefined();
    expect(Array.from(got.SecretBinary ?? [])).toEqual(Array.from(bytes));
  });

  it('records LastAccessedDate with day resolution when a value is read', async () => {
    await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'v' }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: 's' }))).LastAccessedDate).toBeUndefined();
    await client.send(new GetSecretValueCommand({ SecretId: 's' }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: 's' }))).LastAccessedDate).toEqual(new Date('2026-11-24T00:00:00.000Z'));
  });

  describe('input limits, answered as AWS answers them', () => {
    it.each([
      ['an empty name', { Name: '' }, 'ValidationException'],
      ['a 513-character name', { Name: 'a'.repeat(513) }, 'ValidationException'],
      ['a name with a space', { Name: 'bad name' }, 'ValidationException'],
      ['a name with a unicode letter', { Name: 'naïve' }, 'ValidationException'],
      ['both value kinds', { Name: 'x', SecretString: 'a', SecretBinary: new Uint8Array([1]) }, 'InvalidParameterException'],
      ['a description over 2048 characters', { Name: 'x', Description: 'd'.repeat(2049) }, 'ValidationException'],
      ['51 tags', { Name: 'x', Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }, 'InvalidParameterException'],
    ])('rejects %s', async (_label, input, type) => {
      const error = await rejectionOf(client.send(new CreateSecretCommand(input)));
      expect(error.name).toBe(type);
      expect(error).toBeInstanceOf(SecretsManagerServiceException);
    });

    it('accepts a 512-character name and a 65,536-byte value, rejects 65,537 bytes', async () => {
      await client.send(new CreateSecretCommand({ Name: 'n'.repeat(512), SecretString: 'v'.repeat(65_536) }));
      const error = await rejectionOf(client.send(new CreateSecretCommand({ Name: 'big', SecretString: 'v'.repeat(65_537) })));
      expect(error.name).toBe('ValidationException');
      expect(error.message).not.toContain('vvvv');
    });

    it('counts the value limit in UTF-8 bytes', async () => {
      const error = await rejectionOf(client.send(new CreateSecretCommand({ Name: 'utf8', SecretString: 'é'.repeat(32_769) })));
      expect(error.name).toBe('ValidationException');
    });

    it('rejects an invalid ClientRequestToken length', async () => {
      await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'v' }));
      const error = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'w', ClientRequestToken: 'short' })));
      expect(error.name).toBe('ValidationException');
    });

    it('requires a value for PutSecretValue', async () => {
      await client.send(new CreateSecretCommand({ Name: 's' }));
      const error = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: 's' })));
      expect(error).toBeInstanceOf(InvalidParameterException);
    });
  });

  it('merges and removes tags; keys are case-sensitive and aws: is reserved', async () => {
    await client.send(new CreateSecretCommand({ Name: 's', Tags: [{ Key: 'team', Value: 'a' }] }));
    await client.send(new TagResourceCommand({ SecretId: 's', Tags: [{ Key: 'team', Value: 'b' }, { Key: 'Team', Value: 'c' }] }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: 's' }))).Tags).toEqual([
      { Key: 'team', Value: 'b' },
      { Key: 'Team', Value: 'c' },
    ]);
    await client.send(new UntagResourceCommand({ SecretId: 's', TagKeys: ['team'] }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: 's' }))).Tags).toEqual([{ Key: 'Team', Value: 'c' }]);
    const reserved = await rejectionOf(client.send(new TagResourceCommand({ SecretId: 's', Tags: [{ Key: 'aws:x', Value: 'v' }] })));
    expect(reserved).toBeInstanceOf(InvalidParameterException);
  });

  it('reads a value by VersionId and rejects a VersionId/VersionStage mismatch', async () => {
    const v1 = await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'one' }));
    await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'two' }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: 's', VersionId: v1.VersionId }))).SecretString).toBe('one');
    const mismatch = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: 's', VersionId: v1.VersionId, VersionStage: 'AWSCURRENT' })));
    expect(mismatch).toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses replication, which the vault does not support', async () => {
    const error = await rejectionOf(client.send(new CreateSecretCommand({ Name: 's', AddReplicaRegions: [{ Region: 'eu-west-1' }] })));
    expect(error).toBeInstanceOf(InvalidRequestException);
  });
});
