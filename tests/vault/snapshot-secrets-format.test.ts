/**
 * Snapshot format 3 (snapshot-secrets.ts): a secret's metadata is read when the vault opens, its
 * ListSecrets entry and its versions stay as bytes until something asks for them. What matters is
 * that no caller can tell: every field answers the same after opening as before closing, whichever
 * format the snapshot was in, and every change after opening shows in the next answer.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
  type SecretListEntry,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { Vault } from '../../src/main/vault/index';
import { listPageBody } from '../../src/main/vault/list-entry';
import { VaultState, type Op, type SecretMeta, type SecretRecord, type SecretValue, type VersionRecord } from '../../src/main/vault/model';
import { encodeSecretsRecord, loadSecretsRecord } from '../../src/main/vault/snapshot-secrets';
import { SNAPSHOT_FILE } from '../../src/main/vault/store';
import { vaultAnswers } from './fixtures/vault-answers';
import { clientFor, startVault, tempDir } from './helpers';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'snapshot-v2-vault');
const marker = async (dataDir: string): Promise<string> => (await fs.readFile(path.join(dataDir, SNAPSHOT_FILE))).subarray(0, 8).toString('latin1');

async function fixtureCopy(): Promise<string> {
  const dataDir = await tempDir();
  for (const name of await fs.readdir(FIXTURE)) await fs.copyFile(path.join(FIXTURE, name), path.join(dataDir, name));
  return dataDir;
}

async function answersOf(vault: Vault): Promise<Record<string, unknown>> {
  return vaultAnswers(await clientFor(vault, 'in-process'));
}

async function reopen(vault: Vault, dataDir: string): Promise<Vault> {
  await vault.close();
  return (await startVault({ dataDir })).vault;
}

describe('snapshot format 3', () => {
  it('opens a vault written with JSON snapshot records (FVSNAP2) with every answer the same, and after its compaction into format 3', async () => {
    const recorded = JSON.parse(await fs.readFile(`${FIXTURE}.answers.json`, 'utf8')) as Record<string, unknown>;
    delete recorded.clock;
    const dataDir = await fixtureCopy();
    expect(await marker(dataDir)).toBe('FVSNAP2\n');
    let { vault } = await startVault({ dataDir });
    expect(await answersOf(vault)).toEqual(recorded);
    await vault.compact();
    expect(await marker(dataDir)).toBe('FVSNAP3\n');
    vault = await reopen(vault, dataDir);
    expect(await answersOf(vault)).toEqual(recorded);
    // And once more from format 3 with a journal that continues it.
    const client = await clientFor(vault, 'in-process');
    await client.send(new PutSecretValueCommand({ SecretId: 'agentfoundry/dev/initech/shared/key_4', SecretString: 'fixture-value-i4b' }));
    await answersOf(vault); // records the new version's access date
    const changed = await answersOf(vault);
    vault = await reopen(vault, dataDir);
    expect(await answersOf(vault)).toEqual(changed);
    await vault.close();
  });

  it('answers every field the same after a reopen as before it (entries, versions, values, dates, tags, deletion)', async () => {
    const { vault, dataDir } = await startVault();
    const client = await clientFor(vault, 'in-process');
    for (let index = 0; index < 30; index += 1) {
      const name = `agentfoundry/dev/org${index % 4}/shared/key_${index}`;
      await client.send(new CreateSecretCommand({ Name: name, SecretString: `value-${index}-${'x'.repeat(index)}`, ...(index % 3 === 0 && { Description: `d${index} "q" \\ é ✓` }), ...(index % 5 === 0 && { Tags: [{ Key: 'k', Value: `v${index}` }] }) }));
      if (index % 2 === 0) await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: `next-${index}` }));
      if (index % 7 === 0) await client.send(new GetSecretValueCommand({ SecretId: name }));
      if (index % 9 === 0) await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    }
    await client.send(new CreateSecretCommand({ Name: 'binary/one', SecretBinary: Buffer.from([0, 255, 10, 34]) }));
    await vault.compact();
    await answersOf(vault); // reading every value records access dates: after one pass, reading changes nothing
    const before = await answersOf(vault);
    const reopened = await reopen(vault, dataDir);
    expect(await marker(dataDir)).toBe('FVSNAP3\n');
    const after = await answersOf(reopened);
    expect(after).toEqual(before);
    // Entries are copied out of the same decrypted bytes that hold the values: not one value in a listing.
    const listedText = JSON.stringify(after.listed);
    expect(listedText).not.toMatch(/value-|next-/);
    expect(JSON.stringify(after.secrets)).toMatch(/value-29-x{29}/); // …while GetSecretValue still has them
  });

  it('shows every change made after opening from a snapshot in the next listing', async () => {
    const { vault, dataDir } = await startVault();
    const first = await clientFor(vault, 'in-process');
    const created = await first.send(new CreateSecretCommand({ Name: 'app/key', SecretString: 'one' }));
    await first.send(new CreateSecretCommand({ Name: 'app/other', SecretString: 'two' }));
    await vault.compact();
    const reopened = await reopen(vault, dataDir);
    const client: SecretsManagerClient = await clientFor(reopened, 'in-process');
    const listed = async (): Promise<SecretListEntry> => {
      const page = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true, Filters: [{ Key: 'name', Values: ['app/key'] }] }));
      expect(page.SecretList).toHaveLength(1);
      return page.SecretList?.[0] as SecretListEntry;
    };
    expect((await listed()).SecretVersionsToStages).toEqual({ [created.VersionId as string]: ['AWSCURRENT'] });
    const rotated = await client.send(new PutSecretValueCommand({ SecretId: 'app/key', SecretString: 'three' }));
    expect((await listed()).SecretVersionsToStages).toEqual({ [created.VersionId as string]: ['AWSPREVIOUS'], [rotated.VersionId as string]: ['AWSCURRENT'] });
    await client.send(new UpdateSecretVersionStageCommand({ SecretId: 'app/key', VersionStage: 'PINNED', MoveToVersionId: created.VersionId }));
    expect((await listed()).SecretVersionsToStages?.[created.VersionId as string]).toEqual(['AWSPREVIOUS', 'PINNED']);
    // A compaction makes every secret use the record it wrote (snapshot-secrets.ts): changes still show.
    await reopened.compact();
    expect((await listed()).SecretVersionsToStages?.[created.VersionId as string]).toEqual(['AWSPREVIOUS', 'PINNED']);
    await client.send(new UpdateSecretCommand({ SecretId: 'app/key', Description: 'the key' }));
    expect((await listed()).Description).toBe('the key');
    await client.send(new TagResourceCommand({ SecretId: 'app/key', Tags: [{ Key: 'team', Value: 'core' }] }));
    expect((await listed()).Tags).toEqual([{ Key: 'team', Value: 'core' }]);
    await client.send(new UntagResourceCommand({ SecretId: 'app/key', TagKeys: ['team'] }));
    expect((await listed()).Tags).toBeUndefined();
    await client.send(new GetSecretValueCommand({ SecretId: 'app/key' }));
    expect((await listed()).LastAccessedDate).toBeInstanceOf(Date);
    await client.send(new DeleteSecretCommand({ SecretId: 'app/key', RecoveryWindowInDays: 7 }));
    expect((await listed()).DeletedDate).toBeInstanceOf(Date);
    await client.send(new RestoreSecretCommand({ SecretId: 'app/key' }));
    expect((await listed()).DeletedDate).toBeUndefined();
    // The untouched secret still answers from its stored entry, and its value is still there.
    const other = await client.send(new GetSecretValueCommand({ SecretId: 'app/other' }));
    expect(other.SecretString).toBe('two');
  });
});

describe('a format-3 record of secrets', () => {
  const NOW = Date.parse('2026-11-24T10:00:00.000Z');
  const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:';
  const metas: SecretMeta[] = [
    { arn: `${ARN}app/plain-AbCdEf`, name: 'app/plain', createdAt: NOW, lastChangedAt: NOW + 1, tags: [] },
    { arn: `${ARN}app/full-GhIjKl`, name: 'app/full', description: 'd "q" \\ é ✓ \u2028', kmsKeyId: 'alias/k', createdAt: NOW + 2, lastChangedAt: NOW + 3, lastAccessedAt: NOW - (NOW % 86_400_000), deletedAt: NOW + 7 * 86_400_000, tags: [{ Key: 'k', Value: 'v ✓' }] },
    // A name that is not part of its ARN (no code writes one; the format still carries it).
    { arn: `${ARN}other-MnOpQr`, name: 'app/apart', createdAt: NOW + 4, lastChangedAt: NOW + 4, tags: [] },
    { arn: `${ARN}app/no-versions-StUvWx`, name: 'app/no-versions', createdAt: NOW + 5, lastChangedAt: NOW + 5, tags: [] },
  ];
  const version = (id: string, stages: string[], value: SecretValue): VersionRecord => ({ id: id.padEnd(32, '0'), createdAt: NOW, stages, value });

  function stateWithSecrets(): VaultState {
    const state = new VaultState();
    state.apply(metas.map((meta): Op => ({ op: 'putSecret', meta })));
    for (const meta of metas.slice(0, 3)) {
      state.apply([
        { op: 'putVersion', arn: meta.arn, version: version('a', ['AWSPREVIOUS'], { kind: 'string', text: 'first ✓' }) },
        { op: 'putVersion', arn: meta.arn, version: version('b', ['AWSCURRENT', 'MINE'], { kind: 'binary', base64: 'AAEC' }) },
        { op: 'putVersion', arn: meta.arn, version: version('c', [], { kind: 'string', text: 'deprecated' }) },
      ]);
    }
    return state;
  }

  it('loads every field back as it was written: metadata, versions, and the listing built from them', () => {
    const state = stateWithSecrets();
    const records = [...state.byArn.values()];
    const listedBefore = listPageBody(records, undefined).toString('utf8');
    const loaded = new VaultState();
    loadSecretsRecord(encodeSecretsRecord(records), loaded);
    expect(loaded.size).toBe(metas.length);
    for (const record of records) {
      const again = loaded.byArn.get(record.meta.arn) as SecretRecord;
      expect(again.meta).toStrictEqual(record.meta);
      expect(loaded.arnByName.get(record.meta.name)).toBe(record.meta.arn);
      // The entry comes from the stored bytes until the secret changes.
      expect(again.listEntry).toBeUndefined();
      expect(again.storedEntryBytes).toBeGreaterThan(0);
      expect([...again.versions.values()]).toStrictEqual([...record.versions.values()]);
    }
    expect(listPageBody([...loaded.byArn.values()], undefined).toString('utf8')).toBe(listedBefore);
    expect(JSON.parse(listedBefore)).toMatchObject({ SecretList: [{ Name: 'app/plain' }, { Name: 'app/full', Description: metas[1]?.description, Tags: metas[1]?.tags }, { Name: 'app/apart' }, { Name: 'app/no-versions' }] });
    expect(loaded.schedule.next).toBe(metas[1]?.deletedAt);
  });

  it('written by a compaction, becomes what its secrets answer from: entries and versions are kept as bytes', () => {
    const state = stateWithSecrets();
    const records = [...state.byArn.values()];
    const listedBefore = listPageBody(records, undefined).toString('utf8'); // builds and keeps each entry as text
    expect(records.every((record) => record.listEntry !== undefined)).toBe(true);
    encodeSecretsRecord(records, true);
    expect(records.every((record) => record.listEntry === undefined && record.storedEntryBytes > 0)).toBe(true);
    expect(listPageBody(records, undefined).toString('utf8')).toBe(listedBefore);
    // The versions were in use as a map, now they are bytes of the record: a write after the compaction changes them as usual.
    expect([...(records[1] as SecretRecord).versions.values()].map((version) => version.value)).toEqual([
      { kind: 'string', text: 'first ✓' },
      { kind: 'binary', base64: 'AAEC' },
      { kind: 'string', text: 'deprecated' },
    ]);
    const first = records[0] as SecretRecord;
    state.apply([{ op: 'setStages', arn: first.meta.arn, versionId: 'b'.padEnd(32, '0'), stages: ['AWSCURRENT'] }]);
    expect(first.storedEntryBytes).toBe(0);
    expect(JSON.parse(listPageBody([first], undefined).toString('utf8'))).toMatchObject({ SecretList: [{ SecretVersionsToStages: { ['a'.padEnd(32, '0')]: ['AWSPREVIOUS'], ['b'.padEnd(32, '0')]: ['AWSCURRENT'] } }] });
  });

  it('is refused when cut short, whatever the padding after it', () => {
    const record = encodeSecretsRecord([...stateWithSecrets().byArn.values()]);
    const content = record.length - (/ *$/.exec(record.toString('latin1'))?.[0].length ?? 0);
    expect(() => loadSecretsRecord(record.subarray(0, content - 10), new VaultState())).toThrow(/shorter/);
  });
});

describe('stored ListSecrets entries', () => {
  it('are used only when written as this build writes them (LIST_ENTRY_VERSION); otherwise built again', () => {
    const state = new VaultState();
    const meta: SecretMeta = { arn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:app/key-AbCdEf', name: 'app/key', createdAt: 1, lastChangedAt: 2, tags: [] };
    state.apply([{ op: 'putSecret', meta }]);
    const record = state.byArn.get(meta.arn) as SecretRecord;
    // An entry as another build might have written it: a marker shows which one a listing serves.
    record.listEntry = JSON.stringify({ ARN: meta.arn, Name: 'written-by-another-build' });
    const bytes = encodeSecretsRecord([record]);
    const listed = (storedEntries: boolean): string => {
      const loaded = new VaultState();
      loadSecretsRecord(bytes, loaded, storedEntries);
      return listPageBody([...loaded.byArn.values()], undefined).toString('utf8');
    };
    expect(listed(true)).toContain('written-by-another-build');
    expect(listed(false)).not.toContain('written-by-another-build');
    expect(JSON.parse(listed(false))).toEqual({ SecretList: [{ ARN: meta.arn, Name: 'app/key', LastChangedDate: 0.002, CreatedDate: 0.001 }] });
  });
});
