/**
 * Snapshots are written as binary records (snapshot-format.ts); a vault whose snapshot is in the
 * text format written before (one base64 record per line) opens as it is, keeps opening while it
 * is written to, and its next compaction rewrites it in the binary format.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_MARKER, encodeSnapshotFile, snapshotRecords } from '../../src/main/vault/snapshot-format';
import { SNAPSHOT_FILE } from '../../src/main/vault/store';
import { startVault } from './helpers';
import { create, openFails, rotate, valueOf } from './rollback-helpers';

/** The same sealed records in the text format of the builds before binary snapshots. */
function asTextFormat(binary: Buffer, file: string): Buffer {
  const { sealed } = snapshotRecords(binary, file);
  return Buffer.from(sealed.map((record) => `${record.toString('base64')}\n`).join(''), 'ascii');
}

describe('snapshot format', () => {
  it('writes binary records (no base64), about three quarters the size of the text format', async () => {
    const { vault, dataDir } = await startVault();
    for (let index = 0; index < 20; index += 1) await create(vault, `app/k${index}`, `sk-${index}`);
    await vault.compact();
    await vault.close();
    const file = path.join(dataDir, SNAPSHOT_FILE);
    const bytes = await fs.readFile(file);
    expect(bytes.subarray(0, SNAPSHOT_MARKER.length)).toEqual(SNAPSHOT_MARKER);
    const text = asTextFormat(bytes, file);
    expect(bytes.length).toBeLessThan(text.length * 0.8);
    expect(snapshotRecords(bytes, file).format).toBe('binary');
  });

  it('opens a vault whose snapshot is in the text format, and rewrites it as binary at its next compaction', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/a', 'one');
    await create(vault, 'app/b', 'two');
    await vault.compact();
    await rotate(vault, 'app/a', 'three'); // in the journal, continuing the snapshot
    await vault.close();
    const file = path.join(dataDir, SNAPSHOT_FILE);
    await fs.writeFile(file, asTextFormat(await fs.readFile(file), file));
    expect(snapshotRecords(await fs.readFile(file), file).format).toBe('text');

    const { vault: reopened } = await startVault({ dataDir });
    expect(await valueOf(reopened, 'app/a')).toBe('three');
    expect(await valueOf(reopened, 'app/b')).toBe('two');
    await rotate(reopened, 'app/b', 'four');
    await reopened.close();
    // Still text until a compaction: it opens again, with the write made meanwhile.
    expect(snapshotRecords(await fs.readFile(file), file).format).toBe('text');
    const { vault: again } = await startVault({ dataDir });
    expect(await valueOf(again, 'app/b')).toBe('four');
    await again.compact();
    await again.close();
    expect(snapshotRecords(await fs.readFile(file), file).format).toBe('binary');
    const { vault: migrated } = await startVault({ dataDir });
    expect(await valueOf(migrated, 'app/a')).toBe('three');
    expect(await valueOf(migrated, 'app/b')).toBe('four');
    await migrated.close();
  });

  it('refuses a binary snapshot cut inside a record, or inside a length, and one with a record removed', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/a', 'one');
    await vault.compact();
    await vault.close();
    const file = path.join(dataDir, SNAPSHOT_FILE);
    const whole = await fs.readFile(file);
    for (const cut of [whole.length - 30, SNAPSHOT_MARKER.length + 2]) {
      await fs.writeFile(file, whole.subarray(0, cut));
      expect((await openFails(dataDir)).code).toBe('CORRUPT');
    }
    const records = [...snapshotRecords(whole, file).sealed];
    await fs.writeFile(file, encodeSnapshotFile([records[0] as Buffer, records.at(-1) as Buffer]));
    expect((await openFails(dataDir)).code).toBe('CORRUPT');
    await fs.writeFile(file, whole);
    const { vault: reopened } = await startVault({ dataDir });
    expect(await valueOf(reopened, 'app/a')).toBe('one');
  });
});
