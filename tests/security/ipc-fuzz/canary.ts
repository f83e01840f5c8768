/**
 * The canary: every value the fuzz writes contains one token, unique to the run, and no other field
 * ever carries it. So a single substring search of an answer, a log line or a file finds any leak.
 *
 * The token has a space and upper-case letters: no id, uuid, enum or URL field can accept it, so
 * even when a mutation moves a value into such a field, the token can never come back legitimately.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { MAX_SECRET_VALUE_BYTES } from '../../../src/shared/value-rules';

export const TOKEN = `CANARY ${randomBytes(9).toString('hex').toUpperCase()}`;

/** The vault key of the fuzzed app: a credential, so it must never show up in an answer either. */
export const VAULT_KEY = `fuzz-vault-key-${randomBytes(12).toString('hex')}`;

/** A value as a write form sends it, with the mode and whitespace choice it needs to be valid. */
export interface CanaryValue {
  readonly value: string;
  readonly mode?: 'single-line' | 'multi-line' | 'json';
  readonly whitespace?: 'keep' | 'trim';
}

const big = `${TOKEN}-big-`.padEnd(MAX_SECRET_VALUE_BYTES - 16, 'q');

/** Valid values of every shape a person can type: each holds the token. */
export const canaryValue: fc.Arbitrary<CanaryValue> = fc.tuple(fc.nat({ max: 999_999 }), fc.nat({ max: 99 })).map(([n, shape]): CanaryValue => {
  const core = `${TOKEN}-${n}`;
  if (shape < 60) return { value: core };
  if (shape < 70) return { value: `${core}\nsecond line`, mode: 'multi-line' };
  if (shape < 78) return { value: JSON.stringify({ key: core, n }), mode: 'json' };
  if (shape < 86) return { value: ` ${core}\n`, whitespace: shape % 2 === 0 ? 'keep' : 'trim' };
  if (shape < 94) return { value: `${core}-ü✓😀` };
  if (shape < 99) return { value: `sk-${core}` };
  return { value: big };
});

/** Just the text (bulk `set`, a LiveKit companion). */
export const canaryText: fc.Arbitrary<string> = fc.nat({ max: 999_999 }).map((n) => `${TOKEN}-${n}`);

/** True when `text` carries the token or the vault key. */
export function leaks(text: string): boolean {
  return text.includes(TOKEN) || text.includes(VAULT_KEY);
}
