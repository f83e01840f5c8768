import { Save } from 'lucide-react';
import { useId, useState } from 'react';
import { policyJson, type GeneratedPolicy, type PolicyOptions } from '../../../../shared/iam-policy';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { CopyButton } from '../../components/copy-button';
import { focusRing } from '../../components/focus';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';

/**
 * The generated policy, read-only, with Copy and Save…. Save sends the options, not the JSON: main
 * generates the same policy again and writes it where the person picks.
 */
export function PolicyView({ options, generated }: { options: PolicyOptions; generated: GeneratedPolicy }) {
  const id = useId();
  const notify = useAppStore((s) => s.notify);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiErrorData | null>(null);
  const json = policyJson(generated.policy);

  async function save() {
    setPending(true);
    setError(null);
    try {
      const result = await api.saveIamPolicy(options);
      if (result.saved) notify(`IAM policy saved to ${result.path ?? 'the chosen file'}.`);
      else notify('Save cancelled: nothing was saved.', 'info');
    } catch (failure) {
      setError(toUiErrorData(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900 dark:text-slate-50">
          Policy
        </h2>
        <div className="ml-auto flex items-center gap-2">
          <CopyButton text={json} label="Copy the policy JSON" />
          <Button onClick={() => void save()} disabled={pending}>
            <Save aria-hidden className="size-4" />
            {pending ? 'Saving…' : 'Save…'}
          </Button>
        </div>
      </div>
      {error && <ErrorMessage compact context="Not saved" error={error} />}
      {/* Focusable so the keyboard can scroll it; never wrapped, so an ARN stays whole. */}
      <pre
        role="region"
        aria-label="Policy JSON"
        tabIndex={0}
        data-testid="policy-json"
        className={`max-h-[28rem] overflow-auto rounded-md border border-slate-300 bg-white p-3 font-mono text-xs leading-5 whitespace-pre text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 ${focusRing}`}
      >
        {json}
      </pre>
      <div>
        <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-50">What IAM cannot express</h3>
        <ul className="mt-1 list-disc space-y-1.5 pl-5 text-sm text-slate-800 dark:text-slate-200" data-testid="policy-caveats">
          {generated.caveats.map((caveat) => (
            <li key={caveat.id} data-caveat={caveat.id}>
              {caveat.text}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
