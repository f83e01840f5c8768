import { Search } from 'lucide-react';
import type { ComponentProps, ReactNode } from 'react';
import { cn } from '../lib/cn';
import { focusRing } from './focus';

export const inputClass = cn(
  'block w-full rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm text-slate-900 placeholder:text-slate-500',
  'dark:border-slate-500 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-400',
  'aria-invalid:border-red-600 dark:aria-invalid:border-red-400',
  'disabled:opacity-60',
  focusRing,
);

export function Label({ className, ...props }: ComponentProps<'label'>) {
  return <label className={cn('block text-sm font-medium text-slate-800 dark:text-slate-200', className)} {...props} />;
}

export function TextInput({ className, ...props }: ComponentProps<'input'>) {
  return <input className={cn(inputClass, className)} {...props} />;
}

/** A search box with its magnifier; typing filters as you go (no autocomplete, no spell check). */
export function SearchInput({ value, onValueChange, ...props }: Omit<ComponentProps<'input'>, 'type' | 'onChange'> & { value: string; onValueChange(value: string): void }) {
  return (
    <div className="relative">
      <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-500" />
      <TextInput
        type="search"
        className="pl-8"
        value={value}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => onValueChange(event.currentTarget.value)}
        {...props}
      />
    </div>
  );
}

export function Hint({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
      {children}
    </p>
  );
}

/** A field's problem, announced as it appears. Never quotes what was typed. */
export function FieldProblem({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} role="alert" className="mt-1 text-xs font-medium text-red-700 dark:text-red-300">
      {children}
    </p>
  );
}
