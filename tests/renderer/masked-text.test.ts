import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK_CHAR, applyEdit, maskOf } from '../../src/renderer/src/features/write/masked-text';

describe('the masked multi-line field', () => {
  it('shows one mark per character and keeps the line breaks', () => {
    expect(maskOf('ab\ncd🔑')).toBe(`${MASK_CHAR}${MASK_CHAR}\n${MASK_CHAR.repeat(4)}`);
    expect(maskOf('ab\ncd🔑')).toHaveLength('ab\ncd🔑'.length);
  });

  it('works out any insertion, deletion or replacement from the mask and the caret', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '\n', MASK_CHAR, 'é', '\t') }),
        fc.string({ unit: fc.constantFrom('x', '\n', MASK_CHAR, ' ') }),
        fc.nat(),
        fc.nat(),
        (real, inserted, at, length) => {
          const start = real.length === 0 ? 0 : at % (real.length + 1);
          const end = Math.min(real.length, start + (length % 4));
          const mask = maskOf(real);
          // What the textarea holds after the edit: the mask around the new text, caret after it.
          const text = mask.slice(0, start) + inserted + mask.slice(end);
          const edit = applyEdit(real, mask, text, start + inserted.length, start);
          expect(edit.value).toBe(real.slice(0, start) + inserted + real.slice(end));
          expect(edit.caret).toBe(start + inserted.length);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads a backward delete (caret before the removed character) right', () => {
    expect(applyEdit('abc', '•••', '••', 1, 2)).toEqual({ value: 'ac', caret: 1 });
    expect(applyEdit('abc', '•••', '••', 2, 3)).toEqual({ value: 'ab', caret: 2 });
    // A forward delete: the selection started where the caret stays.
    expect(applyEdit('abc', '•••', '••', 1, 1)).toEqual({ value: 'ac', caret: 1 });
  });
});
