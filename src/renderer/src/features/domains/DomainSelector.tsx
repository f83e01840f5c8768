import { Plus } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { DEFAULT_DOMAIN_ID, describeNameRule, nameSegmentProblem } from '../../../../shared/naming-rules';
import { Button } from '../../components/button';
import { FieldProblem, Hint, inputClass, Label, TextInput } from '../../components/field';
import { useAppStore } from '../../store';

/** Every domain known for the selected org: `shared` first, then the ones found, then those added here. */
function useDomains(): string[] {
  const orgId = useAppStore((s) => s.selectedOrgId);
  const fromOrg = useAppStore((s) => s.orgs.data?.orgs.find((org) => org.orgId === orgId)?.domains);
  const fromList = useAppStore((s) => s.secrets.data?.domains);
  const added = useAppStore((s) => (orgId ? s.addedDomains[orgId] : undefined));
  const selected = useAppStore((s) => s.selectedDomainId);
  const all = new Set([...(fromOrg ?? []), ...(fromList ?? []), ...(added ?? []), selected]);
  all.delete(DEFAULT_DOMAIN_ID);
  return [DEFAULT_DOMAIN_ID, ...[...all].sort()];
}

export function DomainSelector() {
  const id = useId();
  const domains = useDomains();
  const selected = useAppStore((s) => s.selectedDomainId);
  const selectDomain = useAppStore((s) => s.selectDomain);
  const addDomain = useAppStore((s) => s.addDomain);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const rule = nameSegmentProblem('domainId', draft);
  const problem = draft === '' ? (submitted ? 'Enter a domain id.' : null) : rule ? `The domain id ${rule}.` : null;

  function close() {
    setAdding(false);
    setDraft('');
    setSubmitted(false);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (rule !== null) return;
    addDomain(draft);
    close();
  }

  return (
    <div className="flex flex-wrap items-end gap-2">
      <div>
        <Label htmlFor={`${id}-domain`}>Domain</Label>
        <select id={`${id}-domain`} className={`${inputClass} mt-1 min-w-44`} value={selected} onChange={(event) => selectDomain(event.currentTarget.value)}>
          {domains.map((domain) => (
            <option key={domain} value={domain}>
              {domain === DEFAULT_DOMAIN_ID ? 'shared (org-wide)' : domain}
            </option>
          ))}
        </select>
      </div>
      {!adding && (
        <Button size="md" onClick={() => setAdding(true)}>
          <Plus aria-hidden className="size-4" />
          Add domain
        </Button>
      )}
      {adding && (
        <form aria-label="Add domain" className="flex items-start gap-2" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && close()}>
          <div className="w-64">
            <Label htmlFor={`${id}-new`}>New domain id</Label>
            <TextInput
              id={`${id}-new`}
              className="mt-1"
              autoFocus
              value={draft}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              placeholder="e.g. support"
              aria-invalid={problem !== null}
              aria-describedby={`${id}-rule ${problem ? `${id}-problem` : ''}`}
              onChange={(event) => setDraft(event.currentTarget.value)}
            />
            {problem && <FieldProblem id={`${id}-problem`}>{problem}</FieldProblem>}
            <Hint id={`${id}-rule`}>{describeNameRule('domainId')} A domain appears for good once it holds a secret.</Hint>
          </div>
          <Button type="submit" variant="primary" className="mt-6">
            Open
          </Button>
          <Button className="mt-6" onClick={close}>
            Cancel
          </Button>
        </form>
      )}
    </div>
  );
}
