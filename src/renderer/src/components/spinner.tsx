import { LoaderCircle } from 'lucide-react';

/** A spinner with its own text for screen readers (and for people: it says what is loading). */
export function Loading({ label }: { label: string }) {
  return (
    <p role="status" className="flex items-center gap-2 p-4 text-sm text-slate-600 dark:text-slate-300">
      <LoaderCircle aria-hidden className="size-4 animate-spin motion-reduce:animate-none" />
      {label}
    </p>
  );
}
