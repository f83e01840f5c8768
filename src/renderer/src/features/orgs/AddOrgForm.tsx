import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { describeNameRule, nameSegmentProblem } from '../../../../shared/naming-rules';
import { Button } from '../../components/button';
import { FieldProblem, Hint, Label, TextInput } from '../../components/field';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';

/** How the form ended: an org was added or picked (focus goes to it in the list), or it was cancelled. */
export type AddOrgOutcome = { kind: 'added' | 'picked'; orgId: string } | { kind: 'cancelled' };

/**
 * "Add organization": the id is checked against the naming rules as it is typed. Its height is
 * bounded (it scrolls inside itself), so it never pushes the organization list off the sidebar.
 */
export function AddOrgForm({ onDone }: { onDone(outcome: AddOrgOutcome): void }) {
  const id = useId();
  const [orgId, setOrgId] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const known = useAppStore((s) => s.orgs.data?.orgs.some((org) => org.orgId === orgId) ?? false);
  const { pending, error } = useAppStore((s) => s.addOrgState);
  const addOrg = useAppStore((s) => s.addOrg);
  const selectOrg = useAppStore((s) => s.selectOrg);
  const clearError = useAppStore((s) => s.clearAddOrgError);
  const showView = useAppStore((s) => s.showView);
  const errorRef = useRef<HTMLDivElement>(null);

  const rule = nameSegmentProblem('orgId', orgId);
  const problem = orgId === '' ? (submitted ? 'Enter an organization id.' : null) : rule ? `The organization id ${rule}.` : null;

  // A failed add shows below the field: bring it into the form's own scroll area.
  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);

  function close(outcome: AddOrgOutcome) {
    clearError();
    onDone(outcome);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (rule !== null) return;
    if (known) {
      showView('secrets');
      selectOrg(orgId);
      close({ kind: 'picked', orgId });
      return;
    }
    if (await addOrg(orgId)) {
      showView('secrets');
      close({ kind: 'added', orgId });
    }
  }

  return (
    <form
      aria-label="Add organization"
      className="max-h-[max(14rem,30vh)] shrink-0 space-y-2 overflow-y-auto rounded-md border border-slate-200 bg-white p-2.5 dark:border-slate-700 dark:bg-slate-900"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || pending) return;
        event.stopPropagation();
        close({ kind: 'cancelled' });
      }}
    >
      <Label htmlFor={`${id}-org`}>Organization id</Label>
      <TextInput
        id={`${id}-org`}
        // The form was opened on purpose: put the caret where the typing goes.
        autoFocus
        value={orgId}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="off"
        placeholder="e.g. acme"
        aria-invalid={problem !== null}
        aria-describedby={`${id}-rule ${problem ? `${id}-problem` : ''}`}
        onChange={(event) => setOrgId(event.currentTarget.value)}
      />
      {problem ? <FieldProblem id={`${id}-problem`}>{problem}</FieldProblem> : null}
      <Hint id={`${id}-rule`}>{describeNameRule('orgId')}</Hint>
      {known && rule === null && <Hint>This organization is already in the list; adding selects it.</Hint>}
      {error && (
        <div ref={errorRef}>
          <ErrorMessage compact error={error} />
        </div>
      )}
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add'}
        </Button>
        <Button size="sm" onClick={() => close({ kind: 'cancelled' })} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
