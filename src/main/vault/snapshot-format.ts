import { VaultError } from './errors';

/**
 * How a snapshot's sealed records sit in `snapshot.vault`.
 *
 * Binary: an 8-byte marker, then each sealed record as a 4-byte big-endian length and its bytes.
 * The marker is FVSNAP3 since records of secrets are binary too (snapshot-secrets.ts; the sealed
 * header says so, store.ts), FVSNAP2 before, when they were JSON; the framing is the same, and
 * both are read. A build from before format 3 does not know the new marker, takes the file for
 * the text format and refuses it as damaged (CORRUPT), changing nothing. Opening a 50,000-secret vault read 30 MiB of base64 text as one
 * string, split it into lines and decoded each back to bytes: two copies of the file on the heap
 * and a base64 pass, for nothing (the records are already authenticated by their seal, and the
 * snapshot is written whole, through a temporary file, so it never has a torn tail to find).
 *
 * Text (before): one base64 record per line. Still read, so a vault written before opens as it
 * is; its next compaction writes the binary format. A build from before this format refuses a
 * binary snapshot as damaged (CORRUPT) and changes nothing: going back after upgrading is not
 * supported, as with vault.json version 2.
 */
export const SNAPSHOT_MARKER = Buffer.from('FVSNAP3\n', 'ascii');
/** Format 2's marker: the same framing, JSON records. */
const SNAPSHOT_MARKER_2 = Buffer.from('FVSNAP2\n', 'ascii');
const LENGTH_BYTES = 4;

export interface SnapshotRecords {
  readonly sealed: readonly Buffer[];
  /** How a record is named in errors: "record 2" (binary) or "line 2" (text). */
  readonly unit: 'record' | 'line';
  readonly format: 'binary' | 'text';
}

export function encodeSnapshotFile(sealed: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [SNAPSHOT_MARKER];
  for (const record of sealed) {
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32BE(record.length, 0);
    parts.push(length, record);
  }
  return Buffer.concat(parts);
}

const truncated = (file: string): VaultError => new VaultError('CORRUPT', `${file} is truncated; restore the data directory from a backup.`);

/** The sealed records of a snapshot file in either format. The records themselves are not opened here. */
export function snapshotRecords(bytes: Buffer, file: string): SnapshotRecords {
  const marker = bytes.subarray(0, SNAPSHOT_MARKER.length);
  if (marker.equals(SNAPSHOT_MARKER) || marker.equals(SNAPSHOT_MARKER_2)) {
    const sealed: Buffer[] = [];
    let offset = SNAPSHOT_MARKER.length;
    while (offset < bytes.length) {
      if (offset + LENGTH_BYTES > bytes.length) throw truncated(file);
      const length = bytes.readUInt32BE(offset);
      offset += LENGTH_BYTES;
      if (offset + length > bytes.length) throw truncated(file);
      sealed.push(bytes.subarray(offset, offset + length)); // a view: no copy
      offset += length;
    }
    return { sealed, unit: 'record', format: 'binary' };
  }
  const lines = bytes.toString('latin1').split('\n');
  if (lines.at(-1) !== '') throw truncated(file);
  lines.pop();
  return { sealed: lines.map((line) => Buffer.from(line, 'base64')), unit: 'line', format: 'text' };
}
