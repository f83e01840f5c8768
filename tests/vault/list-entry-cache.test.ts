/**
 * ListSecrets answers each secret with an entry built and serialised once per change of the secret
 * (model.ts keeps it, serialised.ts writes it): unchanged secrets are not rebuilt page after page,
 * and every kind of change shows in the next listing.
 */
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
  type SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { VaultState } from '../../src/main/vault/model';
import { listSecrets } from '../../src/main/vault/operations/list-secrets';
import type { OperationContext } from '../../src/main/vault/operation';
import { PageTokens } from '../../src/main/vault/page-tokens';
import { stringifyOutput } from '../../src/main/vault/serialised';
import { clientFor, startVault } from './helpers';

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const context = (state: VaultState): OperationContext => ({ state, now: NOW, region: 'us-east-1', accountId: '000000000000', tokens: new PageTokens(Buffer.alloc(32, 5)) });
const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:app/key-abcdef';

describe('ListSecrets entries', () => {
  it('are built once while a secret is unchanged, and again after any op on it', () => {
    const state = new VaultState();
    state.apply([{ op: 'putSecret', meta: { arn: ARN, name: 'app/key', createdAt: NOW, lastChangedAt: NOW, tags: [] } }]);
    state.apply([{ op: 'putVersion', arn: ARN, version: { id: 'v1'.padEnd(32, '0'), createdAt: NOW, stages: ['AWSCURRENT'], value: { kind: 'string', text: 'x' } } }]);
    const entry = (): Record<string, unknown> => (listSecrets(context(state), {}).output.SecretList as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(entry()).toMatchObject({ ARN, Name: 'app/key' });
    // A marker in the kept entry shows whether the next listing builds it again or reuses it.
    const record = state.byArn.get(ARN);
    if (!record?.listEntry) throw new Error('the listing kept no entry');
    record.listEntry = record.listEntry.replace('"Name":"app/key"', '"Name":"kept"');
    expect(entry()).toMatchObject({ Name: 'kept' });
    state.apply([{ op: 'setStages', arn: ARN, versionId: 'v1'.padEnd(32, '0'), stages: ['AWSCURRENT', 'MINE'] }]);
    expect(entry()).toMatchObject({ Name: 'app/key', SecretVersionsToStages: { ['v1'.padEnd(32, '0')]: ['AWSCURRENT', 'MINE'] } });
    record.listEntry = record.listEntry?.replace('"Name":"app/key"', '"Name":"kept"');
    state.apply([{ op: 'putSecret', meta: { arn: ARN, name: 'app/key', description: 'now described', createdAt: NOW, lastChangedAt: NOW + 1, tags: [] } }]);
    expect(entry()).toMatchObject({ Name: 'app/key', Description: 'now described' });
  });

  it('serialise to exactly what JSON.stringify would write', () => {
    const state = new VaultState();
    state.apply([{ op: 'putSecret', meta: { arn: ARN, name: 'app/key', description: 'd "quoted" é', createdAt: NOW, lastChangedAt: NOW, tags: [{ Key: 'k', Value: 'v' }] } }]);
    state.apply([{ op: 'putSecret', meta: { arn: `${ARN}2`, name: 'app/key2', createdAt: NOW + 1, lastChangedAt: NOW, tags: [] } }]);
    const first = listSecrets(context(state), { MaxResults: 1 }).output;
    expect(first.NextToken).toBeTypeOf('string');
    expect(stringifyOutput(first)).toBe(JSON.stringify(first));
    const last = listSecrets(context(state), { MaxResults: 1, NextToken: first.NextToken }).output;
    expect(last.NextToken).toBeUndefined();
    expect(stringifyOutput(last)).toBe(JSON.stringify(last));
    const empty = listSecrets(context(state), { Filters: [{ Key: 'name', Values: ['nothing/'] }] }).output;
    expect(stringifyOutput(empty)).toBe(JSON.stringify(empty));
    expect(JSON.parse(stringifyOutput({ SecretList: [], NextToken: undefined }))).toEqual({ SecretList: [] });
  });

  it('show every kind of change through the SDK: value, stages, description, tags, deletion, restore', async () => {
    const { vault } = await startVault();
    const client = await clientFor(vault, 'in-process');
    const listed = async (): Promise<SecretListEntry> => {
      const page = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
      expect(page.SecretList).toHaveLength(1);
      return page.SecretList?.[0] as SecretListEntry;
    };
    const created = await client.send(new CreateSecretCommand({ Name: 'app/key', SecretString: 'one' }));
    expect(Object.values((await listed()).SecretVersionsToStages ?? {})).toEqual([['AWSCURRENT']]);
    const rotated = await client.send(new PutSecretValueCommand({ SecretId: 'app/key', SecretString: 'two' }));
    expect((await listed()).SecretVersionsToStages).toEqual({ [created.VersionId as string]: ['AWSPREVIOUS'], [rotated.VersionId as string]: ['AWSCURRENT'] });
    await client.send(new UpdateSecretVersionStageCommand({ SecretId: 'app/key', VersionStage: 'PINNED', MoveToVersionId: created.VersionId }));
    expect((await listed()).SecretVersionsToStages?.[created.VersionId as string]).toEqual(['AWSPREVIOUS', 'PINNED']);
    await client.send(new UpdateSecretCommand({ SecretId: 'app/key', Description: 'the key' }));
    expect((await listed()).Description).toBe('the key');
    await client.send(new TagResourceCommand({ SecretId: 'app/key', Tags: [{ Key: 'team', Value: 'core' }] }));
    expect((await listed()).Tags).toEqual([{ Key: 'team', Value: 'core' }]);
    await client.send(new UntagResourceCommand({ SecretId: 'app/key', TagKeys: ['team'] }));
    expect((await listed()).Tags).toBeUndefined();
    await client.send(new DeleteSecretCommand({ SecretId: 'app/key', RecoveryWindowInDays: 7 }));
    expect((await listed()).DeletedDate).toBeInstanceOf(Date);
    await client.send(new RestoreSecretCommand({ SecretId: 'app/key' }));
    expect((await listed()).DeletedDate).toBeUndefined();
  });
});
