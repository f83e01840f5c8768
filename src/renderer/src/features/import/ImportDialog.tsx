import { FileInput } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ImportOptions, ImportPreview, ImportSource } from '../../../../shared/contract';
import { nameSegmentProblem } from '../../../../shared/naming';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { ConfirmDialog, DialogClose, Modal } from '../../components/dialog';
import { Label, TextInput } from '../../components/field';
import { activeProfileOf, useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { closedStartNotice, closingNotice } from '../jobs/job-model';
import { JobDialogFooter, JobPanel, useRunningJobGuard } from '../jobs/JobPanel';
import { useJobRunner, type StartOutcome } from '../jobs/use-job-runner';
import { ImportAfterwards } from './ImportAfterwards';
import { planSummary, writesOf } from './import-model';
import { ImportPreviewTable } from './ImportPreviewTable';
import { ImportSourcePicker } from './ImportSourcePicker';
import { ImportTargetFields, type ImportTarget } from './ImportTargetFields';
import { useImportPreview } from './use-import-preview';

const NO_KEYS: readonly string[] = [];

function segmentProblem(kind: 'orgId' | 'domainId', value: string): string | null {
  const what = kind === 'orgId' ? 'organization id' : 'domain id';
  if (value === '') return `Enter an ${what}.`;
  const rule = nameSegmentProblem(kind, value);
  return rule ? `The ${what} ${rule}.` : null;
}

/**
 * Import a `.env` file (or the app's environment) into one org and domain: open the source (main
 * reads it and keeps the values), see the blind plan for the target, leave keys out, run it as a
 * job, follow it, export its report, and see which keys can now come out of the file. Main is
 * told to forget the source when the dialog goes away, however it closes.
 */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const id = useId();
  const profile = useAppStore(activeProfileOf);
  const selectedOrgId = useAppStore((s) => s.selectedOrgId);
  const selectedDomainId = useAppStore((s) => s.selectedDomainId);
  const orgList = useAppStore((s) => s.orgs.data);
  const loadSecrets = useAppStore((s) => s.loadSecrets);
  const notify = useAppStore((s) => s.notify);

  const [source, setSource] = useState<ImportSource | null>(null);
  const [opening, setOpening] = useState<ImportSource['kind'] | null>(null);
  const [notOpened, setNotOpened] = useState('');
  const [sourceError, setSourceError] = useState<UiErrorData | null>(null);
  const [target, setTarget] = useState<ImportTarget>({ orgId: selectedOrgId ?? '', domainId: selectedDomainId, includeCustom: false, overwrite: false });
  const [skipKeys, setSkipKeys] = useState<readonly string[]>(NO_KEYS);
  const [confirming, setConfirming] = useState(false);
  /** The plan the job ran (for the Afterwards list). */
  const [ranWith, setRanWith] = useState<ImportPreview | null>(null);
  const runner = useJobRunner();

  const mounted = useRef(false);
  /** The source main holds for this dialog, to let go of it when the dialog goes. */
  const held = useRef<string | null>(null);
  const summaryRef = useRef<HTMLHeadingElement>(null);
  const focusSummary = useRef(false);
  /** A job ran from this dialog: the secrets view reads its statuses again on close. */
  const ran = useRef(false);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      const sourceId = held.current;
      if (sourceId) void api.forgetImportSource(sourceId).catch(() => undefined);
    };
  }, []);

  useEffect(() => {
    if (!focusSummary.current || !source) return;
    focusSummary.current = false;
    summaryRef.current?.focus();
  });

  const orgIds = useMemo(() => orgList?.orgs.map((org) => org.orgId) ?? [], [orgList]);
  const orgProblem = segmentProblem('orgId', target.orgId);
  const domainProblem = segmentProblem('domainId', target.domainId);
  const request = useMemo<ImportOptions | null>(
    () =>
      source && orgProblem === null && domainProblem === null
        ? { sourceId: source.sourceId, orgId: target.orgId, domainId: target.domainId, includeCustom: target.includeCustom, overwrite: target.overwrite, skipKeys: [...skipKeys] }
        : null,
    [source, orgProblem, domainProblem, target, skipKeys],
  );
  const preview = useImportPreview(request);
  // A preview of another source (one opened before this one) is not shown.
  const plan = preview.preview && preview.preview.sourceId === source?.sourceId ? preview.preview : null;
  const writes = plan ? writesOf(plan) : 0;
  const report = runner.report;
  const guard = useRunningJobGuard(report);
  const canRun = preview.current && plan !== null && plan.items.length > 0 && !runner.starting && !profile?.readOnly;
  const prod = profile?.env === 'prod';
  const [typedEnv, setTypedEnv] = useState('');

  async function openSource(kind: ImportSource['kind']) {
    setOpening(kind);
    setSourceError(null);
    setNotOpened('');
    try {
      const result = await api.openImportSource(kind);
      if (!mounted.current) {
        if (result.opened) void api.forgetImportSource(result.source.sourceId).catch(() => undefined);
        return;
      }
      if (!result.opened) {
        setNotOpened('No file was opened.');
        return;
      }
      const previous = held.current;
      held.current = result.source.sourceId;
      if (previous) void api.forgetImportSource(previous).catch(() => undefined);
      setSource(result.source);
      setSkipKeys(NO_KEYS);
      focusSummary.current = true;
    } catch (failure) {
      if (mounted.current) setSourceError(toUiErrorData(failure));
    } finally {
      if (mounted.current) setOpening(null);
    }
  }

  function toggleKey(key: string, include: boolean) {
    setSkipKeys((keys) => (include ? keys.filter((k) => k !== key) : keys.includes(key) ? keys : [...keys, key]));
  }

  async function run(confirmed = false) {
    setConfirming(false);
    if (!canRun || !request || !plan) return;
    // Overwriting asks first; so does any import into prod, where the env name is typed (main checks it too).
    if ((plan.counts.overwrite > 0 || prod) && !confirmed) {
      setTypedEnv('');
      setConfirming(true);
      return;
    }
    const closedMeanwhile = (outcome: StartOutcome): void => {
      // Closed while "Starting…": the import may run all the same, with no dialog left to show it.
      const { text, tone } = closedStartNotice(outcome, 'The import');
      notify(text, tone);
      if ('report' in outcome) void loadSecrets();
    };
    if (await runner.start(() => api.startImport(prod ? { ...request, confirmEnv: typedEnv } : request), closedMeanwhile)) {
      ran.current = true;
      setRanWith(plan);
    }
  }

  function previewAgain() {
    runner.reset();
    setRanWith(null);
    preview.retry();
  }

  function close() {
    // The secrets view may show the target: it reads the statuses again.
    if (ran.current) void loadSecrets();
    // A running import goes on: the runner hands it to the background as the dialog goes.
    if (report) {
      notify(closingNotice(report, 'The import'), 'info');
    }
    onClose();
  }

  return (
    <Modal
      open
      size="lg"
      onOpenChange={(open) => !open && close()}
      {...guard.modal}
      title="Import keys from a .env file"
      description={
        <p>
          The app reads the file itself and keeps the values: this window only sees the keys, their line numbers and where each would go — never a value.
        </p>
      }
    >
      <div className="mt-4 space-y-5" data-testid="import-dialog">
        {!report ? (
          <>
            <ImportSourcePicker source={source} opening={opening} disabled={runner.starting} onOpen={(kind) => void openSource(kind)} summaryRef={summaryRef} />
            <p role="status" className={notOpened ? 'text-sm text-slate-800 dark:text-slate-200' : 'sr-only'}>
              {notOpened}
            </p>
            {sourceError && <ErrorMessage compact context="Could not open the source" error={sourceError} />}
            {source && profile && (
              <>
                <ImportTargetFields
                  target={target}
                  env={profile.env}
                  orgIds={orgIds}
                  orgProblem={orgProblem}
                  domainProblem={domainProblem}
                  disabled={runner.starting}
                  onChange={(patch) => setTarget((current) => ({ ...current, ...patch }))}
                />
                <section aria-labelledby={`${id}-preview`} className="space-y-2">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                    <h3 id={`${id}-preview`} className="text-sm font-semibold">
                      Preview
                    </h3>
                    <p role="status" className="text-sm text-slate-800 dark:text-slate-200" data-testid="import-plan-summary">
                      {request === null ? 'Correct the target to see the plan.' : preview.loading ? 'Updating the preview…' : plan ? planSummary(plan) : ''}
                    </p>
                  </div>
                  {preview.error && <ErrorMessage compact context="No preview" error={preview.error} onRetry={preview.retry} />}
                  {plan && <ImportPreviewTable preview={plan} busy={preview.loading} disabled={runner.starting} skipKeys={skipKeys} onToggleKey={toggleKey} />}
                </section>
                {runner.error && <ErrorMessage compact context="The import did not start" error={runner.error} />}
              </>
            )}
            <div className="flex flex-wrap justify-end gap-2">
              <DialogClose asChild>
                <Button>Close</Button>
              </DialogClose>
              {source && (
                <Button variant="primary" disabled={!canRun} onClick={() => void run()}>
                  <FileInput aria-hidden className="size-4" />
                  {runner.starting ? 'Starting…' : writes === 0 ? 'Run (nothing to write)' : `Import ${writes} ${writes === 1 ? 'key' : 'keys'}`}
                </Button>
              )}
            </div>
          </>
        ) : (
          <>
            <JobPanel runner={runner} report={report} after={source && ranWith ? <ImportAfterwards source={source} preview={ranWith} report={report} /> : null} />
            <JobDialogFooter report={report} blocked={guard.blocked} onHide={close}>
              <Button onClick={previewAgain}>Preview again</Button>
              <DialogClose asChild>
                <Button variant="primary">Close</Button>
              </DialogClose>
            </JobDialogFooter>
          </>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={
          (plan?.counts.overwrite ?? 0) > 0
            ? `Overwrite ${plan?.counts.overwrite ?? 0} existing ${plan?.counts.overwrite === 1 ? 'secret' : 'secrets'}?`
            : `Import ${writes} ${writes === 1 ? 'secret' : 'secrets'} into production?`
        }
        description={
          (plan?.counts.overwrite ?? 0) > 0 ? (
            <p>
              Their current values in {target.orgId}/{target.domainId} ({profile?.env}) are replaced by the file’s as a new version. The old values cannot be viewed or
              brought back from this app.
            </p>
          ) : (
            <p>
              The file’s keys are written to {target.orgId}/{target.domainId} in prod.
            </p>
          )
        }
        confirmLabel={(plan?.counts.overwrite ?? 0) > 0 ? 'Overwrite and import' : 'Import'}
        confirmDisabled={prod && typedEnv !== 'prod'}
        onConfirm={() => void run(true)}
      >
        {prod && (
          <div className="mt-4 rounded-md border border-red-300 bg-red-50 p-3 dark:border-red-800 dark:bg-red-950">
            <Label htmlFor="import-typed-env" className="text-red-950 dark:text-red-100">
              This is production. Type <code className="font-mono font-semibold">prod</code> to confirm
            </Label>
            <TextInput id="import-typed-env" className="mt-1 w-40 font-mono" autoComplete="off" spellCheck={false} value={typedEnv} onChange={(event) => setTypedEnv(event.target.value)} />
          </div>
        )}
      </ConfirmDialog>
    </Modal>
  );
}
