/**
 * Hostile values: what script in the renderer can send in place of any field, or as a whole
 * payload. Cheap to generate (huge strings are repeats, not random text), so 10,000 per channel
 * stay fast. None of these ever contains the canary: only `value`-like fields carry it.
 */
import fc from 'fast-check';

/** Keys that pollute or confuse prototype lookups, plus a few that our own objects use. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON', 'then'] as const;

/** Ids that look valid to a human and are not (look-alikes, traversal, separators, case, length). */
const LOOKALIKE_IDS = [
  '',
  ' ',
  '.',
  '..',
  '../..',
  '../../etc/passwd',
  'acme/../globex',
  'acme/',
  '/acme',
  'acme\\x',
  'ACME',
  'Acme',
  ' acme',
  'acme ',
  'acme\n',
  'acme\u0000',
  '\u0430cme', // Cyrillic а
  'ａｃｍｅ', // full-width
  'acme\u200b', // zero-width space
  'acme\u202e', // right-to-left override
  'ac%2fme',
  '-acme',
  'acme-',
  '_acme',
  'acme_',
  'acme-abcdef', // the ARN-suffix look-alike
  'a'.repeat(65),
  'a'.repeat(129),
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  '*',
  '%s%s%n',
  '${process.env}',
  '<img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  'agentfoundry/dev/acme/shared/openai_api_key',
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:x',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  'javascript:alert(1)',
] as const;

/** Long strings of one unit: plain, multi-byte, astral, a lone surrogate, NUL, separators. */
const hugeString = fc
  .tuple(fc.constantFrom('a', 'é', '\u{1F600}', '\uD800', '\u0000', '/', '../', ' ', '\n', '%'), fc.integer({ min: 300, max: 100_000 }))
  .map(([unit, count]) => unit.repeat(count));

/** Lone surrogates and other code units that are not text. */
const brokenUnicode = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 8 });

/**
 * Any code points (astral, private use, unassigned), built from integers: fast-check's own
 * `unit: 'binary'` builds a 1.1-million-entry table the first time it shrinks, seconds of CPU.
 */
const anyCodePoints = fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 16 }).map((codes) => String.fromCodePoint(...codes));

const strings = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 3, arbitrary: fc.constantFrom(...LOOKALIKE_IDS) },
  { weight: 3, arbitrary: anyCodePoints },
  { weight: 1, arbitrary: brokenUnicode },
  { weight: 1, arbitrary: hugeString },
);

const numbers = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 7, 30, 31, 6, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, -(2 ** 31)),
  fc.double(),
  fc.integer(),
);

/**
 * Nested arrays/objects far deeper than any schema (a recursion in main must not crash it). At most
 * 500 levels: fast-check's own printing of a counterexample recurses too, and must not overflow.
 */
const deep = fc.tuple(fc.integer({ min: 50, max: 500 }), fc.boolean()).map(([depth, asObject]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = asObject ? { a: value } : [value];
  return value;
});

/** Objects whose own keys include `__proto__`, `constructor`, `prototype` (as JSON.parse or structured clone makes them). */
export const pollutingObject: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })), fc.oneof(fc.constant({ polluted: true }), fc.jsonValue({ maxDepth: 1, depthSize: 'xsmall' }))), {
    minLength: 1,
    maxLength: 4,
  })
  .map((entries) => {
    const target: Record<string, unknown> = {};
    for (const [key, value] of entries) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    return target;
  });

/** Values the structured clone of Electron's IPC can carry besides JSON (and a few it cannot). */
const exotic = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0n, -1n, 2n ** 70n),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(new Uint8Array([1, 2, 3]), new ArrayBuffer(4), /acme/g, new Map([['orgId', 'acme']]), new Set(['acme']), new Error('acme')),
  fc.constant(Object.create(null) as object),
  // A sparse array (a hole at 0), as structured clone keeps it.
  fc.constant(Object.assign(new Array<unknown>(2), { 1: 'acme' })),
);

/** Any hostile value: a random one of the above, or random JSON / anything with polluting keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: strings },
  { weight: 2, arbitrary: numbers },
  { weight: 2, arbitrary: exotic },
  { weight: 2, arbitrary: pollutingObject },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: fc.array(fc.oneof(strings, numbers), { maxLength: 5 }) },
  {
    weight: 2,
    arbitrary: fc.anything({
      size: 'xsmall',
      maxDepth: 3,
      maxKeys: 5,
      key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 10 })),
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
    }),
  },
);

/** A whole payload that is nothing like the channel's input: random JSON, anything, or a hostile value. */
const randomPayload: fc.Arbitrary<unknown> = fc.oneof(
  // xsmall: with fast-check's default depth size each JSON value costs about 0.2 ms to generate.
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3, depthSize: 'xsmall' }) },
  { weight: 3, arbitrary: hostileValue },
  { weight: 2, arbitrary: pollutingObject },
);

export interface HostilePools {
  /** Values a mutation puts in place of a field (or adds under a new key). */
  readonly hostile: readonly unknown[];
  /** Whole payloads. */
  readonly random: readonly unknown[];
}

/**
 * Each value once: small arbitraries draw `{}`, `[]`, `""` or `0` over and over, and a `{}` is a
 * valid input of a dozen channels (it would make the "random" share mostly valid calls).
 */
function distinct(values: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    let key: string;
    try {
      // A huge string is told apart by its length and first unit (printing it whole costs more than the fuzz).
      key = typeof value === 'string' && value.length > 256 ? `huge:${value.length}:${value.slice(0, 2)}` : fc.stringify(value);
    } catch {
      return true; // too deep to print: keep it, it is unlike the others anyway
    }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Draws the run's pools (see POOL_SIZE in config.ts); the same seed draws the same values. */
export function drawHostilePools(seed: number, size: number): HostilePools {
  return { hostile: distinct(fc.sample(hostileValue, { seed, numRuns: size })), random: distinct(fc.sample(randomPayload, { seed: seed + 1, numRuns: size })) };
}

/** Picks from a pool (an index shrinks towards the first values). */
export function fromPool<T>(pool: readonly T[]): fc.Arbitrary<T> {
  return fc.nat({ max: pool.length - 1 }).map((index) => pool[index] as T);
}
