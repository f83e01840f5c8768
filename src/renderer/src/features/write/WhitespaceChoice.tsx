import { TriangleExclamationPoint } from 'lucide-react';
import type { RefObject } from 'react';
import type { WhitespaceChoice as Choice } from '../../../../shared/value-rules';
import { FieldProblem } from '../../components/field';
import { focusRing } from '../../components/focus';
import { describeEdges, type Edges } from './value-entry';

interface Props {
  id: string;
  edges: Edges;
  /** "The value" or "The file". */
  subject: string;
  choice: Choice | null;
  onChoiceChange(choice: Choice): void;
  /** Set when Save was pressed without a choice. */
  problem: string | null;
  /** The first radio: Save without a choice moves focus here. */
  firstRef: RefObject<HTMLInputElement | null>;
  disabled?: boolean;
}

const OPTIONS: readonly { value: Choice; label: string }[] = [
  { value: 'keep', label: 'Keep exactly as is' },
  { value: 'trim', label: 'Trim it' },
];

/**
 * Whitespace at an end is sometimes the value (a PEM file's last line break) and sometimes a stray
 * from the copy (a token with a newline after it). Only the person knows, so they say which:
 * neither option is preselected, Save refuses until one is chosen, and nothing is ever trimmed
 * without it (main refuses such a write too).
 */
export function WhitespaceChoice({ id, edges, subject, choice, onChoiceChange, problem, firstRef, disabled = false }: Props) {
  const lineBreakAtEnd = edges.trailingNewline;
  return (
    <fieldset
      className="min-w-0 rounded-md border border-amber-400 bg-amber-50 p-3 dark:border-amber-700 dark:bg-amber-950/60"
      aria-labelledby={`${id}-edges`}
      aria-describedby={[`${id}-why`, problem && choice === null && `${id}-missing`].filter(Boolean).join(' ')}
      data-testid="whitespace-choice"
    >
      <p id={`${id}-edges`} role="status" className="flex items-start gap-1.5 text-xs font-semibold text-amber-900 dark:text-amber-200">
        <TriangleExclamationPoint aria-hidden className="mt-px size-3.5 shrink-0" />
        {subject} {describeEdges(edges)}.
      </p>
      <p id={`${id}-why`} className="mt-1 text-xs text-amber-900 dark:text-amber-200">
        {lineBreakAtEnd
          ? 'Key and certificate files usually end with one; in an API key it is usually left over from copying. Choose what to save.'
          : 'In an API key that is usually left over from copying. Choose what to save.'}
      </p>
      <div className="mt-2 flex flex-wrap gap-x-5 gap-y-1.5">
        {OPTIONS.map((option, index) => (
          <label key={option.value} className="flex cursor-pointer items-center gap-2 text-sm text-slate-900 dark:text-slate-100">
            <input
              ref={index === 0 ? firstRef : undefined}
              type="radio"
              name={`${id}-whitespace`}
              value={option.value}
              checked={choice === option.value}
              disabled={disabled}
              aria-invalid={problem !== null && choice === null}
              onChange={() => onChoiceChange(option.value)}
              className={`size-4 accent-sky-700 dark:accent-sky-400 ${focusRing}`}
            />
            {option.label}
          </label>
        ))}
      </div>
      {problem && choice === null && <FieldProblem id={`${id}-missing`}>{problem}</FieldProblem>}
    </fieldset>
  );
}
