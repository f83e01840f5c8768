/**
 * The app's main process as the fuzz sees it: composed exactly as Electron composes it (real
 * stores, audit log, embedded vault, real AWS SDK), behind the real router, in a directory of its
 * own. Around it: a served vault standing in for LocalStack (none can run here), value and `.env`
 * files holding the canary, a save "dialog" that records the names main proposes, and a fake of the
 * key-check providers. Every answer, log line and event is checked as it comes; `verifyAfter`
 * checks what is left on disk.
 */
import { promises as fs } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import path from 'node:path';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PROFILES_FILE } from '../../../src/main/backends/profile-store';
import { composeMain, VAULT_DIR, type MainServices } from '../../../src/main/composition';
import { createRouter, type ChannelHandlers, type Router } from '../../../src/main/ipc/router';
import { createLogger } from '../../../src/main/log/index';
import { APP_ENTRY_URL } from '../../../src/main/security';
import { SETTINGS_FILE } from '../../../src/main/settings-store';
import { checkKey } from '../../../src/main/validation/index';
import { defaultKeyProtector, envKeyProtector, openVault, type Vault, type VaultServer } from '../../../src/main/vault/index';
import { AUDIT_DIR, AUDIT_KEY_COPY_FILE } from '../../../src/main/audit/index';
import { ipcChannel, type ChannelName } from '../../../src/shared/channels';
import { auditEntrySchema, events, type ChannelOutput, type IpcResult } from '../../../src/shared/contract';
import { orgIdSchema, parseSecretId } from '../../../src/shared/naming';
import { profileIdSchema, profileSchema } from '../../../src/shared/profiles';
import { answerProblem } from './answer-checks';
import { TOKEN, VAULT_KEY, leaks } from './canary';
import { FUZZ_TMP_ROOT } from './config';
import { fakeProviderFetch } from './fake-provider-fetch';
import type { Pools } from './valid-inputs';

const APP = { url: APP_ENTRY_URL, isMainFrame: true };
const STANDIN_REGION = 'us-east-1';

/** Directories under the harness root; nothing else may appear there. */
const LAYOUT = { data: 'data', exports: 'exports', files: 'files', home: 'home', standin: 'standin' } as const;

/** The pools, as the harness fills them from main's answers (and ensureBaseline refreshes them). */
export type HarnessPools = { -readonly [K in keyof Pools]: Pools[K] extends readonly string[] ? string[] : Pools[K] };

export interface FuzzHarness {
  readonly root: string;
  readonly userDataDir: string;
  readonly pools: HarnessPools;
  /** The person answering main's confirmations: `approveAll` while seeding, a mix otherwise. */
  readonly person: { approveAll: boolean };
  /** The served vault standing in for LocalStack (the suite's own tests plant a bad name in it). */
  readonly standin: Vault;
  /** Problems seen outside answers: log lines, events, unhandled rejections, a rejected dispatch. */
  readonly problems: string[];
  /** Dispatches one payload as the app's own page; never rejects (a rejection is recorded as a problem). */
  dispatch(channel: ChannelName, payload: unknown): Promise<IpcResult<unknown>>;
  /** dispatch, then throws if the answer breaks a rule (see answer-checks.ts). */
  call(channel: ChannelName, payload: unknown): Promise<IpcResult<unknown>>;
  /** call, expecting `ok`. */
  ok<C extends ChannelName>(channel: C, input: unknown): Promise<ChannelOutput<C>>;
  /** Closes and composes main again on the same directory (a restart of the app). */
  restart(): Promise<void>;
  /** Waits for every job started so far to settle (a job still running after a minute is a problem). */
  settle(): Promise<void>;
  /** Closes main, then checks the data directory, the vaults and the exports; throws listing every problem. */
  verifyAfter(): Promise<void>;
  /** Closes main only (its files stay for checks). */
  closeApp(): Promise<void>;
  /** Closes main and the stand-in, and removes the harness directory. */
  close(): Promise<void>;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function allSecretNames(client: SecretsManagerClient): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined;
  do {
    const page = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true, MaxResults: 100, ...(next && { NextToken: next }) }));
    for (const secret of page.SecretList ?? []) names.push(secret.Name ?? '(no name)');
    next = page.NextToken;
  } while (next);
  return names;
}

/** What a file name proposed for an export may be: a base name of plain characters. */
const SAFE_EXPORT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

export interface FuzzHarnessOptions {
  /** Replaces handlers (the suite's own tests plant bugs this way, to show the checks catch them). */
  readonly wrapHandlers?: (handlers: ChannelHandlers) => ChannelHandlers;
}

export async function startFuzzHarness(options: FuzzHarnessOptions = {}): Promise<FuzzHarness> {
  const root = await fs.mkdtemp(path.join(FUZZ_TMP_ROOT, 'foundry-ipc-fuzz-'));
  const dir = (name: keyof typeof LAYOUT) => path.join(root, LAYOUT[name]);
  for (const name of Object.keys(LAYOUT) as (keyof typeof LAYOUT)[]) await fs.mkdir(dir(name));
  const userDataDir = path.join(dir('data'), 'user');
  const problems: string[] = [];
  const note = (problem: string) => {
    if (problems.length < 50) problems.push(problem);
  };

  // Prototype pollution anywhere in main shows up here.
  const protoBefore = [Object.prototype, Array.prototype, Function.prototype].map((proto) => Reflect.ownKeys(proto).map(String).sort().join(','));
  const onUnhandled = (reason: unknown) => note(`unhandled rejection: ${reason instanceof Error ? reason.name : typeof reason}`);
  process.on('unhandledRejection', onUnhandled);

  // Files main reads (values and .env sources), outside its data directory. They hold the canary.
  const ourFiles = new Set<string>();
  const writeOurs = async (name: string, content: string | Buffer) => {
    const file = path.join(dir('files'), name);
    await fs.writeFile(file, content);
    ourFiles.add(file);
    return file;
  };
  const valueFiles = [
    await writeOurs('value.txt', `${TOKEN}-file-text`),
    await writeOurs('key.pem', `-----BEGIN PRIVATE KEY-----\n${TOKEN}-file-pem\n-----END PRIVATE KEY-----\n`),
    await writeOurs('keystore.bin', Buffer.concat([Buffer.from(`${TOKEN}-file-bin`), Buffer.from([0, 255, 0])])),
  ];
  const importFile = await writeOurs(
    'fuzz.env',
    [
      `OPENAI_API_KEY=${TOKEN}-import-1`,
      `export GITHUB_TOKEN="${TOKEN}-import-2"`,
      `CUSTOM_TOKEN=${TOKEN}-import-3`,
      `constructor=${TOKEN}-import-4`,
      `__proto__=${TOKEN}-import-5`,
      `toString=${TOKEN}-import-6`,
      `not an assignment ${TOKEN}`,
      'EMPTY=',
    ].join('\n'),
  );
  let picks = 0;
  const proposedExportNames = new Set<string>();
  let saves = 0;

  // The LocalStack stand-in: a vault served on loopback that takes LocalStack's test/test.
  const standin: Vault = await openVault({ dataDir: dir('standin'), keyProtector: envKeyProtector(VAULT_KEY), region: STANDIN_REGION });
  const standinServer: VaultServer = await standin.serve({ port: 0, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

  // A backend that never answers: a loopback port held by this harness (so no other test's server can
  // take it over while the fuzz runs) that closes every connection at once.
  const refusing: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));

  const pools: HarnessPools = {
    valueFileHandles: [] as string[],
    importSourceIds: [] as string[],
    jobIds: [] as string[],
    snapshotIds: [] as string[],
    driftIds: [] as string[],
    standinEndpoint: standinServer.endpoint,
    closedEndpoint: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`,
  };

  const env: NodeJS.ProcessEnv = {
    FOUNDRY_VAULT_KEY: VAULT_KEY,
    HOME: dir('home'),
    USERPROFILE: dir('home'),
    AWS_CONFIG_FILE: path.join(dir('home'), 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir('home'), 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // Imported by openImportSource({ kind: 'environment' }).
    OPENAI_API_KEY: `${TOKEN}-environment-1`,
    LIVEKIT_API_SECRET: `${TOKEN}-environment-2`,
  };
  const provider = fakeProviderFetch();
  let confirmations = 0;
  let profileConfirmations = 0;
  const person = { approveAll: false };
  const logger = createLogger({
    level: 'debug',
    sink: (line) => {
      if (leaks(line)) note('a log line contains the canary value or the vault key');
    },
  });
  const compose = () =>
    composeMain({
      userDataDir,
      env,
      logger,
      osUser: 'fuzz',
      chooseSavePath: async (defaultName) => {
        proposedExportNames.add(defaultName);
        saves += 1;
        // Every third export is cancelled, as a person might.
        return saves % 3 === 0 ? null : path.join(dir('exports'), defaultName);
      },
      chooseValueFile: async () => (picks++ % 4 === 3 ? null : (valueFiles[picks % valueFiles.length] ?? null)),
      chooseImportFile: async () => importFile,
      checkKey: (options) => checkKey({ ...options, fetchImpl: provider.fetch }),
      // The person confirms most new key-check URLs, refuses some.
      confirmKeyCheckUrls: async () => confirmations++ % 4 !== 0,
      // The person at main's profile confirmation: approves three in four, ticks "allow http" on every other one.
      confirmProfileChange: async (request) => {
        if (leaks(JSON.stringify(request))) note('a profile confirmation shows the canary value or the vault key');
        profileConfirmations += 1;
        if (person.approveAll) return { approved: true };
        return { approved: profileConfirmations % 4 !== 0, allowCleartext: profileConfirmations % 2 === 0 };
      },
      emit: (channel, payload) => {
        const name = Object.keys(events).find((event) => channel.endsWith(`:${event}`)) as keyof typeof events | undefined;
        if (!name) note(`an event on an undeclared channel ${channel}`);
        else if (!events[name].payload.safeParse(payload).success) note(`a ${name} event that does not match its schema`);
        if (leaks(JSON.stringify(payload))) note(`a ${name ?? channel} event contains the canary value or the vault key`);
      },
    });
  let services: MainServices = await compose();
  const routerFor = (s: MainServices): Router =>
    createRouter(options.wrapHandlers ? options.wrapHandlers(s.handlers) : s.handlers, {
      log: (message) => {
        if (leaks(message)) note('a router log line contains the canary value or the vault key');
      },
    });
  let router = routerFor(services);
  let closed = false;
  let released = false;
  /** The stand-in and the whole directory go once the checks are done (or the harness is closed). */
  const release = async () => {
    if (released) return;
    released = true;
    await standinServer.close();
    await standin.close();
    await new Promise((resolve) => refusing.close(resolve));
    // FOUNDRY_FUZZ_KEEP=1 keeps the directory to look at after a failure (its path is in the message).
    if (process.env['FOUNDRY_FUZZ_KEEP'] !== '1') await fs.rm(root, { recursive: true, force: true });
  };

  function collect(channel: ChannelName, result: IpcResult<unknown>): void {
    if (!result.ok) return;
    const value = result.value as Record<string, unknown>;
    if (channel === 'startImport' || channel === 'startBulk') pools.jobIds.push(String(value['jobId']));
    if (channel === 'pickValueFile' && value['picked'] === true) pools.valueFileHandles.push(String(value['handle']));
    if (channel === 'openImportSource' && value['opened'] === true) pools.importSourceIds.push(String((value['source'] as Record<string, unknown>)['sourceId']));
    if (channel === 'loadFleet') pools.snapshotIds.push(String(value['snapshotId']));
    if (channel === 'compareDrift' && value['state'] === 'complete') pools.driftIds.push(String(value['driftId']));
  }

  const harness: FuzzHarness = {
    root,
    userDataDir,
    pools,
    person,
    standin,
    problems,
    async dispatch(channel, payload) {
      try {
        const result = await router.dispatch(ipcChannel(channel), APP, payload);
        collect(channel, result);
        return result;
      } catch (error) {
        note(`${channel}: dispatch rejected (${error instanceof Error ? error.name : typeof error}) instead of answering`);
        return { ok: false, error: { code: 'INTERNAL', message: 'dispatch rejected' } };
      }
    },
    async call(channel, payload) {
      const result = await harness.dispatch(channel, payload);
      const problem = answerProblem(channel, result);
      if (problem) throw new Error(problem);
      return result;
    },
    async ok<C extends ChannelName>(channel: C, input: unknown) {
      const result = await harness.call(channel, input);
      if (!result.ok) throw new Error(`${channel} was expected to succeed: ${result.error.code} ${result.error.message}`);
      return result.value as ChannelOutput<C>;
    },
    async restart() {
      await services.close();
      services = await compose();
      router = routerFor(services);
    },
    async settle() {
      // Generous: a hundred small jobs on a machine shared by many take a while; one that never ends is the bug.
      const deadline = Date.now() + 60_000;
      for (const jobId of new Set(pools.jobIds)) {
        for (;;) {
          const report = await router.dispatch(ipcChannel('getJob'), APP, { jobId });
          // Jobs are kept in memory only: one from before a restart, or pruned, is gone.
          if (!report.ok || (report.value as { state: string }).state !== 'running') break;
          if (Date.now() > deadline) {
            note(`job ${jobId} was still running 60 s after the fuzz`);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    },
    async verifyAfter() {
      await harness.settle();
      // Concurrent changes must leave the audit chain whole.
      const audit = await router.dispatch(ipcChannel('listAudit'), APP, { limit: 1 });
      if (!audit.ok) note(`listAudit failed after the fuzz: ${audit.error.code}`);
      else if (!(audit.value as { verification: { ok: boolean } }).verification.ok) note('the audit chain does not verify after the fuzz');
      await harness.closeApp();
      const found: string[] = [];
      const bad = (problem: string) => found.push(problem);

      // Nothing outside the layout; nothing beside the user-data directory; nothing in HOME.
      const top = (await fs.readdir(root)).sort();
      if (top.join() !== Object.values(LAYOUT).sort().join()) bad(`unexpected entries in the harness root: ${top.join(', ')}`);
      const dataSiblings = await fs.readdir(dir('data'));
      if (dataSiblings.join() !== 'user') bad(`something was written beside the user-data directory: ${dataSiblings.length} entries`);
      if ((await filesUnder(dir('home'))).length > 0) bad('something was written under HOME');
      for (const file of await filesUnder(dir('files'))) if (!ourFiles.has(file)) bad(`an unexpected file among the picked files: ${path.basename(file)}`);
      for (const name of proposedExportNames) if (!SAFE_EXPORT_NAME.test(name)) bad(`main proposed an export file name that is not a plain base name (${JSON.stringify(name.slice(0, 80))})`);
      for (const file of await filesUnder(dir('exports'))) {
        if (!proposedExportNames.has(path.basename(file))) bad('an export file main did not propose');
        if (leaks(await fs.readFile(file, 'utf8'))) bad(`export ${path.basename(file)} contains the canary value or the vault key`);
      }

      // The user-data directory holds only the app's own files, none with the canary.
      for (const file of await filesUnder(userDataDir)) {
        const relative = path.relative(userDataDir, file);
        if (!isExpectedDataFile(relative)) bad(`an unexpected file in the user-data directory: ${relative}`);
        const bytes = await fs.readFile(file);
        if (bytes.includes(Buffer.from(TOKEN)) || bytes.includes(Buffer.from(TOKEN, 'utf16le')) || bytes.includes(Buffer.from(VAULT_KEY))) {
          bad(`${relative} contains the canary value or the vault key`);
        }
      }
      // Every audit line is an entry of the strict schema: no field for a value, every id valid.
      for (const file of await filesUnder(path.join(userDataDir, AUDIT_DIR))) {
        if (!file.endsWith('.jsonl')) continue;
        for (const line of (await fs.readFile(file, 'utf8')).split('\n')) {
          if (line !== '' && !auditEntrySchema.safeParse(JSON.parse(line)).success) bad(`${path.basename(file)} holds a line that is not an audit entry`);
        }
      }
      // Profiles and added orgs: every id valid (what was stored came through validation).
      const profiles = JSON.parse(await fs.readFile(path.join(userDataDir, PROFILES_FILE), 'utf8')) as { activeId: unknown; profiles: unknown[] };
      const ids = profiles.profiles.map((p) => (profileSchema.safeParse(p).success ? (p as { id: string }).id : bad('profiles.json holds an invalid profile')));
      if (new Set(ids).size !== ids.length) bad('profiles.json holds two profiles with one id');
      if (!ids.includes(profiles.activeId as string)) bad('the active profile in profiles.json does not exist');
      const settingsText = await fs.readFile(path.join(userDataDir, SETTINGS_FILE), 'utf8').catch(() => null);
      if (settingsText !== null) checkSettings(JSON.parse(settingsText) as unknown, bad);

      // Every secret name in both vaults is one of ours: built from validated ids, nothing else.
      const reopened = await openVault({ dataDir: path.join(userDataDir, VAULT_DIR), keyProtector: defaultKeyProtector(path.join(userDataDir, VAULT_DIR), env) });
      for (const [label, vault] of [['embedded vault', reopened], ['LocalStack stand-in', standin]] as const) {
        const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
        for (const name of await allSecretNames(client)) if (parseSecretId(name) === null) bad(`the ${label} holds a secret name that is not a valid id`);
        client.destroy();
      }
      await reopened.close();

      // A key goes to its provider in a header, never in the URL.
      if (provider.requests.some((request) => leaks(request.url))) bad('a key check put the key in the URL it called');

      const protoAfter = [Object.prototype, Array.prototype, Function.prototype].map((proto) => Reflect.ownKeys(proto).map(String).sort().join(','));
      if (protoAfter.join('|') !== protoBefore.join('|')) bad('a built-in prototype was changed (prototype pollution)');
      if ((Object.prototype as Record<string, unknown>)['polluted'] !== undefined) bad('Object.prototype.polluted is set');

      await release();
      const all = [...problems, ...found];
      if (all.length > 0) throw new Error(`after the fuzz (in ${root}; FOUNDRY_FUZZ_KEEP=1 keeps it):\n- ${all.join('\n- ')}`);
    },
    async close() {
      await harness.closeApp();
      await release();
    },
    async closeApp() {
      if (closed) return;
      closed = true;
      process.off('unhandledRejection', onUnhandled);
      await services.close();
    },
  };
  return harness;
}

/**
 * The files the app keeps in its user-data directory (see the canary suite's SINKS): its own names
 * only, and no temporary file left behind by an atomic write (`<name>.tmp-<pid>-<hex>`).
 */
function isExpectedDataFile(relative: string): boolean {
  const parts = relative.split(path.sep);
  const name = parts[parts.length - 1] ?? '';
  if (name.includes('.tmp-')) return false;
  if (parts.length === 1) return name === PROFILES_FILE || name === SETTINGS_FILE || name === AUDIT_KEY_COPY_FILE;
  return parts.length === 2 && (parts[0] === AUDIT_DIR || parts[0] === VAULT_DIR) && /^[a-z0-9][a-z0-9._-]*$/.test(name);
}

function checkSettings(settings: unknown, bad: (problem: string) => void): void {
  const addedOrgs = (settings as { addedOrgs?: unknown }).addedOrgs;
  if (typeof addedOrgs !== 'object' || addedOrgs === null) return bad('settings.json has no addedOrgs object');
  for (const [profileId, orgs] of Object.entries(addedOrgs)) {
    if (!profileIdSchema.safeParse(profileId).success) bad('settings.json has added orgs under an invalid profile id');
    if (!Array.isArray(orgs) || orgs.some((org) => !orgIdSchema.safeParse(org).success)) {
      bad('settings.json has an invalid added org id');
    }
  }
}
