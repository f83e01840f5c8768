import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeMain, type MainServices } from '../../src/main/composition';
import { createRouter, type Router } from '../../src/main/ipc/router';
import { APP_ENTRY_URL } from '../../src/main/security';
import { CHANNEL_NAMES, ipcChannel, type ChannelName } from '../../src/shared/channels';
import type { IpcResult } from '../../src/shared/contract';
import { approveProfileChanges } from '../fixtures/confirm';
import { tempDir } from '../vault/helpers';

const APP = { url: APP_ENTRY_URL, isMainFrame: true };
const ENV = { FOUNDRY_VAULT_KEY: 'channels-test-key-0123456789' };

/** Every answer the renderer got, kept to scan for leaks. */
const answers: unknown[] = [];

describe('every channel through the router, the real service and the embedded vault', () => {
  let userDataDir: string;
  let services: MainServices;
  let router: Router;

  async function call(name: ChannelName, input: unknown = {}): Promise<IpcResult<unknown>> {
    const result = await router.dispatch(ipcChannel(name), APP, input);
    answers.push(result);
    return result;
  }
  async function ok<T>(name: ChannelName, input: unknown = {}): Promise<T> {
    const result = await call(name, input);
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  }
  async function failure(name: ChannelName, input: unknown = {}) {
    const result = await call(name, input);
    if (result.ok) throw new Error(`${name} was expected to fail`);
    return result.error;
  }

  beforeEach(async () => {
    userDataDir = await tempDir();
    services = await composeMain({ userDataDir, confirmProfileChange: approveProfileChanges, env: ENV });
    router = createRouter(services.handlers, { log: () => undefined });
  });
  afterEach(async () => {
    await services.close();
  });

  const ref = { orgId: 'acme', secretName: 'openai_api_key' };

  it('starts on the embedded vault profile and serves the catalog', async () => {
    const list = await ok<{ profiles: { id: string; kind: string }[]; activeId: string }>('listProfiles');
    expect(list.activeId).toBe('embedded');
    expect(list.profiles.map((p) => p.kind)).toEqual(['embedded']);
    const catalog = await ok<{ categories: { id: string; secrets: unknown[] }[] }>('listCatalog');
    expect(catalog.categories.map((c) => [c.id, c.secrets.length])).toEqual([['llm', 4], ['integrations', 3], ['infrastructure', 2]]);
    expect(await ok<{ ok: boolean; kind: string }>('testConnection')).toMatchObject({ ok: true, kind: 'embedded' });
  });

  it('offers LocalStack and region defaults for new profiles from the environment', async () => {
    expect(await ok('listProfiles')).toMatchObject({ defaults: { localstackEndpoint: 'http://localhost:4566', region: 'us-east-1' } });
    await services.close();
    services = await composeMain({ userDataDir, confirmProfileChange: approveProfileChanges, env: { ...ENV, SVC_LOCALSTACK_HOST: 'localstack', AWS_REGION: 'eu-west-1' } });
    router = createRouter(services.handlers, { log: () => undefined });
    expect(await ok('listProfiles')).toMatchObject({ defaults: { localstackEndpoint: 'http://localstack:4566', region: 'eu-west-1' } });
    await services.close();
    services = await composeMain({ userDataDir, confirmProfileChange: approveProfileChanges, env: { ...ENV, LOCALSTACK_ENDPOINT: 'not a url' } });
    router = createRouter(services.handlers, { log: () => undefined });
    const list = await ok<{ defaults: { localstackEndpoint: string }; warnings: string[] }>('listProfiles');
    expect(list.defaults.localstackEndpoint).toBe('http://localhost:4566');
    expect(list.warnings.join(' ')).toContain('LOCALSTACK_ENDPOINT');
  });

  it('lists the AWS profiles of the ini files the given environment names, not those of this process', async () => {
    const aws = await tempDir();
    await fs.writeFile(path.join(aws, 'config'), '[profile from-env-config]\nregion = eu-west-3\n');
    await fs.writeFile(path.join(aws, 'credentials'), '[from-env-credentials]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = not-shown\n');
    await services.close();
    services = await composeMain({ userDataDir, confirmProfileChange: approveProfileChanges, env: { ...ENV, AWS_CONFIG_FILE: path.join(aws, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(aws, 'credentials') } });
    router = createRouter(services.handlers, { log: () => undefined });
    const list = await ok<{ awsProfiles: string[] }>('listProfiles');
    expect(list.awsProfiles).toEqual(['from-env-config', 'from-env-credentials']);
    expect(JSON.stringify(list)).not.toContain('not-shown');
  });

  it('writes, rotates, lists, schedules, restores and force-deletes through the channels', async () => {
    const created = await ok<{ created: boolean; status: { state: string } }>('writeSecret', { ...ref, value: 'sk-one' });
    expect(created).toMatchObject({ created: true, status: { state: 'configured' } });
    expect(await ok('writeSecret', { ...ref, value: 'sk-two' })).toMatchObject({ created: false });
    expect(await ok('getSecretStatus', ref)).toMatchObject({ state: 'configured', domainId: 'shared' });
    expect(await ok('getSecretStatus', { ...ref, domainId: 'cards' })).toMatchObject({ state: 'inherited' });
    const list = await ok<{ secrets: { secretName: string; state: string }[] }>('listSecretStatus', { orgId: 'acme' });
    expect(list.secrets.find((s) => s.secretName === 'openai_api_key')?.state).toBe('configured');
    expect(await ok('removeSecret', { ...ref, mode: { kind: 'recoverable', recoveryWindowDays: 7 } })).toMatchObject({ state: 'scheduled-for-deletion' });
    expect(await failure('writeSecret', { ...ref, value: 'sk-three' })).toMatchObject({ code: 'SCHEDULED_FOR_DELETION' });
    expect(await ok('restoreSecret', ref)).toMatchObject({ state: 'configured' });
    expect(await ok('removeSecret', { ...ref, mode: { kind: 'force' } })).toMatchObject({ state: 'not-configured' });
  });

  it('discovers orgs, adds one, and keeps the added one across a restart', async () => {
    await ok('writeSecret', { orgId: 'globex', domainId: 'ops', secretName: 'github_token', value: 'ghp_x' });
    expect(await ok('addOrg', { orgId: 'initech' })).toMatchObject({
      env: 'dev',
      orgs: [
        { orgId: 'globex', domains: ['ops', 'shared'], secretCount: 1, added: false },
        { orgId: 'initech', secretCount: 0, added: true },
      ],
    });
    await services.close();
    services = await composeMain({ userDataDir, confirmProfileChange: approveProfileChanges, env: ENV });
    router = createRouter(services.handlers, { log: () => undefined });
    expect((await ok<{ orgs: { orgId: string }[] }>('listOrgs')).orgs.map((o) => o.orgId)).toEqual(['globex', 'initech']);
  });

  it('enforces a read-only profile in main, and still lets the person switch away from it', async () => {
    await ok('writeSecret', { ...ref, value: 'sk-one' });
    const support = { id: 'support', name: 'Support (read-only)', kind: 'embedded', env: 'dev', readOnly: true };
    await ok('saveProfile', { profile: support });
    // A bookmark made while the profile still allowed changes.
    await ok('selectProfile', { id: 'support' });
    const settingsFile = path.join(userDataDir, 'settings.json');
    await ok('saveProfile', { profile: { ...support, readOnly: false } });
    await ok('addOrg', { orgId: 'initech' });
    await ok('saveProfile', { profile: support });
    const settingsBefore = await fs.readFile(settingsFile, 'utf8');
    expect(await ok('selectProfile', { id: 'support' })).toMatchObject({ activeId: 'support' });
    // Read-only changes nothing anywhere: not even the app's own list of organizations added by hand.
    expect(await failure('addOrg', { orgId: 'newco' })).toMatchObject({ code: 'READ_ONLY_PROFILE', message: expect.stringContaining('not even in this app') });
    expect(await failure('removeOrg', { orgId: 'initech' })).toMatchObject({ code: 'READ_ONLY_PROFILE' });
    expect((await ok<{ orgs: { orgId: string }[] }>('listOrgs')).orgs.map((o) => o.orgId)).toEqual(['acme', 'initech']);
    expect(await fs.readFile(settingsFile, 'utf8')).toBe(settingsBefore);
    expect(await ok('getSecretStatus', ref)).toMatchObject({ state: 'configured' });
    for (const [name, input] of [
      ['writeSecret', { ...ref, value: 'sk-two' }],
      ['removeSecret', { ...ref, mode: { kind: 'force' } }],
      ['restoreSecret', ref],
    ] as const) {
      expect(await failure(name, input)).toMatchObject({ code: 'READ_ONLY_PROFILE' });
    }
    expect(await ok('selectProfile', { id: 'embedded' })).toMatchObject({ activeId: 'embedded' });
    expect(await ok('removeProfile', { id: 'support' })).toMatchObject({ profiles: [{ id: 'embedded' }] });
  });

  it('refuses a sender that is not the app page before any handler runs', async () => {
    const result = await router.dispatch(ipcChannel('writeSecret'), { url: 'https://evil.example/', isMainFrame: true }, { ...ref, value: 'sk-x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    expect(await ok('getSecretStatus', ref)).toMatchObject({ state: 'not-configured' });
  });

  it('the blind line: a canary written through every write path appears in no answer and no file as plaintext', async () => {
    const canary = `canary-${randomUUID()}`;
    answers.length = 0;
    // The write channel, as create and as rotate, with a description.
    await ok('writeSecret', { ...ref, value: canary, description: 'first' });
    await ok('writeSecret', { ...ref, value: `${canary}-rotated` });
    await ok('writeSecret', { ...ref, domainId: 'cards', value: `${canary}-domain` });
    // Failure paths that carry the canary: bad input around it, too big, wrong types, scheduled, read-only.
    await failure('writeSecret', { ...ref, orgId: 'Bad Org', value: canary });
    await failure('writeSecret', { ...ref, value: canary.repeat(3000) });
    await failure('writeSecret', { ...ref, value: canary, extra: canary });
    await failure('writeSecret', { ...ref, value: [canary] });
    await ok('removeSecret', { ...ref, domainId: 'cards', mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
    await failure('writeSecret', { ...ref, domainId: 'cards', value: canary });
    await ok('saveProfile', { profile: { id: 'ro', name: 'RO', kind: 'embedded', env: 'dev', readOnly: true } });
    await ok('selectProfile', { id: 'ro' });
    await failure('writeSecret', { ...ref, value: canary });
    await ok('selectProfile', { id: 'embedded' });
    // Then every channel once more.
    for (const name of CHANNEL_NAMES) {
      const input =
        name === 'selectProfile' || name === 'removeProfile' ? { id: 'ro' }
        : name === 'saveProfile' ? { profile: { id: 'ro', name: 'RO', kind: 'embedded', env: 'dev', readOnly: true } }
        : name === 'addOrg' ? { orgId: 'acme' }
        : name === 'listSecretStatus' ? { orgId: 'acme', domainId: 'cards' }
        : name === 'writeSecret' ? { ...ref, value: canary }
        : name === 'removeSecret' ? { ...ref, mode: { kind: 'recoverable', recoveryWindowDays: 30 } }
        : ['getSecretStatus', 'restoreSecret'].includes(name) ? ref
        : {};
      await call(name, input);
    }
    await ok('selectProfile', { id: 'embedded' });
    expect(answers.length).toBeGreaterThan(CHANNEL_NAMES.length);
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(canary.slice(7));

    await services.close();
    const files = await fs.readdir(userDataDir, { recursive: true });
    for (const file of files) {
      const full = path.join(userDataDir, file);
      if ((await fs.stat(full)).isFile()) expect((await fs.readFile(full)).includes(Buffer.from(canary.slice(7))), file).toBe(false);
    }
    services = await composeMain({ userDataDir, confirmProfileChange: approveProfileChanges, env: ENV });
  });
});
