import { RefreshCw } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { SelfCheckVerdict } from '../../../../shared/contract';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { exactTime } from '../../lib/time';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { SelfCheckDetails } from './SelfCheckDetails';
import { SelfCheckVerdictView } from './SelfCheckVerdictView';

export interface SelfCheckPanelProps {
  /** The profile whose identity is checked (any kind: the embedded vault and LocalStack answer "not applicable"). */
  readonly profileId: string;
  /** The panel's heading level, to fit the page's outline (h3 under a profile's h2; h2 right under a page's h1). */
  readonly headingLevel?: 2 | 3;
}

type State = { readonly loading: boolean; readonly verdict: SelfCheckVerdict | null; readonly error: UiErrorData | null };

async function request(profileId: string, refresh: boolean): Promise<State> {
  try {
    return { loading: false, verdict: await api.checkBlindAccess(profileId, refresh), error: null };
  } catch (error) {
    return { loading: false, verdict: null, error: toUiErrorData(error) };
  }
}

/**
 * The blind self-check of one profile: can its identity read secret values, by IAM's simulator?
 * Shows main's verdict (kept there a few minutes) and "Check again", which asks IAM anew.
 * Mounted per AWS profile on the Profiles screen, and for the active profile under Least privilege.
 */
export function SelfCheckPanel({ profileId, headingLevel = 3 }: SelfCheckPanelProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = useId();
  const profile = useAppStore((s) => s.profiles.data?.profiles.find((p) => p.id === profileId));
  const [state, setState] = useState<State>({ loading: true, verdict: null, error: null });
  // Only the latest request's answer is shown (a slow first check must not overwrite "Check again").
  const latest = useRef(0);

  // A changed profile (edited: another AWS profile, env, read-only flag) is checked again; main's cache knows it changed.
  const profileKey = profile ? JSON.stringify(profile) : '';
  useEffect(() => {
    const ticket = ++latest.current;
    void request(profileId, false).then((next) => {
      if (ticket === latest.current) setState(next);
    });
  }, [profileId, profileKey]);

  function checkAgain(): void {
    const ticket = ++latest.current;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    void request(profileId, true).then((next) => {
      if (ticket === latest.current) setState(next);
    });
  }

  const name = profile?.name ?? profileId;
  const { loading, verdict, error } = state;
  const checkLabel = loading ? 'Checking…' : 'Check again';
  return (
    <section aria-labelledby={headingId} data-testid="self-check" data-profile={profileId} className="mt-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <Heading id={headingId} className="text-sm font-semibold text-slate-900 dark:text-slate-50">
          Blind self-check<span className="sr-only"> of {name}</span>
        </Heading>
        <p className="text-xs text-slate-700 dark:text-slate-300">Can this identity read secret values? IAM&rsquo;s policy simulator decides.</p>
        {/* The name starts with the visible words, whichever they are (axe: label-content-name-mismatch), then says which profile. */}
        <Button size="sm" className="ml-auto" disabled={loading} aria-label={`${checkLabel}: ${name}`} onClick={checkAgain}>
          <RefreshCw aria-hidden className="size-3.5" />
          {checkLabel}
        </Button>
      </div>
      <div aria-live="polite" className="mt-2">
        {loading && !verdict && <p className="text-xs text-slate-700 dark:text-slate-300">Checking with IAM…</p>}
      </div>
      {error && <ErrorMessage compact context="Could not run the self-check" error={error} {...(profile && { profile })} />}
      {verdict && (
        <div aria-busy={loading}>
          <SelfCheckVerdictView verdict={verdict} headingId={headingId} />
          {verdict.error && (
            <div className="mt-2">
              <ErrorMessage compact error={verdict.error} {...(profile && { profile })} />
            </div>
          )}
          <SelfCheckDetails verdict={verdict} />
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
            Checked {exactTime(verdict.checkedAt)}
            {verdict.cached && ' (kept from an earlier check; Check again asks IAM now)'}
          </p>
        </div>
      )}
    </section>
  );
}
