import { Plus } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { describeNameRule, nameSegmentProblem } from '../../../../shared/naming';
import { Button } from '../../components/button';
import { FieldProblem, Hint, Label, TextInput } from '../../components/field';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';

/** "Add organization": the id is checked against the naming rules as it is typed. */
export function AddOrgForm() {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [orgId, setOrgId] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const known = useAppStore((s) => s.orgs.data?.orgs.some((org) => org.orgId === orgId) ?? false);
  const { pending, error } = useAppStore((s) => s.addOrgState);
  const addOrg = useAppStore((s) => s.addOrg);
  const selectOrg = useAppStore((s) => s.selectOrg);
  const clearError = useAppStore((s) => s.clearAddOrgError);
  const showView = useAppStore((s) => s.showView);

  const rule = nameSegmentProblem('orgId', orgId);
  const problem = orgId === '' ? (submitted ? 'Enter an organization id.' : null) : rule ? `The organization id ${rule}.` : null;

  function close() {
    setOpen(false);
    setOrgId('');
    setSubmitted(false);
    clearError();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (rule !== null) return;
    if (known) {
      showView('secrets');
      selectOrg(orgId);
      close();
      return;
    }
    if (await addOrg(orgId)) {
      showView('secrets');
      close();
    }
  }

  if (!open) {
    return (
      <Button size="sm" variant="ghost" className="w-full justify-start" onClick={() => setOpen(true)}>
        <Plus aria-hidden className="size-4" />
        Add organization
      </Button>
    );
  }
  return (
    <form
      aria-label="Add organization"
      className="space-y-2 rounded-md border border-slate-200 bg-white p-2.5 dark:border-slate-700 dark:bg-slate-900"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => event.key === 'Escape' && close()}
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
      {error && <ErrorMessage compact error={error} />}
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add'}
        </Button>
        <Button size="sm" onClick={close} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
