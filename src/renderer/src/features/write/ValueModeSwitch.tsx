import { VALUE_MODES, type ValueMode } from '../../../../shared/value-rules';
import { cn } from '../../lib/cn';
import { MODE_LABELS } from './value-entry';

interface Props {
  id: string;
  mode: ValueMode;
  onModeChange(mode: ValueMode): void;
  /**
   * The value has line breaks: a single-line field would drop them (that is how a pasted PEM key
   * got flattened), so Single line is not offered until the value is cleared.
   */
  singleLineBlocked: boolean;
  disabled?: boolean;
}

/**
 * Single line / Multi-line / JSON, as a segmented control made of native radio buttons: one Tab
 * stop, arrow keys move and select, and a screen reader hears "radio button, 2 of 3". The radios
 * are visually hidden; their labels draw the segments and show the focus ring.
 */
export function ValueModeSwitch({ id, mode, onModeChange, singleLineBlocked, disabled = false }: Props) {
  return (
    <fieldset className="min-w-0" aria-describedby={singleLineBlocked ? `${id}-blocked` : undefined}>
      <legend className="sr-only">Format of the value</legend>
      <div className="inline-flex rounded-md border border-slate-400 bg-white p-0.5 dark:border-slate-500 dark:bg-slate-950">
        {VALUE_MODES.map((option) => {
          const blocked = option === 'single-line' && singleLineBlocked;
          return (
            <label
              key={option}
              className={cn(
                'cursor-pointer rounded px-2.5 py-1 text-xs font-medium whitespace-nowrap text-slate-800 dark:text-slate-200',
                'has-checked:bg-sky-700 has-checked:text-white dark:has-checked:bg-sky-400 dark:has-checked:text-slate-950',
                'has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-sky-600 dark:has-focus-visible:outline-sky-400',
                'has-disabled:cursor-not-allowed has-disabled:text-slate-500 dark:has-disabled:text-slate-400',
                !blocked && 'hover:bg-slate-100 has-checked:hover:bg-sky-700 dark:hover:bg-slate-800 dark:has-checked:hover:bg-sky-400',
              )}
            >
              <input
                type="radio"
                // Groups the three radios (arrow keys); the value field itself never has a name.
                name={`${id}-mode`}
                value={option}
                className="sr-only"
                checked={mode === option}
                disabled={disabled || blocked}
                onChange={() => onModeChange(option)}
              />
              {MODE_LABELS[option]}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Why Single line is not offered; shown under the field, named by the radio group. */
export function SingleLineBlockedHint({ id }: { id: string }) {
  return (
    <p id={`${id}-blocked`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
      Single line is not available while the value has line breaks: a single-line field would drop them. Clear the value to switch.
    </p>
  );
}
