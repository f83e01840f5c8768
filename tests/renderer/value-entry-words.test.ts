/**
 * The value field's words for a value over the limit are main's words for it: the form says it as
 * the value grows past the limit, main says it when it refuses one, and they must not disagree.
 */
import { describe, expect, it } from 'vitest';
import { TOO_LARGE, typedValueProblem } from '../../src/renderer/src/features/write/value-entry';
import { secretValueSchema } from '../../src/shared/secrets';
import { MAX_SECRET_VALUE_BYTES } from '../../src/shared/value-rules';

const mainSays = (value: string): string | null => {
  const parsed = secretValueSchema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'no message');
};

describe('the value field over the limit', () => {
  const overByBytes = 'é'.repeat(MAX_SECRET_VALUE_BYTES / 2 + 1);
  const overByLength = 'x'.repeat(MAX_SECRET_VALUE_BYTES + 1);

  it('says what main says, over by bytes or by length', () => {
    for (const value of [overByBytes, overByLength]) {
      expect(mainSays(value)).not.toBeNull();
      expect(typedValueProblem(value, 'single-line')).toBe(mainSays(value));
      expect(TOO_LARGE).toBe(mainSays(value));
    }
  });

  it('names the limit, never the size reached', () => {
    expect(TOO_LARGE).toContain('65,536 bytes');
    expect(TOO_LARGE).not.toMatch(/65,?537|131,?07\d/);
  });
});
