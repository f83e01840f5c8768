/**
 * The masked multi-line field keeps the real value out of the DOM: the <textarea> holds a mask
 * (one "•" per UTF-16 unit, line breaks kept so the shape and the caret line up), and every edit
 * is worked out from how the mask changed. A textarea's text is exposed to the accessibility tree
 * (and so to any OS accessibility client); `-webkit-text-security` only changes how it is drawn.
 * A password <input>, the single-line field, is hidden from it by the browser itself.
 */
export const MASK_CHAR = '•';

export function maskOf(value: string): string {
  return value.replace(/[^\n]/g, MASK_CHAR);
}

/**
 * The real value after an edit of the field, from the mask before the edit, the field's text after
 * it, the caret after it, and where the selection started before it. Everything after the caret is
 * untouched by any insertion or deletion, which fixes the end of the edit; the start is where the
 * old mask and the new text first differ, but never after the selection's start (so a typed "•"
 * over a selection is not mistaken for an unchanged character). What was inserted is read from
 * the new text: it is what was typed, pasted or dropped, not yet masked.
 */
export function applyEdit(
  real: string,
  oldMask: string,
  newText: string,
  caretAfter: number,
  selectionStartBefore = oldMask.length,
): { value: string; caret: number } {
  const suffix = Math.min(newText.length - caretAfter, oldMask.length);
  let prefix = 0;
  const limit = Math.min(oldMask.length - suffix, newText.length - suffix, selectionStartBefore);
  while (prefix < limit && oldMask[prefix] === newText[prefix]) prefix += 1;
  const inserted = newText.slice(prefix, newText.length - suffix);
  return { value: real.slice(0, prefix) + inserted + real.slice(oldMask.length - suffix), caret: prefix + inserted.length };
}
