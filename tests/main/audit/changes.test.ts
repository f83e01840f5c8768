/**
 * The audit's changes view: attempt and outcome paired in main, before paging; filters by secret
 * name, id prefix, actor and the rest; profile switches hidden on request; bad queries refused with
 * what to do. Real composition (embedded vault, real SDK, real audit log).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createChangeIndex, changePage } from '../../../src/main/audit/changes';
import { createAuditService, createIdentityCache } from '../../../src/main/audit/index';
import { createLogger } from '../../../src/main/log/index';
import { keyFileProtector } from '../../../src/main/vault/key-protectors';
import type { AuditChange, AuditEntry, AuditFilters } from '../../../src/shared/audit';
import { TestClock, tempDir } from '../../vault/helpers';
import { startHarness, type Harness } from './harness';

/** An audit service of its own in `root` (a key file as its protector), for tests that append entries directly. */
const openAudit = (root: string, extra: Partial<Parameters<typeof createAuditService>[0]> = {}) =>
  createAuditService({
    userDataDir: root,
    identities: createIdentityCache({ lookup: async () => ({}) }),
    osUser: 'ana',
    logger: createLogger({ level: 'error', sink: () => undefined }),
    keyProtector: () => keyFileProtector(path.join(root, 'vault', 'vault.key')),
    ...extra,
  });

const shape = (changes: readonly AuditChange[]) =>
  changes.map((c) => `${(c.attempt ?? c.outcome)?.action}:${c.attempt?.seq ?? '-'}>${c.outcome ? `${c.outcome.outcome}@${c.outcome.seq}` : 'none'}`);

describe('the changes view of listAudit', () => {
  let h: Harness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    h = await startHarness({ clock: clock.read });
  });
  afterEach(() => h.close());
  const changes = (input: object) => h.ok('listAudit', { view: 'changes', ...input });

  it('gives one row per change (attempt with its outcome), and a page never splits a pair', async () => {
    await h.ok('writeSecret', { orgId: 'acme', secretName: 'openai_api_key', value: 'sk-1' });
    await h.ok('writeSecret', { orgId: 'acme', secretName: 'openai_api_key', value: 'sk-2' });
    await h.failure('writeSecret', { orgId: 'acme', secretName: 'github_token', value: 'ghp_x', domainId: 'Bad' });
    await h.ok('removeSecret', { orgId: 'acme', secretName: 'openai_api_key', mode: { kind: 'force' } });
    await h.ok('writeSecret', { orgId: 'globex', secretName: 'openai_api_key', value: 'sk-3' });

    const all = await changes({});
    expect(all.total).toBe(4);
    expect(all.entries).toEqual([]);
    expect(shape(all.changes ?? [])).toEqual(['secret.write:7>success@8', 'secret.force-remove:5>success@6', 'secret.write:3>success@4', 'secret.write:1>success@2']);
    // The rotation: the attempt says write, the outcome what it turned out to be.
    expect(all.changes?.[2]?.outcome?.action).toBe('secret.rotate');

    // Pages of one, three changes in: each holds both entries of its change (raw pages of one would split them).
    const pages = await Promise.all([0, 1, 2, 3].map((offset) => changes({ offset, limit: 1 })));
    expect(pages.flatMap((p) => shape(p.changes ?? []))).toEqual(shape(all.changes ?? []));
    expect((await h.ok('listAudit', { limit: 1, offset: 1 })).entries.map((e) => e.outcome)).toEqual(['attempt']);
  });

  it('filters by secret name in every org and domain, by id prefix, and by the exact id', async () => {
    await h.ok('writeSecret', { orgId: 'acme', secretName: 'openai_api_key', value: 'a' });
    await h.ok('writeSecret', { orgId: 'acme-corp', secretName: 'openai_api_key', value: 'b' });
    await h.ok('writeSecret', { orgId: 'acme-corp', domainId: 'billing', secretName: 'openai_api_key', value: 'c' });
    await h.ok('writeSecret', { orgId: 'acme-corp', secretName: 'github_token', value: 'd' });
    await h.ok('writeSecret', { orgId: 'globex', secretName: 'my_openai_api_key', value: 'e' });

    const ids = async (filters: object) => ((await changes({ filters })).changes ?? []).map((c) => c.attempt?.secretId);
    expect(await ids({ secretName: 'openai_api_key' })).toEqual([
      'agentfoundry/dev/acme-corp/billing/openai_api_key',
      'agentfoundry/dev/acme-corp/shared/openai_api_key',
      'agentfoundry/dev/acme/shared/openai_api_key',
    ]);
    expect(await ids({ secretPrefix: 'agentfoundry/dev/acme-corp/' })).toEqual([
      'agentfoundry/dev/acme-corp/shared/github_token',
      'agentfoundry/dev/acme-corp/billing/openai_api_key',
      'agentfoundry/dev/acme-corp/shared/openai_api_key',
    ]);
    expect(await ids({ secretPrefix: 'agentfoundry/dev/acme' })).toHaveLength(4);
    expect(await ids({ secretId: 'agentfoundry/dev/acme/shared/openai_api_key' })).toEqual(['agentfoundry/dev/acme/shared/openai_api_key']);
    expect(await ids({ secretName: 'openai_api_key', orgId: 'acme-corp' })).toHaveLength(2);
    // The entries view takes the same filters.
    expect((await h.ok('listAudit', { filters: { secretName: 'openai_api_key' } })).total).toBe(6);
  });

  it('filters by actor, action (what the change turned out to be) and dates', async () => {
    await h.ok('writeSecret', { orgId: 'acme', secretName: 'openai_api_key', value: 'a' });
    clock.advanceDays(1);
    await h.ok('writeSecret', { orgId: 'acme', secretName: 'openai_api_key', value: 'b' });
    const total = async (filters: object) => (await changes({ filters })).total;
    expect(await total({ actor: 'ANA' })).toBe(2);
    expect(await total({ actor: 'foundry-embedded-vault' })).toBe(2);
    expect(await total({ actor: 'bob' })).toBe(0);
    expect(await total({ actions: ['secret.rotate'] })).toBe(1);
    // A write that turned out to be a rotation is a rotation, not an added key.
    expect(await total({ actions: ['secret.write'] })).toBe(1);
    const day2 = new Date(Date.parse(clock.read().toISOString()) - 60_000).toISOString();
    expect(await total({ from: day2 })).toBe(1);
    expect(await total({ to: day2 })).toBe(1);
  });

  it('hides profile switches when asked (the screen asks by default), and shows them otherwise', async () => {
    await h.ok('saveProfile', { profile: { id: 'ro', name: 'RO', kind: 'embedded', env: 'dev', readOnly: true } });
    await h.ok('selectProfile', { id: 'ro' });
    await h.ok('selectProfile', { id: 'embedded' });
    await h.ok('writeSecret', { orgId: 'acme', secretName: 'openai_api_key', value: 'a' });
    const actions = async (filters: object) => ((await changes({ filters })).changes ?? []).map((c) => c.attempt?.action);
    expect(await actions({ hideNonChanges: true })).toEqual(['secret.write', 'profile.create']);
    expect(await actions({})).toEqual(['secret.write', 'profile.select', 'profile.select', 'profile.create']);
    expect(await actions({ hideNonChanges: true, actions: ['profile.select'] })).toEqual([]);
    expect((await h.ok('listAudit', { filters: { hideNonChanges: true } })).total).toBe(4);
  });

  it('refuses bad queries with what to do, and records nothing for them', async () => {
    const bad = async (input: object) => (await h.failure('listAudit', input)).message;
    expect(await bad({ view: 'rows' })).toMatch(/view.*must be one of entries, changes/);
    expect(await bad({ filters: { secretName: 'OpenAI Key' } })).toMatch(/secretName.*must be a secret name.*openai_api_key/);
    expect(await bad({ filters: { secretName: 'agentfoundry/prod/x' } })).toMatch(/for an id, type its start/);
    expect(await bad({ filters: { secretPrefix: 'prod/globex/' } })).toMatch(/secretPrefix.*must be the start of a secret id.*agentfoundry\//);
    expect(await bad({ filters: { actor: '' } })).toMatch(/actor/);
    expect(await bad({ filters: { hideNonChanges: 'yes' } })).toMatch(/hideNonChanges.*true or false/);
    expect((await h.failure('listAudit', { filters: { secretName: 'x y' } })).code).toBe('VALIDATION');
    expect((await h.ok('listAudit', {})).total).toBe(0);
  });
});

describe('a change whose outcome was never recorded', () => {
  it('is one row with no outcome, found by the outcome "attempt", while later changes pair as usual', async () => {
    const root = await tempDir('foundry-audit-changes-');
    const audit = openAudit(root);
    const secretId = 'agentfoundry/dev/acme/shared/openai_api_key';
    // The app stopped between attempt and outcome: only the attempt is in the log.
    await audit.log.append({ actor: { osUser: 'ana' }, profileId: 'embedded', action: 'secret.write', orgId: 'acme', secretId, outcome: 'attempt' });
    await audit.recorder.run({ action: 'secret.write', profile: { id: 'embedded' }, orgId: 'acme', secretId, label: secretId }, async () => 'done');
    const list = (filters: AuditFilters) => audit.list({ filters, view: 'changes', offset: 0, limit: 100 });
    expect(shape((await list({})).changes ?? [])).toEqual(['secret.write:2>success@3', 'secret.write:1>none']);
    expect(shape((await list({ outcomes: ['attempt'] })).changes ?? [])).toEqual(['secret.write:1>none']);
    expect((await list({ outcomes: ['success'] })).total).toBe(1);
  });
});

describe('an export of the changes view', () => {
  it('writes both entries of exactly the changes the view shows, and records that it was the changes view', async () => {
    const root = await tempDir('foundry-audit-export-changes-');
    const saved: string[] = [];
    const audit = openAudit(root, {
      chooseSavePath: async (name) => {
        saved.push(path.join(root, name));
        return path.join(root, `${saved.length}-${name}`);
      },
    });
    const secretId = 'agentfoundry/dev/acme/shared/openai_api_key';
    // One change the app never finished, then a success and a failure.
    await audit.log.append({ actor: { osUser: 'ana' }, profileId: 'embedded', action: 'secret.write', orgId: 'acme', secretId, outcome: 'attempt' });
    await audit.recorder.run({ action: 'secret.write', profile: { id: 'embedded' }, orgId: 'acme', secretId, label: secretId }, async () => 'done');
    await audit.recorder
      .run({ action: 'secret.write', profile: { id: 'embedded' }, orgId: 'acme', secretId, label: secretId }, async () => {
        throw new Error('refused');
      })
      .catch(() => undefined);
    const exported = async (filters: AuditFilters) => {
      const result = await audit.exportTo({ format: 'json', filters, view: 'changes' }, { id: 'embedded' });
      const file = JSON.parse(await fs.readFile(result.path as string, 'utf8')) as { entries: AuditEntry[] };
      return { count: result.count, lines: file.entries.map((e) => `${e.seq}:${e.outcome}`) };
    };
    // "No outcome recorded": only the unfinished change, not every attempt line of the log.
    expect(await exported({ outcomes: ['attempt'], actions: ['secret.write'] })).toEqual({ count: 1, lines: ['1:attempt'] });
    // A failed change comes with its attempt.
    expect(await exported({ outcomes: ['failure'] })).toEqual({ count: 2, lines: ['4:attempt', '5:failure'] });
    const recorded = (await audit.list({ filters: { actions: ['audit.export'] }, view: 'entries', offset: 0, limit: 1 })).entries[0];
    expect(recorded?.export).toMatchObject({ view: 'changes', count: 2 });
  });
});

describe('an export recorded with the new filters', () => {
  it('keeps every filter in the sealed entry, and the log still verifies when read afresh', async () => {
    const root = await tempDir('foundry-audit-export-filters-');
    const open = () => openAudit(root);
    const filters: AuditFilters = { orgId: 'acme', secretName: 'openai_api_key', secretPrefix: 'agentfoundry/dev/', actor: 'ana', hideNonChanges: true };
    await open().log.append({ actor: { osUser: 'ana' }, profileId: 'embedded', action: 'audit.export', outcome: 'attempt', export: { format: 'csv', fileName: 'a.csv', filters } });
    const listed = await open().list({ filters: {}, view: 'entries', offset: 0, limit: 10 });
    expect(listed.verification).toMatchObject({ ok: true, entries: 1 });
    expect(listed.entries[0]?.export?.filters).toEqual(filters);
  });
});

describe('the change index', () => {
  const entry = (seq: number, outcome: AuditEntry['outcome'], attemptSeq?: number): AuditEntry => ({
    seq,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    actor: { osUser: 'ana' },
    profileId: 'embedded',
    action: 'secret.write',
    secretId: 'agentfoundry/dev/acme/shared/openai_api_key',
    outcome,
    ...(attemptSeq !== undefined && { attemptSeq }),
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  });

  it('pairs what was appended since the last call, and starts over when the log was cut back', () => {
    const index = createChangeIndex();
    const log: AuditEntry[] = [entry(1, 'attempt'), entry(2, 'attempt')];
    expect(changePage(index.update(log), {}, 0, 10).changes.map((c) => c.outcome?.seq)).toEqual([undefined, undefined]);
    log.push(entry(3, 'success', 1), entry(4, 'failure', 2));
    expect(changePage(index.update(log), {}, 0, 10).changes.map((c) => [c.attempt?.seq, c.outcome?.seq])).toEqual([[2, 4], [1, 3]]);
    // An outcome whose attempt is not in the log (a log that starts mid-change) is a row of its own.
    log.length = 0;
    log.push(entry(5, 'success', 4));
    expect(changePage(index.update(log), {}, 0, 10).changes).toEqual([{ outcome: log[0] }]);
  });
});
