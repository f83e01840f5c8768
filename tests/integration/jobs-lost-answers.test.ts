/**
 * Bulk jobs when a write's answer is lost: the backend carried the request out, but the SDK's
 * attempts all came back throttled (the first answer never arrived, its retries were refused), so
 * the item reaches the runner as THROTTLED. On the real SDK client (blind, as the app builds it)
 * against the real embedded vault, with an SDK middleware that drops the answers; the audit log,
 * the secrets service and the fleet snapshot are the real ones, wired as composition.ts wires them.
 *
 * What must hold: one ClientRequestToken per item for the whole job (so a retry never adds a second
 * version); an item whose write may have landed is never reported "nothing was written" or
 * "exists already": the job reads the secret back (DescribeSecret, never a value) and reports what
 * it finds, or "Unknown — check" when it cannot read it; a write that happened reaches the fleet
 * snapshot; the audit log keeps one attempt and one outcome for such an item, and no value.
 */
import { ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService, type AuditService } from '../../src/main/audit/service';
import { metadataFromStatus } from '../../src/main/fleet/changes';
import { createFleetService, type FleetService } from '../../src/main/fleet/service';
import { createImportSources, type ImportSources } from '../../src/main/jobs/import-sources';
import { CLOSE_WAIT_MS, createJobService, type AuditedChange, type JobService } from '../../src/main/jobs/service';
import { createLogger } from '../../src/main/log/index';
import { makeBlind } from '../../src/main/secrets/blind-client';
import { createSecretsService } from '../../src/main/secrets/service';
import { envKeyProtector } from '../../src/main/vault/key-protectors';
import type { Vault } from '../../src/main/vault/index';
import type { JobReport } from '../../src/shared/jobs';
import { buildSecretId } from '../../src/shared/naming';
import type { Profile } from '../../src/shared/profiles';
import { SecretValue } from '../../src/shared/secret-value';
import { startVault, tempDir, TEST_KEY } from '../vault/helpers';

const DEV: Profile = { id: 'embedded', name: 'Embedded vault', kind: 'embedded', env: 'dev', readOnly: false };
const CANARY = 'sk-lost-answer-CANARY-0123456789abcdef';
const NAME = 'openai_api_key';
const idOf = (orgId: string) => buildSecretId({ env: 'dev', orgId, domainId: 'shared', secretName: NAME });

type Fault =
  /** The vault carries the write out, then the answer is replaced by a throttle (lost answer). */
  | 'lose-answer'
  /** The write is refused before it reaches the vault. */
  | 'refuse';

interface FaultPlan {
  readonly orgId: string;
  readonly fault: Fault;
  /** How many write attempts for that org are affected (the SDK makes 3 per call here). */
  readonly times: number;
  /** After the first affected write, this many DescribeSecret attempts of that org fail too (3 fail one call). */
  readonly describeFailures?: number;
  /** The job is cancelled on this affected attempt (1-based), i.e. during the SDK's retries. */
  readonly cancelAt?: number;
  /** The commands affected (default: the writes of a value). */
  readonly commands?: readonly string[];
}

const VALUE_WRITES = ['CreateSecretCommand', 'PutSecretValueCommand'];

/** Write requests seen per org: the operation and its ClientRequestToken. */
type Seen = Map<string, { op: string; token: string | undefined }[]>;

const throttle = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 }, $fault: 'client' });

/** An SDK middleware on the app's client, inside its retry loop (every attempt passes it). */
function injectFaults(client: SecretsManagerClient, plan: FaultPlan, seen: Seen, onAttempt: (attempt: number) => Promise<void>): void {
  let affected = 0;
  let describeFailures = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const op = context.commandName ?? '';
      const input = (args.input ?? {}) as { Name?: string; SecretId?: string; ClientRequestToken?: string };
      const target = input.Name ?? input.SecretId ?? '';
      const isWrite = (plan.commands ?? VALUE_WRITES).includes(op);
      const ours = target === idOf(plan.orgId);
      if (isWrite) {
        const orgId = target.split('/')[2] ?? '';
        seen.set(orgId, [...(seen.get(orgId) ?? []), { op, token: input.ClientRequestToken }]);
      }
      if (ours && op === 'DescribeSecretCommand' && affected > 0 && describeFailures < (plan.describeFailures ?? 0)) {
        describeFailures += 1;
        throw throttle();
      }
      if (!ours || !isWrite || affected >= plan.times) return next(args);
      affected += 1;
      await onAttempt(affected);
      if (plan.fault === 'refuse') throw throttle();
      await next(args);
      throw throttle();
    },
    { step: 'deserialize', name: 'testLostAnswers', priority: 'low' },
  );
}

describe('bulk jobs when a write answer is lost to throttling (real SDK, embedded vault)', () => {
  let vault: Vault;
  let client: SecretsManagerClient;
  let reader: SecretsManagerClient;
  let audit: AuditService;
  let fleet: FleetService;
  let jobs: JobService;
  let sources: ImportSources;
  const seen: Seen = new Map();
  /** The stored profile as the job reads it before each attempt (a test makes it read-only mid-job). */
  let storedProfile: Profile | undefined = DEV;

  beforeEach(async () => {
    seen.clear();
    storedProfile = DEV;
    ({ vault } = await startVault());
    // The app's client as the factory builds it (blind), with fewer attempts so a test takes a second, not a minute.
    client = makeBlind(new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 3 }));
    // Test-only: counts versions (no value is read).
    reader = new SecretsManagerClient(vault.clientConfig());
    audit = createAuditService({
      userDataDir: await tempDir('foundry-jobs-lost-'),
      // The embedded profile has no STS identity to look up.
      identities: { get: async () => ({}) },
      osUser: 'ana',
      logger: createLogger({ level: 'error', sink: () => undefined }),
      keyProtector: () => envKeyProtector(TEST_KEY),
    });
    fleet = createFleetService({ clientFor: async () => client, send: () => undefined });
    // As composition.ts's secretChange: audited under the recorder, then the fleet snapshot follows the answered status.
    const audited: AuditedChange = async (action, profile, ref, change, statusOf, settle) => {
      const secretId = buildSecretId({ env: profile.env, ...ref });
      const result = await audit.recorder.run(
        { action, profile, orgId: ref.orgId, secretId, label: secretId, lookupIdentity: true },
        () => change(createSecretsService(client, profile)),
        settle,
      );
      const status = statusOf(result);
      if (status) fleet.applyChange(profile, { ...ref, meta: metadataFromStatus(status) });
      return result;
    };
    sources = createImportSources({ env: { OPENAI_API_KEY: CANARY } });
    jobs = createJobService({
      activeProfile: () => DEV,
      profileById: () => storedProfile,
      clientFor: async () => client,
      statusList: (profile, orgId, domainId) => createSecretsService(client, profile).listStatus(orgId, domainId),
      audited,
      sources,
      concurrency: 2,
    });
    // A complete snapshot first, as the window has one: the job's writes must reach it.
    fleet.load(DEV, [], false);
    await fleet.settled(DEV);
  });
  afterEach(async () => {
    await jobs.close();
    fleet.close();
    reader.destroy();
  });

  async function versionsOf(orgId: string): Promise<{ id: string; stages: string[] }[]> {
    const answer = await reader.send(new ListSecretVersionIdsCommand({ SecretId: idOf(orgId), IncludeDeprecated: true })).catch(() => undefined);
    return (answer?.Versions ?? []).map((version) => ({ id: version.VersionId ?? '', stages: version.VersionStages ?? [] }));
  }

  /** Adds the faults; a cancel they ask for waits until the job has an id. */
  function faults(plan: FaultPlan): (jobId: string) => void {
    let started: (jobId: string) => void = () => undefined;
    const jobId = new Promise<string>((resolve) => (started = resolve));
    injectFaults(client, plan, seen, async (attempt) => {
      if (attempt === plan.cancelAt) jobs.cancel(await jobId);
    });
    return started;
  }

  type BulkAction = { kind: 'set'; value: SecretValue } | { kind: 'schedule-deletion'; recoveryWindowDays: number } | { kind: 'restore' };

  /** A bulk change in org-a and org-b, run to its end (under `plan`'s faults, if any). */
  async function bulk(action: BulkAction, plan?: FaultPlan): Promise<JobReport> {
    const started = plan ? faults(plan) : () => undefined;
    const report = await jobs.startBulk({ orgIds: ['org-a', 'org-b'], domainId: 'shared', secretName: NAME, action });
    started(report.jobId);
    return jobs.finished(report.jobId);
  }
  const bulkSet = (plan: FaultPlan) => bulk({ kind: 'set', value: new SecretValue(CANARY) }, plan);

  /** An import of OPENAI_API_KEY (from the environment) into org-b, overwrite off, run to its end. */
  async function importIntoOrgB(plan: FaultPlan): Promise<JobReport> {
    const started = faults(plan);
    const opened = await sources.open({ kind: 'environment' });
    if (!opened.opened) throw new Error('the environment source did not open');
    const report = await jobs.startImport({ sourceId: opened.source.sourceId, orgId: 'org-b', domainId: 'shared', includeCustom: false, overwrite: false, skipKeys: [] });
    started(report.jobId);
    return jobs.finished(report.jobId);
  }

  async function auditOf(orgId: string): Promise<{ outcome: string; versionId?: string; errorCode?: string }[]> {
    const { entries } = await audit.log.scan();
    expect(JSON.stringify(entries)).not.toContain(CANARY);
    return entries.filter((entry) => entry.secretId === idOf(orgId)).map((entry) => ({
      outcome: entry.outcome,
      ...(entry.versionId !== undefined && { versionId: entry.versionId }),
      ...(entry.errorCode !== undefined && { errorCode: entry.errorCode }),
    }));
  }

  const fleetStatus = (orgId: string) => fleet.statusList(DEV, orgId, 'shared')?.secrets.find((secret) => secret.secretName === NAME);

  it('a retried bulk "set" sends the same token and adds no second version; the report and audit say it was written once', async () => {
    const done = await bulkSet({ orgId: 'org-b', fault: 'lose-answer', times: 3 });
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    expect(JSON.stringify(done)).not.toContain(CANARY);
    const versions = await versionsOf('org-b');
    expect(versions).toHaveLength(1);
    expect(versions[0]?.stages).toEqual(['AWSCURRENT']);
    // Every request for the item carried one token: the version's id.
    expect(new Set(seen.get('org-b')?.map((request) => request.token))).toEqual(new Set([versions[0]?.id]));
    expect(item).toMatchObject({ state: 'written' });
    expect(item?.reason).not.toMatch(/New version added/);
    expect(await auditOf('org-b')).toEqual([{ outcome: 'attempt' }, { outcome: 'success', versionId: versions[0]?.id }]);
    expect(fleetStatus('org-b')).toMatchObject({ state: 'configured', currentVersionId: versions[0]?.id });
    expect(await versionsOf('org-a')).toHaveLength(1);
  });

  it('cancelled during the throttled retries, an item whose write landed is reported written, and the fleet snapshot shows it', async () => {
    const done = await bulkSet({ orgId: 'org-b', fault: 'lose-answer', times: 3, cancelAt: 2 });
    expect(done.state).toBe('done');
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    const versions = await versionsOf('org-b');
    expect(versions).toHaveLength(1);
    expect(item).toMatchObject({ state: 'written' });
    expect(item?.reason).not.toMatch(/nothing was written/);
    expect(await auditOf('org-b')).toEqual([{ outcome: 'attempt' }, { outcome: 'success', versionId: versions[0]?.id }]);
    expect(fleetStatus('org-b')).toMatchObject({ state: 'configured', currentVersionId: versions[0]?.id });
  });

  it('when the write may have landed and reading it back fails too, a cancelled item is "Unknown — check", never "nothing was written"', async () => {
    const done = await bulkSet({ orgId: 'org-b', fault: 'lose-answer', times: 3, describeFailures: 99, cancelAt: 2 });
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    expect(await versionsOf('org-b')).toHaveLength(1);
    expect(item).toMatchObject({ state: 'failed', code: 'THROTTLED' });
    expect(item?.reason).toMatch(/^Unknown — check/);
    expect(item?.reason).toContain(idOf('org-b'));
    expect(item?.reason).not.toMatch(/nothing was written/);
    expect(JSON.stringify(done)).not.toContain(CANARY);
  });

  it('when reading back failed once, the retry reads back first and reports the earlier write (one version, one token)', async () => {
    const done = await bulkSet({ orgId: 'org-b', fault: 'lose-answer', times: 3, describeFailures: 3 });
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    const versions = await versionsOf('org-b');
    expect(versions).toHaveLength(1);
    expect(new Set(seen.get('org-b')?.map((request) => request.token))).toEqual(new Set([versions[0]?.id]));
    expect(item).toMatchObject({ state: 'written' });
    expect(item?.reason).toMatch(/earlier attempt/);
    expect(fleetStatus('org-b')).toMatchObject({ state: 'configured', currentVersionId: versions[0]?.id });
  });

  it('a write refused before it reached the backend, then cancelled, is reported "nothing was written" (read back to be sure)', async () => {
    const done = await bulkSet({ orgId: 'org-b', fault: 'refuse', times: 3, cancelAt: 2 });
    expect(done.state).toBe('cancelled');
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    expect(await versionsOf('org-b')).toHaveLength(0);
    expect(item).toMatchObject({ state: 'cancelled' });
    expect(item?.reason).toMatch(/nothing was written/);
    expect(fleetStatus('org-b')?.state).toBe('not-configured');
  });

  it('an import without overwrite whose answer was lost is reported written (not "exists already"), with one token and one version', async () => {
    const done = await importIntoOrgB({ orgId: 'org-b', fault: 'lose-answer', times: 3 });
    const item = done.items.find((entry) => entry.secretName === NAME);
    const versions = await versionsOf('org-b');
    expect(versions).toHaveLength(1);
    expect(new Set(seen.get('org-b')?.map((request) => request.token))).toEqual(new Set([versions[0]?.id]));
    expect(item).toMatchObject({ state: 'written' });
    expect(await auditOf('org-b')).toEqual([{ outcome: 'attempt' }, { outcome: 'success', versionId: versions[0]?.id }]);
    expect(fleetStatus('org-b')).toMatchObject({ state: 'configured', currentVersionId: versions[0]?.id });
    expect(JSON.stringify(done)).not.toContain(CANARY);
  });

  it('an import cancelled during the throttled retries reports the write that landed, not "nothing was written"', async () => {
    const done = await importIntoOrgB({ orgId: 'org-b', fault: 'lose-answer', times: 3, cancelAt: 2 });
    const item = done.items.find((entry) => entry.secretName === NAME);
    expect(await versionsOf('org-b')).toHaveLength(1);
    expect(item).toMatchObject({ state: 'written' });
  });

  it('a bulk deletion cancelled while its answer was lost reports the deletion it made, and the fleet snapshot shows it scheduled', async () => {
    expect((await bulk({ kind: 'set', value: new SecretValue(CANARY) })).counts.written).toBe(2);
    const done = await bulk({ kind: 'schedule-deletion', recoveryWindowDays: 7 }, { orgId: 'org-b', fault: 'lose-answer', times: 3, cancelAt: 2, commands: ['DeleteSecretCommand'] });
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    expect(item).toMatchObject({ state: 'written' });
    expect(item?.reason).toMatch(/^Scheduled for deletion though its answer was lost/);
    expect(fleetStatus('org-b')).toMatchObject({ state: 'scheduled-for-deletion' });
  });

  it('a bulk restore cancelled while its answer was lost reports the restore it made', async () => {
    await bulk({ kind: 'set', value: new SecretValue(CANARY) });
    await bulk({ kind: 'schedule-deletion', recoveryWindowDays: 7 });
    const done = await bulk({ kind: 'restore' }, { orgId: 'org-b', fault: 'lose-answer', times: 3, cancelAt: 2, commands: ['RestoreSecretCommand'] });
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    expect(item).toMatchObject({ state: 'written' });
    expect(item?.reason).toMatch(/^Restored though its answer was lost/);
    expect(fleetStatus('org-b')).toMatchObject({ state: 'configured' });
  });
  /** Fails org's next `count` DescribeSecret attempts once its write has been sent `afterWrites` times; `onFail(n)` runs on the n-th. */
  function failReadBacks(orgId: string, afterWrites: number, count: number, onFail: (failed: number) => void = () => undefined): void {
    let failed = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = (args.input ?? {}) as { SecretId?: string };
        if (context.commandName === 'DescribeSecretCommand' && input.SecretId === idOf(orgId) && (seen.get(orgId)?.length ?? 0) >= afterWrites && failed < count) {
          failed += 1;
          onFail(failed);
          throw throttle();
        }
        return next(args);
      },
      { step: 'deserialize', name: `failReadBacks-${orgId}`, priority: 'low' },
    );
  }

  it('RV4-A: an item put back in the queue after a lost answer it could not read back, then cancelled before its retry, is read back, never "nothing was written"', async () => {
    let jobId = '';
    let release: () => void = () => undefined;
    const orgCHeld = new Promise<void>((resolve) => (release = resolve));
    const started = faults({ orgId: 'org-b', fault: 'lose-answer', times: 3 });
    // org-c holds the job's other slot until after the cancel, so org-b waits in the queue.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = (args.input ?? {}) as { Name?: string };
        if (context.commandName === 'CreateSecretCommand' && input.Name === idOf('org-c')) await orgCHeld;
        return next(args);
      },
      { step: 'deserialize', name: 'holdOrgC', priority: 'low' },
    );
    failReadBacks('org-b', 3, 3, (failed) => {
      if (failed === 3)
        setTimeout(() => {
          jobs.cancel(jobId);
          setTimeout(release, 100);
        }, 200);
    });
    const report = await jobs.startBulk({ orgIds: ['org-b', 'org-c'], domainId: 'shared', secretName: NAME, action: { kind: 'set', value: new SecretValue(CANARY) } });
    jobId = report.jobId;
    started(jobId);
    const done = await jobs.finished(jobId);
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    const versions = await versionsOf('org-b');
    expect(versions).toHaveLength(1);
    expect(item?.reason).not.toMatch(/nothing was written/);
    expect(item).toMatchObject({ state: 'written', reason: expect.stringMatching(/earlier attempt/) });
    expect(await auditOf('org-b')).toEqual([{ outcome: 'attempt' }, { outcome: 'success', versionId: versions[0]?.id }]);
    expect(fleetStatus('org-b')).toMatchObject({ state: 'configured', currentVersionId: versions[0]?.id });
    expect(JSON.stringify(done)).not.toContain(CANARY);
  });

  it('RV4-B: a profile made read-only before the retry of a lost answer reports the write that landed, sends nothing more, keeps AWSPREVIOUS', async () => {
    await bulk({ kind: 'set', value: new SecretValue(CANARY) });
    const before = (await versionsOf('org-b'))[0]?.id;
    const writesBefore = seen.get('org-b')?.length ?? 0;
    failReadBacks('org-b', writesBefore + 3, 3, (failed) => {
      if (failed === 3) storedProfile = { ...DEV, readOnly: true };
    });
    const done = await bulkSet({ orgId: 'org-b', fault: 'lose-answer', times: 3, commands: ['PutSecretValueCommand'] });
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    const versions = await versionsOf('org-b');
    const ours = versions.find((version) => version.stages.includes('AWSCURRENT'))?.id;
    expect(ours).not.toBe(before);
    expect(item?.reason).not.toMatch(/nothing was changed/);
    expect(item).toMatchObject({ state: 'written' });
    // Read-only: the label cleanup (a write) is not made either.
    expect(versions.find((version) => version.id === before)?.stages).toEqual(['AWSPREVIOUS']);
    expect(seen.get('org-b')).toHaveLength(writesBefore + 3);
    expect(await auditOf('org-b')).toEqual([{ outcome: 'attempt' }, { outcome: 'success', versionId: before }, { outcome: 'attempt' }, { outcome: 'success', versionId: ours }]);
    expect(fleetStatus('org-b')).toMatchObject({ state: 'configured', currentVersionId: ours });
  });

  it('a profile made read-only while a lost answer cannot be read back ends "Unknown — check", never "nothing was changed"', async () => {
    const started = faults({ orgId: 'org-b', fault: 'lose-answer', times: 3 });
    failReadBacks('org-b', 3, Number.POSITIVE_INFINITY, () => (storedProfile = { ...DEV, readOnly: true }));
    const report = await jobs.startBulk({ orgIds: ['org-a', 'org-b'], domainId: 'shared', secretName: NAME, action: { kind: 'set', value: new SecretValue(CANARY) } });
    started(report.jobId);
    const done = await jobs.finished(report.jobId);
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    expect(item).toMatchObject({ state: 'failed', code: 'THROTTLED', reason: expect.stringMatching(/^Unknown — check/) });
    expect(seen.get('org-b')).toHaveLength(3);
  }, 60_000);

  it('RV4-D: a deletion refused by throttling on a secret scheduled before the job fails as without throttling, and the audit records no success', async () => {
    await bulk({ kind: 'set', value: new SecretValue(CANARY) });
    await bulk({ kind: 'schedule-deletion', recoveryWindowDays: 7 });
    const plain = (await bulk({ kind: 'schedule-deletion', recoveryWindowDays: 30 })).items.find((entry) => entry.orgId === 'org-b');
    expect(plain).toMatchObject({ state: 'failed' });
    const auditBefore = (await auditOf('org-b')).length;
    const done = await bulk({ kind: 'schedule-deletion', recoveryWindowDays: 30 }, { orgId: 'org-b', fault: 'refuse', times: 3, commands: ['DeleteSecretCommand'] });
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    expect(item).toMatchObject({ state: 'failed', code: plain?.code, reason: plain?.reason });
    expect((await auditOf('org-b')).slice(auditBefore)).toEqual([{ outcome: 'attempt' }, { outcome: 'failure', errorCode: plain?.code }]);
  });

  it('a profile removed before the retry of a refused deletion fails the item as removed, never "no such secret: skipped"', async () => {
    await bulk({ kind: 'set', value: new SecretValue(CANARY) });
    injectFaults(client, { orgId: 'org-b', fault: 'refuse', times: 3, commands: ['DeleteSecretCommand'] }, seen, async () => {
      storedProfile = undefined;
    });
    const report = await jobs.startBulk({ orgIds: ['org-a', 'org-b'], domainId: 'shared', secretName: NAME, action: { kind: 'schedule-deletion', recoveryWindowDays: 7 } });
    const item = (await jobs.finished(report.jobId)).items.find((entry) => entry.orgId === 'org-b');
    expect(item).toMatchObject({ state: 'failed', code: 'NOT_FOUND', reason: expect.stringContaining('was removed while the job ran') });
    expect(fleetStatus('org-b')).toMatchObject({ state: 'configured' });
  });

  it('RV4-C: a lost answer read back only on the retry is one attempt and one success in the audit, pointing at the version that attempt stored', async () => {
    const done = await bulkSet({ orgId: 'org-b', fault: 'lose-answer', times: 3, describeFailures: 3 });
    const versions = await versionsOf('org-b');
    expect(done.items.find((entry) => entry.orgId === 'org-b')).toMatchObject({ state: 'written' });
    expect(await auditOf('org-b')).toEqual([{ outcome: 'attempt' }, { outcome: 'success', versionId: versions[0]?.id }]);
  });

  it('RV5-1: a job cancelled while its items are throttled and cannot be read back ends "cancelled", not "done"', async () => {
    const done = await bulkSet({ orgId: 'org-b', fault: 'refuse', times: 1000, describeFailures: 1000, cancelAt: 2 });
    expect(done.items.find((entry) => entry.orgId === 'org-b')).toMatchObject({ state: 'failed', reason: expect.stringContaining('Unknown — check') });
    expect(done.state).toBe('cancelled');
  });

  it('RV5-2: a restore refused by throttling on a secret never scheduled for deletion reports what the normal path reports, never "restored though its answer was lost"', async () => {
    await bulk({ kind: 'set', value: new SecretValue(CANARY) });
    const plain = (await bulk({ kind: 'restore' })).items.find((entry) => entry.orgId === 'org-a');
    const auditBefore = (await auditOf('org-b')).length;
    const done = await bulk({ kind: 'restore' }, { orgId: 'org-b', fault: 'refuse', times: 3, commands: ['RestoreSecretCommand'] });
    const item = done.items.find((entry) => entry.orgId === 'org-b');
    expect(item?.reason).not.toContain('lost');
    expect(item).toMatchObject({ state: plain?.state, reason: plain?.reason });
    expect((await auditOf('org-b')).slice(auditBefore).map((entry) => entry.outcome)).toEqual(['attempt', plain?.state === 'written' ? 'success' : 'failure']);
  });

  it('RV5-4: close() resolves only once every running item has its audit outcome, so the app can quit right after it', async () => {
    const refused = new Promise<void>((resolve) => {
      injectFaults(client, { orgId: 'org-b', fault: 'refuse', times: 1_000_000 }, seen, async (attempt) => {
        if (attempt === 4) resolve();
      });
    });
    await jobs.startBulk({ orgIds: ['org-a', 'org-b'], domainId: 'shared', secretName: NAME, action: { kind: 'set', value: new SecretValue(CANARY) } });
    // org-b came back THROTTLED once and is in its second try (or waiting for it).
    await refused;
    const started = Date.now();
    await jobs.close();
    expect(Date.now() - started).toBeLessThan(4_000);
    expect((await auditOf('org-b')).map((entry) => entry.outcome)).toEqual(['attempt', 'failure']);
    expect((await auditOf('org-a')).map((entry) => entry.outcome)).toEqual(['attempt', 'success']);
  });

  it('RV6-2: a job asked for once close() has begun is refused, and nothing is sent', async () => {
    const closed = jobs.close();
    await expect(jobs.startBulk({ orgIds: ['org-a', 'org-b'], domainId: 'shared', secretName: NAME, action: { kind: 'set', value: new SecretValue(CANARY) } })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The app is closing, so the job was not started: nothing was changed.',
    });
    await closed;
    expect(await versionsOf('org-a')).toHaveLength(0);
    expect(await auditOf('org-a')).toEqual([]);
  });

  it('RV5-4: close() does not wait out an item whose write is stuck in the SDK\'s throttled retries: it settles it "Unknown — check", audited', async () => {
    let stuck: () => void = () => undefined;
    const inRetries = new Promise<void>((resolve) => (stuck = resolve));
    injectFaults(client, { orgId: 'org-b', fault: 'refuse', times: 1_000_000 }, seen, async (attempt) => {
      // The app retries a throttled write up to 10 times, with backoff of up to 20 s between tries.
      if (attempt === 2) {
        stuck();
        await new Promise((resolve) => setTimeout(resolve, 15_000));
      }
    });
    await jobs.startBulk({ orgIds: ['org-a', 'org-b'], domainId: 'shared', secretName: NAME, action: { kind: 'set', value: new SecretValue(CANARY) } });
    await inRetries;
    const started = Date.now();
    await jobs.close();
    expect(Date.now() - started).toBeLessThan(CLOSE_WAIT_MS);
    expect(await auditOf('org-b')).toEqual([{ outcome: 'attempt' }, { outcome: 'failure', errorCode: 'THROTTLED' }]);
  });
});
