import { useId, useState } from 'react';
import type { Env } from '../../../../shared/naming';
import { activeProfileOf, useAppStore } from '../../store';
import { NoticeBar } from '../shell/NoticeBar';
import { SelfCheckPanel } from '../profiles/SelfCheckPanel';
import { initialDraft, resolveDraft, type PolicyDraft } from './policy-draft';
import { PolicyOptionsForm } from './PolicyOptionsForm';
import { PolicyView } from './PolicyView';

/**
 * Least privilege: the IAM policy a person using this app needs (admin or support), generated from
 * the calls the app makes — never GetSecretValue — and the blind self-check of the active profile.
 */
export function AccessScreen() {
  const id = useId();
  const profile = useAppStore(activeProfileOf);
  const orgs = useAppStore((s) => s.orgs.data);
  const profileEnv = profile?.env ?? 'dev';
  const [fields, setFields] = useState<Omit<PolicyDraft, 'env'>>(() => initialDraft(profileEnv));
  // The env follows the active profile until the person picks one.
  const [chosenEnv, setChosenEnv] = useState<Env | null>(null);
  const draft: PolicyDraft = { ...fields, env: chosenEnv ?? profileEnv };

  const resolved = resolveDraft(draft);
  const knownOrgs = orgs && orgs.env === draft.env ? orgs.orgs.map((org) => org.orgId) : [];

  return (
    <div className="mx-auto max-w-5xl space-y-6 p-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-50">Least privilege</h1>
        <p className="max-w-prose text-sm text-slate-700 dark:text-slate-300">
          The IAM policy for a person who uses this app, built from the calls the app makes. Neither role may read a secret value: GetSecretValue is left out and
          explicitly denied, so the blind-write promise holds in IAM too.
        </p>
      </div>
      <NoticeBar />
      <div className="space-y-6">
        <PolicyOptionsForm
          draft={draft}
          problems={resolved.ok ? {} : resolved.problems}
          knownOrgs={knownOrgs}
          onChange={({ env, ...change }) => {
            if (env !== undefined) setChosenEnv(env);
            setFields((current) => ({ ...current, ...change }));
          }}
        />
        <div className="min-w-0">
          {resolved.ok ? (
            <PolicyView options={resolved.options} generated={resolved.generated} />
          ) : (
            <p role="status" className="rounded-md border border-slate-300 p-3 text-sm text-slate-800 dark:border-slate-600 dark:text-slate-200">
              Fix the highlighted field to see the policy.
            </p>
          )}
        </div>
      </div>
      {/* The blind self-check (built with the Profiles screen): can the active profile's identity read values? */}
      <section aria-labelledby={`${id}-self-check`} className="space-y-1">
        <h2 id={`${id}-self-check`} className="text-lg font-semibold text-slate-900 dark:text-slate-50">
          The active profile
        </h2>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Whether the credentials you use now could read values, whatever policy they were given.
        </p>
        {profile && <SelfCheckPanel profileId={profile.id} />}
      </section>
    </div>
  );
}
