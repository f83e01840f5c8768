import { describe, expect, it } from 'vitest';
import { padJson, paddedSize } from '../../src/main/vault/record-padding';

describe('record size buckets', () => {
  it('puts everything up to 2 KiB in one bucket, then powers of two to 64 KiB, then 64 KiB steps', () => {
    expect([0, 1, 700, 2048].map(paddedSize)).toEqual([2048, 2048, 2048, 2048]);
    expect([2049, 4096, 4097, 65_536].map(paddedSize)).toEqual([4096, 4096, 8192, 65_536]);
    expect([65_537, 131_072, 131_073].map(paddedSize)).toEqual([131_072, 131_072, 196_608]);
  });

  it('pads with whitespace that JSON.parse reads through, counting bytes, not characters', () => {
    const json = JSON.stringify({ text: 'é'.repeat(1100) }); // 2 bytes each in UTF-8: over 2 KiB
    const padded = padJson(json);
    expect(padded.length).toBe(4096);
    expect(JSON.parse(padded.toString('utf8'))).toEqual({ text: 'é'.repeat(1100) });
  });
});
