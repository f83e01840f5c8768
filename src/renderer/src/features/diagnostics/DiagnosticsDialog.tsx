import { AlertTriangle, CheckCircle2, Copy, MinusCircle, RefreshCw, XCircle } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { diagnosticStatusWord, diagnosticsSecretSchema, formatDiagnosticsText, type DiagnosticCheck, type DiagnosticsReport, type DiagnosticsSecret } from '../../../../shared/diagnostics';
import type { Profile } from '../../../../shared/contract';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { useCopy } from '../../components/copy-button';
import { DialogClose, Modal } from '../../components/dialog';
import { Label, TextInput } from '../../components/field';
import { ErrorMessage } from '../errors/ErrorMessage';
import { BreakableId } from '../jobs/BreakableId';

const ICONS = { ok: CheckCircle2, warn: AlertTriangle, fail: XCircle, skipped: MinusCircle } as const;
const TONES = {
  ok: 'text-green-700 dark:text-green-400',
  warn: 'text-amber-700 dark:text-amber-300',
  fail: 'text-red-700 dark:text-red-400',
  skipped: 'text-slate-600 dark:text-slate-400',
} as const;

/** Ids and ARNs in a sentence wrap after their slashes or colons, never inside a segment. */
function Words({ text }: { text: string }) {
  return (
    <>
      {text.split(/(\S*[/:]\S*)/).map((part, index) => (part.includes('/') ? <BreakableId key={index} id={part} /> : part))}
    </>
  );
}

function CheckItem({ check }: { check: DiagnosticCheck }) {
  const Icon = ICONS[check.status];
  return (
    <li className="flex gap-3 py-2" data-check={check.id} data-status={check.status}>
      <Icon aria-hidden className={`mt-0.5 size-4 shrink-0 ${TONES[check.status]}`} />
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium">
          <span className={`mr-2 font-mono text-xs font-semibold ${TONES[check.status]}`}>{diagnosticStatusWord(check.status)}</span>
          <Words text={check.title} />
        </p>
        <p className="mt-0.5 text-sm whitespace-pre-line text-slate-700 dark:text-slate-300">
          <Words text={check.detail} />
        </p>
        {check.facts && Object.keys(check.facts).length > 0 && (
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-slate-600 dark:text-slate-400">
            {Object.entries(check.facts).map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="font-mono">{key}</dt>
                <dd className="min-w-0 font-mono">
                  <Words text={String(value)} />
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </li>
  );
}

/** "Copy report": the one plain-text report (the same text `foundry-secrets doctor` prints). */
function CopyReport({ report }: { report: DiagnosticsReport }) {
  const { state, copy } = useCopy();
  return (
    <>
      <Button onClick={() => copy(formatDiagnosticsText(report))}>
        <Copy aria-hidden className="size-3.5" />
        Copy report
      </Button>
      <span role="status" className="text-sm text-slate-700 dark:text-slate-300">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Copy failed: select the text instead.' : ''}
      </span>
    </>
  );
}

interface LookFor {
  orgId: string;
  domainId: string;
  secretName: string;
}

/** The optional "looking for" secret, or a problem in words (the rule only, never the text typed). */
function secretOf(form: LookFor): { secret?: DiagnosticsSecret; problem?: string } {
  const orgId = form.orgId.trim();
  const domainId = form.domainId.trim();
  const secretName = form.secretName.trim();
  if (!orgId && !domainId && !secretName) return {};
  if (!orgId || !secretName) return { problem: 'To look for a secret, give at least its organization and name (the domain defaults to shared).' };
  const parsed = diagnosticsSecretSchema.safeParse({ orgId, secretName, ...(domainId && { domainId }) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = { orgId: 'Organization', domainId: 'Domain', secretName: 'Secret name' }[String(issue?.path[0])] ?? 'A field';
    return { problem: `${field} ${issue?.message ?? 'is not valid'}.` };
  }
  return { secret: parsed.data };
}

/**
 * Diagnose a profile: what it reaches, as a list of checks with their status in icons and words,
 * an optional "looking for" secret, Run again, and Copy report. Metadata only, from main.
 */
export function DiagnosticsDialog({ profile, onClose }: { profile: Profile; onClose(): void }) {
  const id = useId();
  const [form, setForm] = useState<LookFor>({ orgId: '', domainId: '', secretName: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [state, setState] = useState<{ running: boolean; report: DiagnosticsReport | null; error: UiErrorData | null }>({ running: true, report: null, error: null });
  const run = useRef(0);

  type RunState = { running: boolean; report: DiagnosticsReport | null; error: UiErrorData | null };
  const request = useCallback(
    (secret?: DiagnosticsSecret): Promise<RunState> =>
      api.runDiagnostics({ profileId: profile.id, ...(secret && { secret }) }).then(
        (report) => ({ running: false, report, error: null }),
        (error: unknown) => ({ running: false, report: null, error: toUiErrorData(error) }),
      ),
    [profile.id],
  );

  useEffect(() => {
    const ticket = ++run.current;
    void request().then((next) => {
      if (ticket === run.current) setState(next);
    });
  }, [request]);

  function start(secret?: DiagnosticsSecret): void {
    const ticket = ++run.current;
    setState((previous) => ({ running: true, report: previous.report, error: null }));
    void request(secret).then((next) => {
      if (ticket === run.current) setState(next);
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const { secret, problem: found } = secretOf(form);
    setProblem(found ?? null);
    if (found) return;
    start(secret);
  }

  const { report } = state;
  const failed = report?.checks.filter((check) => check.status === 'fail').length ?? 0;
  const field = (key: keyof LookFor, label: string, placeholder: string) => (
    <div className="min-w-0 flex-1">
      <Label htmlFor={`${id}-${key}`}>{label}</Label>
      <TextInput
        id={`${id}-${key}`}
        value={form[key]}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem !== null || undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => setForm({ ...form, [key]: event.currentTarget.value })}
      />
    </div>
  );

  return (
    <Modal
      open
      size="lg"
      onOpenChange={(open) => !open && onClose()}
      title={`Diagnose “${profile.name}”`}
      description="What this profile reaches: endpoint, LocalStack health, identity, region, clock, credentials. Nothing in the report comes from a secret value, and no credential is shown."
    >
      <form className="mt-4 rounded-md border border-slate-200 p-3 dark:border-slate-700" onSubmit={submit} aria-label="Looking for a secret">
        <p className="text-sm font-medium">Looking for a secret (optional)</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {field('orgId', 'Organization', 'acme')}
          {field('domainId', 'Domain', 'shared')}
          {field('secretName', 'Secret name', 'openai_api_key')}
        </div>
        {problem && (
          <p id={`${id}-problem`} className="mt-2 text-sm text-red-700 dark:text-red-400">
            {problem}
          </p>
        )}
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <Button type="submit" variant="primary" disabled={state.running}>
            <RefreshCw aria-hidden className="size-3.5" />
            {state.running ? 'Running…' : 'Run again'}
          </Button>
          {report && !state.running && <CopyReport report={report} />}
        </div>
      </form>

      <div className="mt-4" aria-live="polite" aria-busy={state.running}>
        {state.running && <p className="text-sm text-slate-700 dark:text-slate-300">Running checks…</p>}
        {state.error && <ErrorMessage compact context="Diagnostics did not run" error={state.error} profile={profile} />}
        {report && !state.running && (
          <p className="text-sm font-semibold" data-testid="diagnostics-result" data-healthy={report.healthy}>
            {report.healthy ? 'Healthy: no check failed.' : `Not healthy: ${failed} check${failed === 1 ? '' : 's'} failed.`}
          </p>
        )}
      </div>
      {report && (
        <ul className="mt-2 divide-y divide-slate-200 dark:divide-slate-700" aria-label="Checks">
          {report.checks.map((check) => (
            <CheckItem key={check.id} check={check} />
          ))}
        </ul>
      )}
      <div className="mt-4 flex justify-end">
        <DialogClose asChild>
          <Button>Close</Button>
        </DialogClose>
      </div>
    </Modal>
  );
}
