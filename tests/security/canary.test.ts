/**
 * The canary suite (node side): a unique value is written through every write path, then every
 * place a value could end up is searched for it. Zero hits.
 *
 * Sinks searched here: every IPC answer · main's log (the logger's sink, at debug level) · the
 * audit files · profiles.json and settings.json · the vault's data directory (which must hold no
 * plaintext at all) · audit exports (CSV and JSON) · this process's stdout, stderr and console.
 * The renderer's DOM and web storage are searched by the Chromium part of the suite.
 *
 * A new sink (a file, a log, a cache, a report) must be added to SINKS below — the test fails on
 * any file or folder in the user-data directory it does not know, so an unlisted one cannot slip in.
 * A new write path (e.g. a migration) must be added to WRITE_PATHS.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUDIT_DIR, AUDIT_KEY_COPY_FILE } from '../../src/main/audit/index';
import { VAULT_DIR } from '../../src/main/composition';
import { PROFILES_FILE } from '../../src/main/backends/profile-store';
import { SETTINGS_FILE } from '../../src/main/settings-store';
import { auditEntrySchema } from '../../src/shared/audit';
import { CHANNEL_NAMES, type ChannelName } from '../../src/shared/channels';
import type { JobReport } from '../../src/shared/jobs';
import { ENV, startHarness, type Harness } from '../main/audit/harness';
import { startFakeProvider, status, type FakeProvider } from '../fakes/fake-provider';
import { tempDir } from '../vault/helpers';

const ref = { orgId: 'acme', secretName: 'openai_api_key' };

/**
 * Every form of the value that must never appear: itself, base64 of it, digests of it (whole, and
 * the short prefixes a log line might print), and its length as a number standing on its own.
 */
interface Needle {
  label: string;
  bytes: Buffer;
  /** Counts only where the next byte is not a letter or digit. */
  wholeNumber?: boolean;
}

const ALNUM = /[0-9A-Za-z]/;

function holds(haystack: Buffer, needle: Needle): boolean {
  for (let at = haystack.indexOf(needle.bytes); at !== -1; at = haystack.indexOf(needle.bytes, at + 1)) {
    const next = haystack[at + needle.bytes.length];
    if (!needle.wholeNumber || next === undefined || !ALNUM.test(String.fromCharCode(next))) return true;
  }
  return false;
}

function needlesFor(canary: string): Needle[] {
  const sha = createHash('sha256').update(canary).digest();
  const sha1 = createHash('sha1').update(canary).digest('hex');
  const md5 = createHash('md5').update(canary).digest('hex');
  const length = String(Buffer.byteLength(canary));
  return [
    { label: 'plaintext', bytes: Buffer.from(canary) },
    { label: 'plaintext (UTF-16)', bytes: Buffer.from(canary, 'utf16le') },
    { label: 'base64', bytes: Buffer.from(Buffer.from(canary).toString('base64').slice(0, 40)) },
    { label: 'sha256 hex', bytes: Buffer.from(sha.toString('hex')) },
    { label: 'sha256 base64', bytes: Buffer.from(sha.toString('base64')) },
    { label: 'sha1 hex', bytes: Buffer.from(sha1) },
    { label: 'sha256 hex prefix', bytes: Buffer.from(sha.toString('hex').slice(0, 12)) },
    { label: 'sha1 hex prefix', bytes: Buffer.from(sha1.slice(0, 12)) },
    { label: 'md5 hex prefix', bytes: Buffer.from(md5.slice(0, 12)) },
    // A length inside a hex string is chance; after one of these characters, and not followed by
    // another letter or digit (a random id that merely starts "4109…"), it is a number someone printed.
    ...[':', '=', ' ', '"', '('].map((before) => ({ label: `length (${before}${length})`, bytes: Buffer.from(`${before}${length}`), wholeNumber: true })),
  ];
}

/** A canary of an unusual length, so a printed length is recognisable (see needlesFor). */
function uniqueCanary(prefix: string): string {
  const base = `${prefix}-${randomUUID()}-`;
  return base.padEnd(4099, 'q');
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

type Item = { name: string; bytes: Buffer };

async function filesWithBytes(root: string, dir: string): Promise<Item[]> {
  return Promise.all((await filesUnder(dir)).map(async (file) => ({ name: path.relative(root, file), bytes: await fs.readFile(file) })));
}

/**
 * Searches every sink for the needles. SINKS is the list a new sink must join; every file or folder
 * in the user-data directory must belong to one of them.
 */
async function scanSinks(h: Harness, exportDir: string, printed: readonly string[], needles: Needle[]): Promise<{ hits: string[]; scanned: number }> {
  const SINKS: { name: string; mayBeEmpty?: boolean; items: () => Promise<Item[]> }[] = [
    { name: 'IPC answers', items: async () => h.answers.map((answer, i) => ({ name: `answer #${i}`, bytes: Buffer.from(JSON.stringify(answer)) })) },
    { name: "main's log", items: async () => h.logLines.map((line, i) => ({ name: `log line #${i}`, bytes: Buffer.from(line) })) },
    {
      name: 'audit files',
      items: async () => [
        ...(await filesWithBytes(h.userDataDir, path.join(h.userDataDir, AUDIT_DIR))),
        { name: AUDIT_KEY_COPY_FILE, bytes: await fs.readFile(path.join(h.userDataDir, AUDIT_KEY_COPY_FILE)) },
      ],
    },
    { name: 'profiles and settings', items: async () => Promise.all([PROFILES_FILE, SETTINGS_FILE].map(async (f) => ({ name: f, bytes: await fs.readFile(path.join(h.userDataDir, f)) }))) },
    { name: 'vault data', items: () => filesWithBytes(h.userDataDir, path.join(h.userDataDir, VAULT_DIR)) },
    { name: 'audit exports', items: () => filesWithBytes(exportDir, exportDir) },
    { name: "this process's stdout, stderr and console", mayBeEmpty: true, items: async () => printed.map((text, i) => ({ name: `output #${i}`, bytes: Buffer.from(text) })) },
  ];
  expect((await fs.readdir(h.userDataDir)).sort(), 'a file or folder in the user-data directory that no sink covers').toEqual([AUDIT_DIR, AUDIT_KEY_COPY_FILE, PROFILES_FILE, SETTINGS_FILE, VAULT_DIR].sort());
  const hits: string[] = [];
  let scanned = 0;
  for (const sink of SINKS) {
    const items = await sink.items();
    if (!sink.mayBeEmpty) expect(items.length, `sink "${sink.name}" had nothing to scan`).toBeGreaterThan(0);
    for (const item of items) {
      scanned += 1;
      for (const needle of needles) if (holds(item.bytes, needle)) hits.push(`${sink.name}: ${item.name} holds the ${needle.label}`);
    }
  }
  return { hits, scanned };
}

describe('canary suite: a value written through every write path appears in no sink', () => {
  let h: Harness;
  let exportDir: string;
  let exportName: string;
  /** The file the "open dialog" picks next (a value's source, outside the user-data directory). */
  let valueFile: string | null = null;
  let filesDir: string;
  /** The `.env` file the "open dialog" picks next for an import. */
  let importFile: string | null = null;
  /** The app's environment, for an import from it (set per test: it holds the canary). */
  const importEnv: NodeJS.ProcessEnv = { ...ENV };
  /** Stands in for the providers a key is checked with: the one place besides the backend a value may go. */
  let provider: FakeProvider;
  const printed: string[] = [];

  beforeEach(async () => {
    printed.length = 0;
    // This process's own output: raw streams and console (vitest routes console separately).
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        printed.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
        return original(chunk, ...rest);
      }) as typeof stream.write);
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const original = console[method].bind(console);
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
        original(...args);
      });
    }
    exportDir = await tempDir('foundry-canary-export-');
    filesDir = await tempDir('foundry-canary-files-');
    provider = await startFakeProvider();
    importEnv['DEEPGRAM_API_KEY'] = undefined;
    h = await startHarness({
      env: importEnv,
      chooseSavePath: async () => path.join(exportDir, exportName),
      chooseValueFile: async () => valueFile,
      chooseImportFile: async () => importFile,
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await h.close().catch(() => undefined);
    await provider.close();
  });

  it('zero hits in answers, logs, audit, profile and settings files, the vault, exports and this process\'s output', async () => {
    const canary = uniqueCanary('canary');
    const auditDir = path.join(h.userDataDir, AUDIT_DIR);

    /** Every way a value enters the app. A new write path (e.g. migration) belongs here. */
    const WRITE_PATHS: { name: string; run: () => Promise<unknown> }[] = [
      { name: 'create, with a description', run: () => h.ok('writeSecret', { ...ref, value: canary, description: 'first' }) },
      { name: 'rotate', run: () => h.ok('writeSecret', { ...ref, value: `${canary}-rotated` }) },
      { name: 'create in a domain', run: () => h.ok('writeSecret', { ...ref, domainId: 'cards', value: `${canary}-domain` }) },
      { name: 'create a second secret', run: () => h.ok('writeSecret', { ...ref, secretName: 'github_token', value: `${canary}-gh` }) },
      { name: 'bad org id beside the value', run: () => h.failure('writeSecret', { ...ref, orgId: 'Bad Org', value: canary }) },
      { name: 'value too big', run: () => h.failure('writeSecret', { ...ref, value: canary.repeat(3000) }) },
      { name: 'unknown field carrying the value', run: () => h.failure('writeSecret', { ...ref, value: canary, [canary]: canary }) },
      { name: 'value of the wrong type', run: () => h.failure('writeSecret', { ...ref, value: [canary] }) },
      { name: 'value with broken Unicode', run: () => h.failure('writeSecret', { ...ref, value: `${canary}\uD800` }) },
      {
        name: 'write to a secret scheduled for deletion',
        run: async () => {
          await h.ok('removeSecret', { ...ref, domainId: 'cards', mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
          await h.failure('writeSecret', { ...ref, domainId: 'cards', value: canary });
          await h.ok('restoreSecret', { ...ref, domainId: 'cards' });
        },
      },
      {
        name: 'write on a read-only profile',
        run: async () => {
          await h.ok('saveProfile', { profile: { id: 'ro', name: 'RO', kind: 'embedded', env: 'dev', readOnly: true } });
          await h.ok('selectProfile', { id: 'ro' });
          await h.failure('writeSecret', { ...ref, value: canary });
          await h.ok('selectProfile', { id: 'embedded' });
        },
      },
      {
        name: 'write refused because the audit log cannot be written',
        run: async () => {
          await fs.rename(auditDir, `${auditDir}-saved`);
          await fs.writeFile(auditDir, 'blocked');
          const refused = await h.failure('writeSecret', { ...ref, value: canary });
          expect(refused.details).toMatchObject({ audit: 'failed', applied: false });
          await fs.rm(auditDir);
          await fs.rename(`${auditDir}-saved`, auditDir);
        },
      },
      { name: 'rotate after the audit log is back', run: () => h.ok('writeSecret', { ...ref, value: `${canary}-again` }) },
      // Values from files: read in main; the window gets a handle.
      { name: 'a picked text file, kept with its trailing newline', run: () => writeFromFile('tls_cert', `${canary}-file\n`, { whitespace: 'keep' }) },
      { name: 'a picked text file, trimmed', run: () => writeFromFile('tls_key', ` ${canary}-file\n`, { whitespace: 'trim' }) },
      { name: 'a picked binary file', run: () => writeFromFile('keystore', Buffer.concat([Buffer.from(`${canary}-bin`), Buffer.from([0, 255, 0])]), {}) },
      { name: 'a picked file without the whitespace choice', run: () => writeFromFile('tls_cert', `${canary}-file\n`, {}, 'fail') },
      {
        name: 'a picked file too large, empty, or discarded',
        run: async () => {
          await pickFails(`${canary}-big`.padEnd(70_000, 'x'));
          await pickFails(' \n');
          const picked = await pick(`${canary}-discarded`, 'tls_cert');
          await h.ok('discardValueFile', { handle: picked });
        },
      },
      // Modes and whitespace.
      { name: 'multi-line value kept with its whitespace', run: () => h.ok('writeSecret', { ...ref, secretName: 'pem', value: `${canary}-pem\nline 2\n`, mode: 'multi-line', whitespace: 'keep' }) },
      { name: 'whitespace at an end without a choice', run: () => h.failure('writeSecret', { ...ref, secretName: 'pem', value: ` ${canary}` }) },
      { name: 'whitespace-only', run: () => h.failure('writeSecret', { ...ref, secretName: 'pem', value: ' \t\n' }) },
      { name: 'valid JSON in JSON mode', run: () => h.ok('writeSecret', { ...ref, secretName: 'sa_json', value: JSON.stringify({ key: `${canary}-json` }), mode: 'json' }) },
      { name: 'invalid JSON in JSON mode', run: () => h.failure('writeSecret', { ...ref, secretName: 'sa_json', value: `{"key": ${canary}}`, mode: 'json' }) },
      // Live key checks: the value goes to the provider being checked, and nowhere else.
      {
        name: 'key checks: valid, rejected (the provider echoes the key), could not verify, Save anyway, a LiveKit pair',
        run: async () => {
          await h.ok('saveKeyCheckSettings', { settings: { enabled: true, baseUrls: { openai: provider.baseUrl, livekit: provider.baseUrl } } });
          provider.answer(status(200));
          await h.ok('writeSecret', { ...ref, value: `sk-${canary}-checked`, check: true });
          provider.answer(status(401));
          await h.failure('writeSecret', { ...ref, value: `sk-${canary}-checked`, check: true });
          provider.answer(status(503));
          await h.failure('writeSecret', { ...ref, value: `sk-${canary}-checked`, check: true });
          await h.ok('writeSecret', { ...ref, value: `sk-${canary}-checked`, check: false });
          provider.answer(status(200));
          await h.ok('writeSecret', { ...ref, secretName: 'livekit_api_key', value: `API${canary}`, companion: `${canary}-companion`, check: true });
          provider.answer(status(403));
          await h.failure('writeSecret', { ...ref, secretName: 'livekit_api_key', value: `API${canary}`, companion: `${canary}-companion`, check: true });
        },
      },
      // Bulk: a .env file and the app's environment imported into an org (main reads them; the
      // window gets keys and line numbers), and one value set across many orgs.
      {
        name: 'a .env import: preview, run, run again, report exported',
        run: async () => {
          const env = [
            `OPENAI_API_KEY=${canary}-dup`,
            `export ANTHROPIC_API_KEY="${canary}-env"`,
            `MULTI_LINE="${canary}-env`,
            'second line"',
            `not an assignment ${canary}-env`,
            `OPENAI_API_KEY=${canary}-env`,
            'EMPTY=',
          ].join('\n');
          const source = await openImport(env);
          const options = { sourceId: source, orgId: 'bulkco', domainId: 'shared', includeCustom: true };
          const preview = await h.ok('previewImport', options);
          expect(preview.badLines).toEqual([5]);
          for (const overwrite of [false, true]) await finish(await h.ok('startImport', { ...options, overwrite }));
          exportName = 'import-report.csv';
          expect(await h.ok('exportJobReport', { jobId: (await h.ok('startImport', options)).jobId, format: 'csv' })).toMatchObject({ saved: true });
          await h.ok('forgetImportSource', { sourceId: source });
          await h.failure('previewImport', options);
        },
      },
      {
        name: 'the app environment imported',
        run: async () => {
          importEnv['DEEPGRAM_API_KEY'] = `${canary}-envvar`;
          const opened = await h.ok('openImportSource', { kind: 'environment' });
          if (!opened.opened) throw new Error('the environment was not opened');
          expect((await finish(await h.ok('startImport', { sourceId: opened.source.sourceId, orgId: 'bulkco', domainId: 'shared' }))).counts.written).toBe(1);
        },
      },
      {
        name: 'import files refused: binary, over 1 MiB',
        run: async () => {
          importFile = path.join(filesDir, `bin-${randomUUID()}`);
          await fs.writeFile(importFile, Buffer.concat([Buffer.from(`KEY=${canary}-env`), Buffer.from([0, 1, 2])]));
          await h.failure('openImportSource', { kind: 'file' });
          importFile = path.join(filesDir, `big-${randomUUID()}`);
          await fs.writeFile(importFile, `KEY=${canary}-env\n`.repeat(300)); // 1.2 MB
          await h.failure('openImportSource', { kind: 'file' });
        },
      },
      {
        name: 'one value set across orgs, a report exported; refusals with the value in the input',
        run: async () => {
          const bulk = { orgIds: ['bulk-a', 'bulk-b', 'bulk-c'], domainId: 'shared', secretName: 'openai_api_key' };
          const job = await finish(await h.ok('startBulk', { ...bulk, action: { kind: 'set', value: `${canary}-bulk` } }));
          expect(job.counts.written).toBe(3);
          exportName = 'bulk-report.json';
          expect(await h.ok('exportJobReport', { jobId: job.jobId, format: 'json' })).toMatchObject({ saved: true });
          await h.failure('startBulk', { ...bulk, action: { kind: 'set', value: ` ${canary}-bulk` } });
          await h.failure('startBulk', { ...bulk, orgIds: ['Bad Org'], action: { kind: 'set', value: `${canary}-bulk` } });
          await h.failure('startBulk', { ...bulk, action: { kind: 'set', value: `${canary}-bulk`, [canary]: canary } });
          // A new prod profile starts read-only; the second save unlocks it (both confirmed by the harness).
          await h.ok('saveProfile', { profile: { id: 'prod', name: 'Prod', kind: 'embedded', env: 'prod', readOnly: false } });
          await h.ok('saveProfile', { profile: { id: 'prod', name: 'Prod', kind: 'embedded', env: 'prod', readOnly: false } });
          await h.ok('selectProfile', { id: 'prod' });
          await h.failure('startBulk', { ...bulk, action: { kind: 'set', value: `${canary}-bulk` } });
          await h.ok('selectProfile', { id: 'embedded' });
          await h.ok('removeProfile', { id: 'prod' });
        },
      },
    ];
    async function openImport(content: string): Promise<string> {
      importFile = path.join(filesDir, `env-${randomUUID()}`);
      await fs.writeFile(importFile, content);
      const opened = await h.ok('openImportSource', { kind: 'file' });
      if (!opened.opened) throw new Error('nothing opened');
      return opened.source.sourceId;
    }
    async function finish(job: JobReport): Promise<JobReport> {
      for (let i = 0; i < 500; i += 1) {
        const report = await h.ok('getJob', { jobId: job.jobId });
        if (report.state !== 'running') return report;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`job ${job.jobId} did not finish`);
    }
    async function pick(content: string | Buffer, secretName: string): Promise<string> {
      valueFile = path.join(filesDir, `value-${randomUUID()}`);
      await fs.writeFile(valueFile, content);
      const picked = await h.ok('pickValueFile', { ...ref, secretName });
      if (!picked.picked) throw new Error('nothing picked');
      return picked.handle;
    }
    async function pickFails(content: string): Promise<void> {
      valueFile = path.join(filesDir, `value-${randomUUID()}`);
      await fs.writeFile(valueFile, content);
      await h.failure('pickValueFile', ref);
    }
    async function writeFromFile(secretName: string, content: string | Buffer, extra: object, expected: 'ok' | 'fail' = 'ok'): Promise<void> {
      const file = await pick(content, secretName);
      const input = { ...ref, secretName, file, ...extra };
      if (expected === 'ok') await h.ok('writeSecret', input);
      else await h.failure('writeSecret', input);
    }
    for (const step of WRITE_PATHS) {
      try {
        await step.run();
      } catch (error) {
        throw new Error(`write path "${step.name}" did not behave: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }

    // Then every channel once, exports included.
    const inputs: Partial<Record<ChannelName, unknown>> = {
      selectProfile: { id: 'embedded' },
      saveProfile: { profile: { id: 'ro', name: 'RO', kind: 'embedded', env: 'dev', readOnly: true } },
      removeProfile: { id: 'ro' },
      addOrg: { orgId: 'acme' },
      getSecretStatus: ref,
      // Diagnostics list and describe the env the canary values were written in.
      runDiagnostics: { secret: ref },
      listSecretStatus: { orgId: 'acme', domainId: 'cards' },
      writeSecret: { ...ref, value: canary },
      removeSecret: { ...ref, secretName: 'github_token', mode: { kind: 'recoverable', recoveryWindowDays: 30 } },
      restoreSecret: { ...ref, secretName: 'github_token' },
      listAudit: { limit: 500 },
      exportAudit: { format: 'json' },
      discardValueFile: { handle: randomUUID() },
      saveKeyCheckSettings: { settings: { enabled: false, baseUrls: {} } },
      removeOrg: { orgId: 'acme' },
      cancelFleet: { snapshotId: randomUUID() },
      saveFleetSettings: { settings: { staleAfterDays: 30 } },
      openImportSource: { kind: 'environment' },
      forgetImportSource: { sourceId: randomUUID() },
      previewImport: { sourceId: randomUUID(), orgId: 'acme', domainId: 'shared' },
      startImport: { sourceId: randomUUID(), orgId: 'acme', domainId: 'shared' },
      startBulk: { orgIds: ['acme'], domainId: 'shared', secretName: 'openai_api_key', action: { kind: 'set', value: canary } },
      cancelJob: { jobId: randomUUID() },
      getJob: { jobId: randomUUID() },
    };
    for (const name of CHANNEL_NAMES) {
      if (name === 'exportAudit' || name === 'exportFleet' || name === 'exportJobReport' || name === 'exportDrift') continue;
      await h.call(name, inputs[name] ?? {});
    }
    // The coverage matrix export (status only) joins the exports.
    const fleet = await h.ok('loadFleet', { refresh: true });
    for (let i = 0; i < 300 && (await h.ok('loadFleet', { refresh: false })).state === 'loading'; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fleet.snapshotId).toBeDefined();
    exportName = 'coverage.csv';
    expect(await h.ok('exportFleet', {})).toMatchObject({ saved: true });
    // Drift between the env the canaries were written in and another one, and its export.
    const drift = await h.ok('compareDrift', { requestId: randomUUID(), left: { profileId: 'embedded' }, right: { profileId: 'embedded', env: 'staging' } });
    expect(drift.state).toBe('complete');
    expect(drift.findings.length).toBeGreaterThan(0);
    exportName = 'drift.csv';
    expect(await h.ok('exportDrift', { driftId: drift.driftId })).toMatchObject({ saved: true });
    exportName = 'audit.json';
    expect(await h.ok('exportAudit', { format: 'json' })).toMatchObject({ saved: true });
    exportName = 'audit.csv';
    expect(await h.ok('exportAudit', { format: 'csv' })).toMatchObject({ saved: true });
    const listed = await h.ok('listAudit', { limit: 500 });
    // The refused write left no entry (nothing was changed) and broke nothing: the chain is whole.
    expect(listed.verification.ok).toBe(true);
    expect(listed.total).toBeGreaterThan(20);
    await h.close(); // flush and release the vault before its files are read

    const written = ['', '-rotated', '-domain', '-gh', '-again', '-file', '-bin', '-big', '-discarded', '-pem', '-json', '-checked', '-companion', '-dup', '-env', '-envvar', '-bulk'];
    const { hits, scanned } = await scanSinks(h, exportDir, printed, written.flatMap((suffix) => needlesFor(`${canary}${suffix}`)));
    expect(hits).toEqual([]);
    // The provider did get the keys it checked (in headers: a bearer key, or a token signed with the LiveKit secret).
    expect(provider.requests.map((r) => r.headers.authorization?.slice(0, 12))).toEqual(['Bearer sk-ca', 'Bearer sk-ca', 'Bearer sk-ca', 'Bearer eyJhb', 'Bearer eyJhb']);
    expect(scanned).toBeGreaterThan(30);

    const fileSinks = (dir: string) => filesWithBytes(h.userDataDir, dir);
    // The audit lines are entries and nothing more (strict schema: no value, length or digest field).
    const auditFiles = (await fileSinks(auditDir)).filter((f) => f.name.endsWith('.jsonl'));
    expect(auditFiles.length).toBeGreaterThan(0);
    for (const { bytes } of auditFiles) {
      for (const line of bytes.toString('utf8').split('\n').filter((l) => l !== '')) auditEntrySchema.parse(JSON.parse(line));
    }
    // The vault is encrypted: not even the secret names are in it as plaintext.
    const vaultFiles = await fileSinks(path.join(h.userDataDir, VAULT_DIR));
    expect(vaultFiles.reduce((n, f) => n + f.bytes.length, 0)).toBeGreaterThan(0);
    for (const file of vaultFiles) expect(file.bytes.includes(Buffer.from('openai_api_key')), file.name).toBe(false);
  });

  it('would see a leak: the same scan finds a canary planted in each kind of sink', async () => {
    const canary = `planted-${randomUUID()}`;
    await h.ok('addOrg', { orgId: 'acme' });
    exportName = 'planted.csv';
    await fs.writeFile(path.join(exportDir, exportName), canary);
    h.logger.info('planted', { note: canary }); // a plain string under a harmless name is not redacted
    process.stderr.write(`${canary}\n`);
    console.error(canary);
    h.answers.push({ ok: true, value: { planted: canary } });
    await h.close();
    const { hits } = await scanSinks(h, exportDir, printed, needlesFor(canary).slice(0, 1));
    expect(hits.map((hit) => hit.split(':')[0])).toEqual(['IPC answers', "main's log", 'audit exports', "this process's stdout, stderr and console", "this process's stdout, stderr and console"]);
  });

  it('would see a leak of a value\'s length or a short digest of it', async () => {
    const canary = uniqueCanary('planted');
    await h.ok('addOrg', { orgId: 'acme' });
    const sha = createHash('sha256').update(canary).digest('hex');
    h.logger.info('saving', { chars: canary.length }); // harmless-looking field names
    h.logger.info('saving', { digest: sha.slice(0, 16) });
    exportName = 'empty.csv';
    await fs.writeFile(path.join(exportDir, exportName), 'nothing here'); // every sink must have something to scan
    await h.close();
    const { hits } = await scanSinks(h, exportDir, printed, needlesFor(canary));
    expect(hits.filter((hit) => hit.startsWith("main's log")).map((hit) => hit.split(' holds the ')[1])).toEqual(
      expect.arrayContaining(['length (:4099)', 'sha256 hex prefix']),
    );
  });

  it('tells a printed length from a random id that starts with the same digits', () => {
    const [length] = needlesFor(uniqueCanary('planted')).filter((needle) => needle.label === 'length ("4099)');
    if (!length) throw new Error('no quoted-length needle');
    expect(holds(Buffer.from('{"bytes":"4099"}'), length)).toBe(true);
    expect(holds(Buffer.from('size "4099 bytes'), length)).toBe(true);
    expect(holds(Buffer.from('{"prevHash":"4099ab12cd"}'), length)).toBe(false);
    // A chance prefix earlier in the same file does not hide a real one later.
    expect(holds(Buffer.from('"4099ab12" then "4099"'), length)).toBe(true);
  });
});
