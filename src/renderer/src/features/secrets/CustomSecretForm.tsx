import { Plus } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { findCatalogEntry } from '../../../../shared/catalog-entries';
import { describeNameRule, longestSecretIdLength, MAX_SECRET_ID_LENGTH, nameSegmentProblem } from '../../../../shared/naming-rules';
import { Button } from '../../components/button';
import { FieldProblem, Hint, Label, TextInput } from '../../components/field';
import { useAppStore } from '../../store';

/** Why `name` cannot be a new custom secret here, or null. Checked on every keystroke. */
function customNameProblem(name: string, orgId: string, domainId: string, existing: readonly string[]): string | null {
  const rule = nameSegmentProblem('secretName', name);
  if (rule) return `The secret name ${rule}.`;
  if (findCatalogEntry(name)) return 'This is a catalog secret: use its card above.';
  if (existing.includes(name)) return 'A secret with this name is already listed below.';
  if (longestSecretIdLength(orgId, domainId, name) > MAX_SECRET_ID_LENGTH) return `The secret id would be longer than ${MAX_SECRET_ID_LENGTH} characters; use a shorter name.`;
  return null;
}

export function CustomSecretForm({ orgId, domainId, existing }: { orgId: string; domainId: string; existing: readonly string[] }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const addCustomName = useAppStore((s) => s.addCustomName);
  const openWriteForm = useAppStore((s) => s.openWriteForm);

  const rule = customNameProblem(name, orgId, domainId, existing);
  const problem = name === '' ? (submitted ? 'Enter a secret name.' : null) : rule;

  /** Cancel or Escape give the focus back to the button that opened the form (it is gone with it). */
  const refocus = useRef(false);
  const addButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open || !refocus.current) return;
    refocus.current = false;
    addButton.current?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    setName('');
    setSubmitted(false);
  }

  function cancel() {
    refocus.current = true;
    close();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (rule !== null) return;
    addCustomName(name);
    openWriteForm(name);
    close();
  }

  if (!open) {
    return (
      <Button ref={addButton} size="sm" onClick={() => setOpen(true)}>
        <Plus aria-hidden className="size-4" />
        Add custom secret
      </Button>
    );
  }
  return (
    <form
      aria-label="Add custom secret"
      className="flex items-start gap-2 rounded-lg border border-dashed border-slate-300 bg-white p-4 dark:border-slate-600 dark:bg-slate-900"
      onSubmit={submit}
      onKeyDown={(event) => event.key === 'Escape' && cancel()}
    >
      <div className="flex-1">
        <Label htmlFor={`${id}-name`}>Secret name</Label>
        <TextInput
          id={`${id}-name`}
          className="mt-1 font-mono"
          autoFocus
          value={name}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          placeholder="e.g. stripe_api_key"
          aria-invalid={problem !== null}
          aria-describedby={`${id}-rule${problem ? ` ${id}-problem` : ''}`}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        {problem && <FieldProblem id={`${id}-problem`}>{problem}</FieldProblem>}
        <Hint id={`${id}-rule`}>{describeNameRule('secretName')}</Hint>
      </div>
      <Button type="submit" variant="primary" className="mt-6">
        Continue
      </Button>
      <Button className="mt-6" onClick={cancel}>
        Cancel
      </Button>
    </form>
  );
}
