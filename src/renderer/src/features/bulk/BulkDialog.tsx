import { ArrowLeft, ListChecks } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { RECOVERY_WINDOW_DAYS, type ChannelInput, type WhitespaceChoice } from '../../../../shared/contract';
import { DEFAULT_DOMAIN_ID } from '../../../../shared/naming';
import { api } from '../../api';
import { Button } from '../../components/button';
import { DialogClose, Modal } from '../../components/dialog';
import { activeProfileOf, useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { closedStartNotice, closingNotice } from '../jobs/job-model';
import { JobDialogFooter, JobPanel, useRunningJobGuard } from '../jobs/JobPanel';
import { useJobRunner } from '../jobs/use-job-runner';
import { needsWhitespaceChoice } from '../write/value-entry';
import { BulkConfirm } from './BulkConfirm';
import { BulkForm } from './BulkForm';
import { confirmLabel, findBulkProblem, secretNameOf, type BulkDraft, type BulkProblem } from './bulk-model';
import { formatCount } from '../../lib/numbers';

interface Props {
  /** The orgs selected when the dialog was opened: the change covers exactly these. */
  readonly orgIds: readonly string[];
  /** The secret the matrix is filtered on ("missing …"), as the likely one to set. */
  readonly initialSecretName: string;
  onClose(): void;
}

const orgsWord = (n: number): string => (n === 1 ? '1 organization' : `${formatCount(n)} organizations`);

/**
 * One change across the selected orgs: set one secret (a value typed once, masked; each org gets
 * its own version), schedule its deletion, or restore it. Review names the count and the env (on
 * prod the env name must be typed), then the change runs as a job in main, followed here.
 *
 * The value lives in this component's state only — never the store — and is dropped once the job
 * has started, and with the dialog. A start that fails keeps it, so the person can retry.
 */
export function BulkDialog({ orgIds, initialSecretName, onClose }: Props) {
  const id = useId();
  const profile = useAppStore(activeProfileOf);
  const notify = useAppStore((s) => s.notify);
  const [step, setStep] = useState<'form' | 'confirm'>('form');
  const [draft, setDraft] = useState<BulkDraft>({
    action: 'set',
    secretChoice: initialSecretName,
    customName: '',
    domainId: DEFAULT_DOMAIN_ID,
    days: String(RECOVERY_WINDOW_DAYS.max),
    mode: 'single-line',
    whitespaceChosen: false,
  });
  const [value, setValue] = useState('');
  const [whitespace, setWhitespace] = useState<WhitespaceChoice | null>(null);
  const [problem, setProblem] = useState<BulkProblem | null>(null);
  const [typed, setTyped] = useState('');
  /** Escape or a click outside was refused while the change ran. */
  const runner = useJobRunner();
  const review = useRef<HTMLButtonElement>(null);
  const focusReview = useRef(false);
  // Back from the confirmation: focus returns to Review, where it was.
  useEffect(() => {
    if (step !== 'form' || !focusReview.current) return;
    focusReview.current = false;
    review.current?.focus();
  });

  const guard = useRunningJobGuard(runner.report);

  if (!profile) return null;
  const env = profile.env;
  const report = runner.report;
  const secretName = secretNameOf(draft);
  const confirmed = env !== 'prod' || typed === env;

  function changeDraft(patch: Partial<BulkDraft>) {
    setDraft((current) => ({ ...current, ...patch }));
    setProblem(null);
  }

  function changeValue(next: string) {
    setValue(next);
    if (problem?.field === 'value' || problem?.field === 'whitespace') setProblem(null);
    // The next stray space asks again: a choice is about the whitespace that was there.
    if (!needsWhitespaceChoice({ file: null, value: next })) setWhitespace(null);
  }

  function toReview(event: FormEvent) {
    event.preventDefault();
    const found = findBulkProblem({ ...draft, whitespaceChosen: whitespace !== null }, value);
    setProblem(found);
    if (found) return;
    setTyped('');
    setStep('confirm');
  }

  async function start() {
    if (!confirmed || runner.starting) return;
    const action: ChannelInput<'startBulk'>['action'] =
      draft.action === 'set'
        ? { kind: 'set', value, ...(whitespace !== null && needsWhitespaceChoice({ file: null, value }) && { whitespace }) }
        : draft.action === 'schedule-deletion'
          ? { kind: 'schedule-deletion', recoveryWindowDays: Number(draft.days) }
          : { kind: 'restore' };
    const started = await runner.start(
      () => api.startBulk({ orgIds: [...orgIds], domainId: draft.domainId, secretName, action, ...(env === 'prod' && { confirmEnv: typed }) }),
      // Closed while "Starting…": the job may run all the same, with no dialog left to show it.
      (outcome) => {
        const { text, tone } = closedStartNotice(outcome, 'The change');
        notify(text, tone);
      },
    );
    // Started: the value is main's now, and nothing here needs it again.
    if (started) {
      setValue('');
      setTyped('');
    }
  }

  function close() {
    setValue('');
    // A running change goes on: the runner hands it to the background as the dialog goes.
    if (report) notify(closingNotice(report, 'The change'), 'info');
    onClose();
  }

  return (
    <Modal
      open
      size="lg"
      onOpenChange={(open) => !open && close()}
      {...guard.modal}
      title={`Change ${orgsWord(orgIds.length)}`}
      description={<p>One change, applied to each selected organization in {env} as its own write, with its own audit entry. You review it before it runs.</p>}
    >
      <div className="mt-4 space-y-5" data-testid="bulk-dialog">
        {report ? (
          <>
            <JobPanel runner={runner} report={report} />
            <JobDialogFooter report={report} blocked={guard.blocked} onHide={close} />
          </>
        ) : step === 'form' ? (
          // noValidate: the form checks itself and says why by each field; the browser's bubbles would stop Review silently.
          <form aria-label="What to change" className="space-y-5" noValidate onSubmit={toReview}>
            <BulkForm
              id={id}
              draft={draft}
              onDraftChange={changeDraft}
              value={value}
              onValueChange={changeValue}
              whitespace={whitespace}
              onWhitespaceChange={(choice) => {
                setWhitespace(choice);
                if (problem?.field === 'whitespace') setProblem(null);
              }}
              problem={problem}
            />
            <div className="flex flex-wrap justify-end gap-2">
              <DialogClose asChild>
                <Button>Cancel</Button>
              </DialogClose>
              <Button ref={review} type="submit" variant="primary">
                <ListChecks aria-hidden className="size-4" />
                Review…
              </Button>
            </div>
          </form>
        ) : (
          <form
            aria-label="Confirm the change"
            className="space-y-5"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void start();
            }}
          >
            <BulkConfirm
              id={id}
              action={draft.action}
              secretName={secretName}
              domainId={draft.domainId}
              days={draft.days}
              orgIds={orgIds}
              env={env}
              typed={typed}
              onTypedChange={setTyped}
            />
            {runner.error && <ErrorMessage compact context="Nothing was started" error={runner.error} />}
            <div className="flex flex-wrap justify-end gap-2">
              <Button
                disabled={runner.starting}
                onClick={() => {
                  focusReview.current = true;
                  setStep('form');
                }}
              >
                <ArrowLeft aria-hidden className="size-4" />
                Back
              </Button>
              <Button type="submit" variant={env === 'prod' || draft.action === 'schedule-deletion' ? 'danger' : 'primary'} disabled={!confirmed || runner.starting}>
                {runner.starting ? 'Starting…' : confirmLabel(draft.action, orgIds.length)}
              </Button>
            </div>
          </form>
        )}
      </div>
    </Modal>
  );
}
