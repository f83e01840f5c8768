/**
 * The seal in vault.json (issue 11, second review): a sealed head protects nothing if removing it —
 * together with the journal, or the snapshot too — makes the vault look new or from before the
 * head existed. vault.json records, authenticated by the key protector, that the vault keeps a
 * head; it is written for a new vault, and for a vault from before the head, before the first
 * chained line. These tests remove, put back and edit files the way someone with access to the
 * data directory would, and simulate a full disk at the points the upgrade and the creation write.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as DurableFs from '../../src/main/durable-fs';
import type { Vault, VaultError } from '../../src/main/vault/index';
import { startVault, tempDir } from './helpers';
import { create, files, openFails, rotate, send, valueOf } from './rollback-helpers';

/** A fake full disk: whole-file writes of the named files fail (appends to the open journal do not). */
const fullDisk = { files: new Set<string>() };
vi.mock('../../src/main/durable-fs', async (importOriginal) => {
  const real = await importOriginal<typeof DurableFs>();
  return {
    ...real,
    writeFileDurably: async (...args: Parameters<typeof DurableFs.writeFileDurably>) => {
      if (fullDisk.files.has(path.basename(args[0]))) throw Object.assign(new Error('ENOSPC: no space left on device (fake)'), { code: 'ENOSPC' });
      return real.writeFileDurably(...args);
    },
  };
});
afterEach(() => fullDisk.files.clear());

const JOURNAL = 'journal.vault';
const SNAPSHOT = 'snapshot.vault';
const HEAD = 'head.vault';
const ENVELOPE = 'vault.json';
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'legacy-vault');
const count = (vault: Vault) => send(vault, async (c) => (await c.send(new ListSecretsCommand({}))).SecretList?.length ?? 0);

/** Refused with `code`, a message that says what happened and what to do, and not a byte changed. */
async function expectRefused(dataDir: string, code: VaultError['code'], message: RegExp): Promise<void> {
  const before = await files(dataDir);
  const error = await openFails(dataDir);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  expect(error.message).toMatch(/backup/);
  expect(await files(dataDir)).toEqual(before);
}

const remove = (dataDir: string, ...names: string[]) => Promise.all(names.map((name) => fs.rm(path.join(dataDir, name))));

async function legacyCopy(): Promise<string> {
  const dataDir = await tempDir();
  for (const name of await fs.readdir(FIXTURE)) await fs.copyFile(path.join(FIXTURE, name), path.join(dataDir, name));
  return dataDir;
}

async function envelopeJson(dataDir: string): Promise<Record<string, unknown>> {
  return JSON.parse(await fs.readFile(path.join(dataDir, ENVELOPE), 'utf8')) as Record<string, unknown>;
}

describe('removing the head with the files that would show it is missing', () => {
  it('refuses a vault never compacted whose journal and head were deleted (it does not open empty)', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'v1');
    await vault.close();
    await remove(dataDir, JOURNAL, HEAD);
    await expectRefused(dataDir, 'ROLLBACK', /head\.vault is missing/);
  });

  it('refuses a compacted vault whose snapshot, journal and head were all deleted', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'v1');
    await vault.compact();
    await vault.close();
    await remove(dataDir, JOURNAL, HEAD, SNAPSHOT);
    await expectRefused(dataDir, 'ROLLBACK', /head\.vault is missing/);
  });

  it('opens a new vault that has no writes yet, again and again, and refuses it once its head is deleted', async () => {
    const { vault, dataDir } = await startVault();
    await vault.close();
    for (let round = 0; round < 2; round += 1) {
      const { vault: again } = await startVault({ dataDir });
      expect(await count(again)).toBe(0);
      await again.close();
    }
    await remove(dataDir, HEAD);
    await expectRefused(dataDir, 'ROLLBACK', /head\.vault is missing/);
  });
});

describe('the seal in vault.json cannot be taken away or forged', () => {
  it('refuses a sealed vault.json edited to look like one from before the seal (with journal and head deleted)', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'v1');
    await vault.close();
    const envelope = await envelopeJson(dataDir);
    expect(envelope['version']).toBe(2);
    await fs.writeFile(path.join(dataDir, ENVELOPE), JSON.stringify({ ...envelope, version: 1 }));
    await remove(dataDir, JOURNAL, HEAD);
    await expectRefused(dataDir, 'CORRUPT', /vault\.json .*altered/);
  });

  it('refuses a vault.json from before the seal relabelled as sealed (the label alone proves nothing)', async () => {
    const dataDir = await legacyCopy();
    await fs.writeFile(path.join(dataDir, ENVELOPE), JSON.stringify({ ...(await envelopeJson(dataDir)), version: 2 }));
    await expectRefused(dataDir, 'CORRUPT', /vault\.json .*altered/);
  });
});

describe('a vault from before the head, whose upgrade could not compact (full disk)', () => {
  /** Upgrades the legacy fixture with snapshots failing, so chained lines follow the legacy ones. */
  async function upgradedWithoutCompaction(): Promise<{ dataDir: string; legacyJournal: Buffer; legacyEnvelope: Buffer }> {
    const dataDir = await legacyCopy();
    const legacyJournal = await fs.readFile(path.join(dataDir, JOURNAL));
    const legacyEnvelope = await fs.readFile(path.join(dataDir, ENVELOPE));
    fullDisk.files.add(SNAPSHOT);
    const { vault } = await startVault({ dataDir });
    await rotate(vault, 'legacy/rotated', 'rot-v3');
    expect(await valueOf(vault, 'legacy/rotated')).toBe('rot-v3');
    await vault.close();
    fullDisk.files.clear();
    const journal = await fs.readFile(path.join(dataDir, JOURNAL));
    expect(journal.subarray(0, legacyJournal.length).equals(legacyJournal)).toBe(true); // not compacted: legacy lines, then chained ones
    expect(journal.length).toBeGreaterThan(legacyJournal.length);
    return { dataDir, legacyJournal, legacyEnvelope };
  }

  it('refuses the legacy journal put back with the head deleted (the acknowledged rotation is not undone)', async () => {
    const { dataDir, legacyJournal } = await upgradedWithoutCompaction();
    await fs.writeFile(path.join(dataDir, JOURNAL), legacyJournal);
    await remove(dataDir, HEAD);
    await expectRefused(dataDir, 'ROLLBACK', /head\.vault is missing/);
  });

  it('refuses legacy lines followed by chained lines without a head, even with the old vault.json put back', async () => {
    const { dataDir, legacyEnvelope } = await upgradedWithoutCompaction();
    await fs.writeFile(path.join(dataDir, ENVELOPE), legacyEnvelope);
    await remove(dataDir, HEAD);
    await expectRefused(dataDir, 'ROLLBACK', /head\.vault is missing/);
  });

  it('opens the old state when every changed file, vault.json included, is put back from before the upgrade (restoring a whole earlier copy: the documented limit)', async () => {
    const { dataDir, legacyJournal, legacyEnvelope } = await upgradedWithoutCompaction();
    await fs.writeFile(path.join(dataDir, JOURNAL), legacyJournal);
    await fs.writeFile(path.join(dataDir, ENVELOPE), legacyEnvelope);
    await remove(dataDir, HEAD);
    const { vault } = await startVault({ dataDir });
    expect(await valueOf(vault, 'legacy/rotated')).toBe('rot-v2');
    await vault.close();
  });
});

describe('crashes while the seal is being recorded still open, with every write', () => {
  it('opens a legacy vault whose upgrade stopped after its head was created but before vault.json was sealed', async () => {
    const dataDir = await legacyCopy();
    const legacyEnvelope = await fs.readFile(path.join(dataDir, ENVELOPE));
    fullDisk.files.add(ENVELOPE);
    expect((await openFails(dataDir)).code).toBe('IO');
    fullDisk.files.clear();
    expect(await fs.readdir(dataDir)).toContain(HEAD); // the head came first
    expect((await fs.readFile(path.join(dataDir, ENVELOPE))).equals(legacyEnvelope)).toBe(true);
    const { vault } = await startVault({ dataDir });
    expect(await valueOf(vault, 'legacy/rotated')).toBe('rot-v2');
    expect(await valueOf(vault, 'legacy/in-journal')).toBe('journal-v1');
    await vault.close();
    expect((await envelopeJson(dataDir))['version']).toBe(2);
    await remove(dataDir, HEAD, JOURNAL, SNAPSHOT);
    await expectRefused(dataDir, 'ROLLBACK', /head\.vault is missing/);
  });

  it('opens a new vault whose creation stopped before vault.json was written (its head and empty journal are leftovers)', async () => {
    const dataDir = await tempDir();
    fullDisk.files.add(ENVELOPE);
    expect((await openFails(dataDir)).code).toBe('IO');
    fullDisk.files.clear();
    expect((await fs.readdir(dataDir)).sort()).toEqual([HEAD, JOURNAL]); // the head came first, vault.json last
    const { vault } = await startVault({ dataDir });
    await create(vault, 'app/key', 'v1');
    await vault.close();
    const { vault: again } = await startVault({ dataDir });
    expect(await valueOf(again, 'app/key')).toBe('v1');
    await again.close();
  });
});
