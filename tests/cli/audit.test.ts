/** `foundry-secrets audit verify` (intact: 0; tampered: 1, with where) and `audit export` (the app's export, itself audited). */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/main/audit/index';
import { appDataDir, auditEntries, runCli } from './helpers';
import { tempDir } from '../vault/helpers';

describe('audit verify and export', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await appDataDir();
    for (const name of ['openai_api_key', 'github_token']) {
      const put = await runCli(['put', `acme/${name}`, '--embedded', '--data', dataDir], { stdin: `value-of-${name}` });
      expect(put.code, put.stderr).toBe(0);
    }
  });

  it('verify: an intact log (exit 0), as text and --json', async () => {
    const text = await runCli(['audit', 'verify', '--data', dataDir]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Audit log intact: 4 entries in 1 file, last seq 4\.\n$/);
    const json = await runCli(['audit', 'verify', '--data', dataDir, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, entries: 4, problemCount: 0 });
  });

  it('export: CSV to stdout (default), JSON with --json, to a file with --out — each recorded as audit.export', async () => {
    const csv = await runCli(['audit', 'export', '--data', dataDir]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    const json = await runCli(['audit', 'export', '--data', dataDir, '--json']);
    const doc = JSON.parse(json.stdout) as { format: string; count: number; verification: { ok: boolean } };
    expect(doc).toMatchObject({ format: 'foundry-secrets-audit', verification: { ok: true } });
    const out = path.join(await tempDir('foundry-cli-export-'), 'audit.json');
    const saved = await runCli(['audit', 'export', '--data', dataDir, '--out', out, '--json']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ saved: true, path: out });
    expect(JSON.parse(await fs.readFile(out, 'utf8'))).toMatchObject({ format: 'foundry-secrets-audit' });
    const exports = (await auditEntries(dataDir)).filter((entry) => entry['action'] === 'audit.export' && entry['outcome'] === 'success');
    expect(exports.map((entry) => (entry['export'] as { fileName: string }).fileName)).toEqual(['stdout', 'stdout', 'audit.json']);
  });

  it('verify: a tampered entry is found (exit 1), named by file and line', async () => {
    const dir = path.join(dataDir, 'audit');
    const file = (await fs.readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort()[0] as string;
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    await fs.writeFile(path.join(dir, file), text.replace('acme/shared/github_token', 'acme/shared/gitlab_token'));
    const run = await runCli(['audit', 'verify', '--data', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Audit log NOT intact: \d+ problems? /);
    expect(run.stdout).toMatch(new RegExp(`^ {2}${file.replace('.', '\\.')}:3 `, 'm'));
  });

  it('a folder without an audit log is bad input (exit 2), and is not created', async () => {
    const empty = await appDataDir();
    const run = await runCli(['audit', 'verify', '--data', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no audit log in');
    expect(await fs.readdir(empty)).toEqual([]);
    const noSub = await runCli(['audit', '--data', empty]);
    expect(noSub.code).toBe(2);
  });
});
