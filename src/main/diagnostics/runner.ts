/**
 * Runs the diagnostics of a profile: every check at once, each bounded by a timeout, one failing
 * check never hiding the others, the whole run cancellable. The report is parsed with its schema
 * before it leaves, like every answer of the contract.
 */
import { DIAGNOSTIC_CHECK_IDS, DIAGNOSTIC_LIMITS, diagnosticCheckSchema, diagnosticsReportSchema, type DiagnosticCheck, type DiagnosticCheckId, type DiagnosticsReport, type DiagnosticsSecret } from '../../shared/diagnostics';
import type { Profile } from '../../shared/profiles';
import type { ClientFactoryDeps } from '../backends/client-factory';
import { toAppError } from '../backends/sdk-errors';
import { CHECKS, TITLES, lookingForCheck, type Check, type CheckResult } from './checks';
import { createProbes } from './probes';

export interface RunDiagnosticsOptions {
  readonly secret?: DiagnosticsSecret;
  /** Stops the run: unfinished checks are reported as skipped, and the report as cancelled. */
  readonly signal?: AbortSignal;
  /** Each check's bound (default 10 s). */
  readonly checkTimeoutMs?: number;
  readonly now?: () => Date;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

type Outcome = { kind: 'done'; result: CheckResult } | { kind: 'timeout' } | { kind: 'cancelled' } | { kind: 'error'; error: unknown };

function bounded(run: () => Promise<CheckResult>, timeoutMs: number, signal: AbortSignal): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    if (signal.aborted) return resolve({ kind: 'cancelled' });
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    const onAbort = (): void => resolve({ kind: 'cancelled' });
    signal.addEventListener('abort', onAbort, { once: true });
    run().then(
      (result) => resolve({ kind: 'done', result }),
      (error: unknown) => resolve({ kind: 'error', error }),
    ).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}

function clip(text: string, max: number = DIAGNOSTIC_LIMITS.detail): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A check's answer as the report carries it: text clipped to the schema's bounds (an endpoint path
 * or an IAM ARN can be longer than a fact may be), then parsed on its own — an answer that still
 * does not fit fails that one check, never the whole report.
 */
export function reportedCheck(id: DiagnosticCheckId, result: CheckResult, durationMs: number): DiagnosticCheck {
  const facts = result.facts && Object.fromEntries(Object.entries(result.facts).map(([key, value]) => [key, typeof value === 'string' ? clip(value, DIAGNOSTIC_LIMITS.factValue) : value]));
  const parsed = diagnosticCheckSchema.safeParse({
    id,
    ...result,
    title: clip(result.title, DIAGNOSTIC_LIMITS.title),
    detail: clip(result.detail),
    ...(facts && { facts }),
    durationMs,
  });
  if (parsed.success) return parsed.data;
  return { id, status: 'fail', title: TITLES[id], detail: 'The answer of this check could not be put in the report (it did not have the expected form). Run it again; if it persists, report it as a bug.', durationMs };
}

/**
 * Checks whose answer comes from the profile's endpoint: the clock (its Date header), the secret
 * lookup (its listing) and, for
 * LocalStack, STS (served at the same endpoint; AWS's STS is elsewhere and may fail on its own).
 */
function needsEndpointAnswer(id: DiagnosticCheckId, profile: Profile): boolean {
  return id === 'clock' || id === 'looking-for' || (id === 'identity' && profile.kind === 'localstack');
}

/**
 * When the endpoint did not answer, a failure of a check that needs the endpoint's answer says
 * nothing new (a timeout there is not a wrong clock): it is reported as skipped, with why, so the
 * report names the one cause. A failure with a real answer (a Date header read) is kept.
 */
function endpointDependents(profile: Profile, checks: DiagnosticCheck[]): DiagnosticCheck[] {
  // Only a silence (timed out, or unreachable): an endpoint that answered with an error did answer.
  const silent = checks.some((check) => check.id === 'endpoint' && check.status === 'fail' && (check.facts?.['code'] === undefined || check.facts['code'] === 'UNREACHABLE'));
  if (!silent) return checks;
  return checks.map((check) =>
    needsEndpointAnswer(check.id, profile) && check.status === 'fail' && check.facts?.['skewSeconds'] === undefined
      ? { id: check.id, status: 'skipped', title: TITLES[check.id], detail: 'Not checked: the endpoint did not answer (see "Endpoint reachable").', durationMs: check.durationMs }
      : check,
  );
}

export async function runDiagnostics(profile: Profile, deps: ClientFactoryDeps, options: RunDiagnosticsOptions = {}): Promise<DiagnosticsReport> {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  // Our own controller: a check that timed out is also told to stop its calls.
  const stop = new AbortController();
  const relay = (): void => stop.abort();
  options.signal?.addEventListener('abort', relay, { once: true });
  if (options.signal?.aborted) stop.abort();
  const probes = createProbes(profile, deps, { signal: stop.signal, now, callTimeoutMs: Math.min(timeoutMs, deps.timeouts?.connectionMs ?? 3_000) });

  const started = performance.now();
  const generatedAt = now().toISOString();
  const planned: [DiagnosticCheckId, Check][] = DIAGNOSTIC_CHECK_IDS.flatMap((id): [DiagnosticCheckId, Check][] => {
    if (id === 'looking-for') return options.secret ? [[id, lookingForCheck(options.secret)]] : [];
    return [[id, CHECKS[id]]];
  });
  const cancelSignal = options.signal ?? new AbortController().signal;
  const checks = await Promise.all(
    planned.map(async ([id, check]): Promise<DiagnosticCheck> => {
      const checkStarted = performance.now();
      const outcome = await bounded(() => check(probes), timeoutMs, cancelSignal);
      const durationMs = Math.round(performance.now() - checkStarted);
      switch (outcome.kind) {
        case 'done':
          return reportedCheck(id, outcome.result, durationMs);
        case 'timeout':
          return { id, status: 'fail', title: TITLES[id], detail: `Did not finish within ${Math.round(timeoutMs / 1000)} s. The backend may be slow or not answering; check the endpoint and run again.`, durationMs };
        case 'cancelled':
          return { id, status: 'skipped', title: TITLES[id], detail: 'Cancelled before it finished.', durationMs };
        case 'error':
          return { id, status: 'fail', title: TITLES[id], detail: clip(`The check failed: ${toAppError(outcome.error, { profile }).message}`), durationMs };
      }
    }),
  );
  const answered = endpointDependents(profile, checks);
  options.signal?.removeEventListener('abort', relay);
  stop.abort(); // nothing of this run keeps going after its report
  probes.close();
  const cancelled = options.signal?.aborted === true;
  return diagnosticsReportSchema.parse({
    profile: { id: profile.id, name: profile.name, kind: profile.kind, env: profile.env },
    generatedAt,
    durationMs: Math.round(performance.now() - started),
    healthy: !cancelled && answered.every((check) => check.status !== 'fail'),
    cancelled,
    checks: answered,
  });
}
