import type { ReactNode } from 'react';
import type { AuditChange, AuditEntry } from '../../../../shared/audit';
import { BreakablePath } from './BreakablePath';
import { ACTION_LABELS, KEY_CHECK_LABELS, OUTCOME_LABELS } from './describe-audit';

const fullTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });
const DT = 'text-slate-600 dark:text-slate-400';
const DD = 'min-w-0 text-slate-900 dark:text-slate-100';

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className={DT}>{term}</dt>
      <dd className={DD}>{children}</dd>
    </>
  );
}

const mono = (text: string) => (
  <code className="font-mono text-xs">
    <BreakablePath text={text} />
  </code>
);

/** One entry's facts: who, when, through which profile, how it ended. An entry has no value to show. */
function EntryFacts({ title, entry }: { title: string; entry: AuditEntry }) {
  return (
    <section aria-label={`${title} (entry ${entry.seq})`} className="min-w-0 flex-1 basis-72">
      <h2 className="mb-1 text-xs font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300">
        {title} <span className="font-normal normal-case">· entry #{entry.seq}</span>
      </h2>
      <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
        <Fact term="Time">
          <time dateTime={entry.time}>{fullTime.format(new Date(entry.time))}</time>
        </Fact>
        <Fact term="Action">
          {ACTION_LABELS[entry.action]} ({mono(entry.action)})
        </Fact>
        <Fact term="Outcome">{OUTCOME_LABELS[entry.outcome]}</Fact>
        <Fact term="OS user">{entry.actor.osUser}</Fact>
        {entry.actor.callerArn && <Fact term="Caller ARN">{mono(entry.actor.callerArn)}</Fact>}
        {entry.actor.callerAccount && <Fact term="Account">{mono(entry.actor.callerAccount)}</Fact>}
        <Fact term="Profile">{[entry.profileId, entry.profileKind, entry.env].filter(Boolean).join(' · ')}</Fact>
        {entry.secretId && <Fact term="Secret">{mono(entry.secretId)}</Fact>}
        {entry.orgId && !entry.secretId && <Fact term="Organization">{mono(entry.orgId)}</Fact>}
        {entry.versionId && <Fact term="Request id (version)">{mono(entry.versionId)}</Fact>}
        {entry.keyCheck && <Fact term="Key check">{KEY_CHECK_LABELS[entry.keyCheck]}</Fact>}
        {entry.keyCheckOrigins && entry.keyCheckOrigins.length > 0 && <Fact term="Checked with">{mono(entry.keyCheckOrigins.join(' '))}</Fact>}
        {entry.export && (
          <Fact term="Export">
            {mono(entry.export.fileName)} ({entry.export.format}
            {entry.export.count !== undefined && `, ${entry.export.count} entries`})
          </Fact>
        )}
        {entry.errorCode && (
          <Fact term="Error">
            <code className="font-mono text-xs text-red-700 dark:text-red-300">{entry.errorCode}</code>
          </Fact>
        )}
      </dl>
    </section>
  );
}

/** Both entries of a change side by side (stacked when narrow); a missing outcome is said plainly. */
export function ChangeDetails({ change }: { change: AuditChange }) {
  return (
    <div className="flex flex-wrap gap-4 bg-slate-50 px-4 py-3 dark:bg-slate-800/60">
      {change.attempt ? (
        <EntryFacts title="Attempt" entry={change.attempt} />
      ) : (
        <p className="flex-1 basis-72 text-xs text-slate-700 dark:text-slate-300">The attempt is not in the log (it starts after it).</p>
      )}
      {change.outcome ? (
        <EntryFacts title="Outcome" entry={change.outcome} />
      ) : (
        <p className="flex-1 basis-72 text-xs text-slate-700 dark:text-slate-300">
          No outcome recorded: the change may still be running, or the app stopped before it could record how it ended.
        </p>
      )}
    </div>
  );
}
