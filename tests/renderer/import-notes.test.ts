/**
 * The import window's notes about lines left out (finding 6 of the second review): lines hidden
 * as key material are told apart from lines that are not assignments — by number only, with what
 * to do — and the "Afterwards" step says which lines the file must keep.
 */
import { describe, expect, it } from 'vitest';
import { badLinesNote, materialLinesNote, notImportedNote } from '../../src/renderer/src/features/import/import-model';

describe('import notes about lines left out', () => {
  it('a line hidden as key material is not called "not a KEY=value assignment", and says what to do', () => {
    expect(materialLinesNote([])).toBeNull();
    expect(materialLinesNote([2])).toBe('Line 2 looks like key material rather than a variable name, so it is not imported. Its text is not shown here. If it is a variable, store it by hand.');
    expect(materialLinesNote([2, 5, 9])).toBe('Lines 2, 5 and 9 look like key material rather than a variable name, so they are not imported. Their text is not shown here. If one is a variable, store it by hand.');
    // The bad-lines note keeps its own wording for lines that really are not assignments.
    expect(badLinesNote([3])).toBe('Line 3 is not a KEY=value assignment, a comment or blank, so it is left out. Its text is not shown here.');
  });

  it('the Afterwards step names every line the file must keep, in order', () => {
    expect(notImportedNote({ badLines: [], materialLines: [] })).toBeNull();
    expect(notImportedNote({ badLines: [7], materialLines: [] })).toBe('Line 7 was not imported: keep it in the file, or store it by hand.');
    expect(notImportedNote({ badLines: [7], materialLines: [2, 4] })).toBe('Lines 2, 4 and 7 were not imported: keep them in the file, or store them by hand.');
  });
});
