/**
 * Size buckets for the records the vault writes (journal lines, snapshot lines), so a record's
 * length on disk says little about the value inside it. Encryption hides the bytes, not their
 * number: unpadded, a line's length gave away each value's length to within a few bytes.
 *
 * The buckets:
 * - at least 2 KiB: a typical write — the value plus about 1 KiB of name, version id, stages and
 *   the ARN repeated in each of its ops — fits the smallest bucket for any value up to roughly
 *   800 characters, so the API keys of every common provider (20 to 200 characters, JWTs longer)
 *   are all the same size on disk. With a 1 KiB floor a 164-character OpenAI key already landed in
 *   the next bucket, which told it apart from a short key;
 * - powers of two up to 64 KiB: a single value (at most 64 KiB in Secrets Manager) is known only
 *   to within a factor of two; fixed steps (say 256 bytes) would still tell a 40-character key
 *   from a 400-character one, and would leak the length of large values almost exactly;
 * - 64 KiB steps above that: only batches of writes and snapshot chunks get there, and their size
 *   is a sum over many values; doubling them would make compaction write up to twice the bytes.
 * The cost is disk space: a group commit takes at least 2 KiB before encoding, 2.7 KiB on disk (it
 * was about 0.9 KiB for a typical write). Journal and snapshot sizes still grow with the number of
 * writes and secrets, which is not secret.
 */
const FLOOR = 2048;
const POWER_OF_TWO_UP_TO = 64 * 1024;
const STEP_ABOVE = 64 * 1024;

export function paddedSize(bytes: number): number {
  if (bytes <= FLOOR) return FLOOR;
  if (bytes <= POWER_OF_TWO_UP_TO) return 2 ** Math.ceil(Math.log2(bytes));
  return Math.ceil(bytes / STEP_ABOVE) * STEP_ABOVE;
}

/**
 * JSON text padded with trailing spaces up to its bucket. JSON allows trailing whitespace, so
 * `JSON.parse` reads it unchanged, and so did the code before padding existed.
 */
export function padJson(json: string): Buffer {
  const length = Buffer.byteLength(json, 'utf8');
  const padded = Buffer.alloc(paddedSize(length), 0x20);
  padded.write(json, 0, 'utf8');
  return padded;
}

/**
 * A buffer of `length` content bytes padded to its bucket, to be filled in place (binary snapshot
 * records, snapshot-secrets.ts): their own layout says where the content ends; the rest is spaces.
 */
export function paddedBuffer(length: number): Buffer {
  return Buffer.alloc(paddedSize(length), 0x20);
}
