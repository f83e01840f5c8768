/**
 * The pure parts of the window's bulk work, in Node: following a job from events and answers that
 * arrive out of order, the words of its outcome, the import preview's notes and "Afterwards" list,
 * and the checks of the change-across-orgs form.
 */
import { describe, expect, it } from 'vitest';
import type { ImportItem, ImportPreview, JobItem, JobReport } from '../../src/shared/jobs';
import { findBulkProblem, describeChange, type BulkDraft } from '../../src/renderer/src/features/bulk/bulk-model';
import { badLinesNote, overriddenNote, planSummary, storedKeys } from '../../src/renderer/src/features/import/import-model';
import { closedStartNotice, countsOf, itemMatches, jobSummary, mergeProgress } from '../../src/renderer/src/features/jobs/job-model';

const JOB_ID = '6f1d3c1e-0a57-4a53-9d0e-3c1b8a2f6d11';
const SOURCE_ID = '0b7f3c9a-1d2e-4f5a-8b6c-7d8e9f0a1b2c';

function item(index: number, state: JobItem['state'], extra: Partial<JobItem> = {}): JobItem {
  return { index, orgId: `org-${index}`, domainId: 'shared', secretName: 'openai_api_key', secretId: `agentfoundry/dev/org-${index}/shared/openai_api_key`, state, ...extra };
}

function report(items: JobItem[], state: JobReport['state'] = 'running'): JobReport {
  return { jobId: JOB_ID, kind: 'bulk-set', profileId: 'embedded', env: 'dev', title: 'Set openai_api_key', state, counts: countsOf(items), startedAt: 1, items };
}

describe('following a job', () => {
  it('applies the items an event carries and derives the counts from the items', () => {
    const start = report([item(0, 'running'), item(1, 'pending'), item(2, 'pending')]);
    const next = mergeProgress(start, report([item(0, 'written'), item(1, 'running')]));
    expect(next.items.map((i) => i.state)).toEqual(['written', 'running', 'pending']);
    expect(next.counts).toEqual({ total: 3, done: 1, written: 1, skipped: 0, failed: 0, cancelled: 0 });
  });

  it('never takes a settled item back to running, nor a finished job back to running (late words)', () => {
    const settled = mergeProgress(report([item(0, 'running'), item(1, 'running')]), { ...report([item(0, 'written'), item(1, 'failed', { reason: 'Refused.' })]), state: 'done', finishedAt: 9 });
    const late = mergeProgress(settled, report([item(0, 'running'), item(1, 'running')]));
    expect(late.items.map((i) => i.state)).toEqual(['written', 'failed']);
    expect(late.state).toBe('done');
    expect(late.finishedAt).toBe(9);
  });

  it('ignores another job, and items it does not know', () => {
    const start = report([item(0, 'pending')]);
    expect(mergeProgress(start, { ...report([item(0, 'written')]), jobId: '11111111-2222-4333-8444-555555555555' })).toBe(start);
    expect(mergeProgress(start, report([item(5, 'written')])).items).toEqual(start.items);
  });

  it('tells the fate of a start whose dialog was closed: it goes on, it ended, or why it did not start', () => {
    // The import e2e test reaches the last case (main forgot the file first); the other two are the
    // words the runner hands on when the start reached main before the close did.
    expect(closedStartNotice({ report: report([item(0, 'written'), item(1, 'pending')]) }, 'The change')).toEqual({
      text: 'The change goes on in the background: 1 of 2 done.',
      tone: 'info',
    });
    expect(closedStartNotice({ report: report([item(0, 'written')], 'done') }, 'The change')).toEqual({
      text: 'Set openai_api_key. Done: 1 written, 0 skipped, 0 failed.',
      tone: 'info',
    });
    expect(closedStartNotice({ error: { message: 'That import source is no longer open. Open the file again.' } }, 'The import')).toEqual({
      text: 'The import did not start: That import source is no longer open. Open the file again.',
      tone: 'error',
    });
  });

  it('says where a job is and how it ended, in counts only', () => {
    expect(jobSummary(report([item(0, 'written'), item(1, 'pending')]))).toBe('1 of 2 done.');
    expect(jobSummary(report([item(0, 'written'), item(1, 'pending')]), true)).toBe('Cancelling: the items already sent finish, no new one starts. 1 of 2 done.');
    expect(jobSummary(report([item(0, 'written'), item(1, 'skipped'), item(2, 'failed')], 'done'))).toBe('Done: 1 written, 1 skipped, 1 failed.');
    expect(jobSummary(report([item(0, 'written'), item(1, 'cancelled')], 'cancelled'))).toBe(
      'Stopped: 1 written, 0 skipped, 0 failed, 1 cancelled (nothing was written for it).',
    );
    expect(jobSummary(report([item(0, 'cancelled'), item(1, 'cancelled')], 'cancelled'))).toBe(
      'Stopped: 0 written, 0 skipped, 0 failed, 2 cancelled (nothing was written for them).',
    );
    // Stopped with no item cancelled (its stopped items ended "Unknown — check"): no note hangs off "0 cancelled".
    expect(jobSummary(report([item(0, 'failed'), item(1, 'failed')], 'cancelled'))).toBe('Stopped: 0 written, 0 skipped, 2 failed.');
    expect(['pending', 'running', 'written'].map((state) => itemMatches('waiting', state as JobItem['state']))).toEqual([true, true, false]);
  });
});

function planned(key: string, plan: ImportItem['plan'], extra: Partial<ImportItem> = {}): ImportItem {
  return { key, line: 1, plan, exists: false, secretId: `agentfoundry/dev/acme/shared/${key.toLowerCase()}`, ...extra };
}

function preview(items: ImportItem[]): ImportPreview {
  const counts = { create: 0, overwrite: 0, 'skip-existing': 0, 'skip-empty': 0, 'skip-unmapped': 0, 'skip-chosen': 0, 'skip-malformed': 0, 'invalid-name': 0 };
  for (const i of items) counts[i.plan] += 1;
  return { sourceId: SOURCE_ID, sourceName: 'team.env', env: 'dev', orgId: 'acme', domainId: 'shared', items, badLines: [], materialLines: [], counts };
}

describe('the import preview in words', () => {
  it('names duplicates and bad lines by number only', () => {
    expect(overriddenNote(planned('OPENAI_API_KEY', 'create', { line: 11, overriddenLines: [2] }))).toBe('Line 2 overridden by line 11 (the last assignment counts).');
    expect(overriddenNote(planned('OPENAI_API_KEY', 'create', { line: 11, overriddenLines: [2, 5, 7] }))).toBe('Lines 2, 5 and 7 overridden by line 11 (the last assignment counts).');
    expect(overriddenNote(planned('OPENAI_API_KEY', 'create'))).toBeNull();
    expect(badLinesNote([])).toBeNull();
    expect(badLinesNote([4])).toBe('Line 4 is not a KEY=value assignment, a comment or blank, so it is left out. Its text is not shown here.');
    expect(badLinesNote([10, 12])).toBe('Lines 10 and 12 are not a KEY=value assignment, a comment or blank, so they are left out. Their text is not shown here.');
  });

  it('sums up what Run does', () => {
    expect(planSummary(preview([planned('A', 'create'), planned('B', 'overwrite'), planned('C', 'skip-empty')]))).toBe('3 keys: 1 to create, 1 to overwrite, 1 skipped.');
    expect(planSummary(preview([planned('A', 'skip-existing')]))).toBe('1 key: 0 to create, 1 skipped.');
  });

  it('lists as stored the keys written now and those there already, not the failed, empty or unmapped ones', () => {
    const plan = preview([planned('A', 'create'), planned('B', 'skip-existing', { exists: true }), planned('C', 'skip-empty'), planned('D', 'create'), planned('E', 'skip-unmapped', { secretId: undefined })]);
    const items: JobItem[] = [
      item(0, 'written', { key: 'A', secretId: 'agentfoundry/dev/acme/shared/a' }),
      item(1, 'skipped', { key: 'B', secretId: 'agentfoundry/dev/acme/shared/b' }),
      item(2, 'skipped', { key: 'C', secretId: 'agentfoundry/dev/acme/shared/c' }),
      item(3, 'failed', { key: 'D', secretId: 'agentfoundry/dev/acme/shared/d' }),
      item(4, 'skipped', { key: 'E', secretId: undefined }),
    ];
    expect(storedKeys(plan, { ...report(items, 'done'), kind: 'import' })).toEqual([
      { key: 'A', secretId: 'agentfoundry/dev/acme/shared/a', how: 'written' },
      { key: 'B', secretId: 'agentfoundry/dev/acme/shared/b', how: 'existing' },
    ]);
  });

  it('does not call a key stored when its secret exists but the overwrite failed, or it is scheduled for deletion', () => {
    const plan = preview([
      planned('A', 'overwrite', { exists: true }),
      planned('B', 'skip-existing', { exists: true, warning: 'Scheduled for deletion: restore it first, or the write will be refused.' }),
    ]);
    const items: JobItem[] = [item(0, 'failed', { key: 'A', secretId: 'agentfoundry/dev/acme/shared/a' }), item(1, 'skipped', { key: 'B', secretId: 'agentfoundry/dev/acme/shared/b' })];
    expect(storedKeys(plan, { ...report(items, 'done'), kind: 'import' })).toEqual([]);
  });
});

describe('the change-across-orgs form', () => {
  const draft: BulkDraft = { action: 'set', secretChoice: 'openai_api_key', customName: '', domainId: 'shared', days: '30', mode: 'single-line', whitespaceChosen: false };

  it('refuses, in the order of the form, what cannot be sent; never quoting the value', () => {
    expect(findBulkProblem({ ...draft, secretChoice: '' }, 'sk-x')?.field).toBe('secret');
    expect(findBulkProblem({ ...draft, secretChoice: '*custom', customName: 'Bad Name' }, 'sk-x')).toEqual({ field: 'custom', text: expect.stringMatching(/^The secret name /) });
    expect(findBulkProblem({ ...draft, domainId: '' }, 'sk-x')?.field).toBe('domain');
    expect(findBulkProblem(draft, '')?.field).toBe('value');
    const spaced = findBulkProblem(draft, ' sk-secret-value ');
    expect(spaced?.field).toBe('whitespace');
    expect(spaced?.text).not.toContain('sk-secret-value');
    expect(findBulkProblem({ ...draft, whitespaceChosen: true }, ' sk-secret-value ')).toBeNull();
    expect(findBulkProblem({ ...draft, action: 'schedule-deletion', days: '6' }, '')).toEqual({ field: 'days', text: 'The recovery window must be 7 to 30 days.' });
    expect(findBulkProblem({ ...draft, action: 'restore' }, '')).toBeNull();
  });

  it('names the change, the count and the env before it runs', () => {
    expect(describeChange('set', 'openai_api_key', 'shared', 6, 'prod', '30')).toBe('Set OpenAI API Key (openai_api_key) in domain shared of 6 organizations in prod, to the value you typed.');
    expect(describeChange('schedule-deletion', 'stripe_key', 'support', 1, 'dev', '7')).toBe('Schedule the deletion of stripe_key in domain support in 1 organization in dev, with a recovery window of 7 days.');
  });
});
