/**
 * A wiped audit log is not an intact one. The audit key is made by the first append, and its
 * records are kept twice (audit/audit-key.json and audit-key.copy.json beside the folder): while
 * either is there, an empty log, or no audit folder at all, means entries were removed.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { appDataDir, runCli } from './helpers';

describe('audit verify on a log whose files were deleted', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await appDataDir();
    const put = await runCli(['put', 'acme/openai_api_key', '--embedded', '--data', dataDir], { stdin: 'sk-audit-wiped' });
    expect(put.code, put.stderr).toBe(0);
    const intact = await runCli(['audit', 'verify', '--data', dataDir]);
    expect(intact.code, intact.stdout).toBe(0);
  });

  it('everything in audit/ deleted (log, head, key), the key copy beside it left: NOT intact, head-missing, exit 1', async () => {
    const auditDir = path.join(dataDir, 'audit');
    for (const name of await fs.readdir(auditDir)) await fs.rm(path.join(auditDir, name), { recursive: true });
    await fs.access(path.join(dataDir, 'audit-key.copy.json'));
    const run = await runCli(['audit', 'verify', '--data', dataDir, '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const doc = JSON.parse(run.stdout) as { ok: boolean; problems: { kind: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.problems.map((problem) => problem.kind)).toContain('head-missing');
    const text = await runCli(['audit', 'verify', '--data', dataDir]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/NOT intact/);
  });

  it('the audit folder itself deleted while the key copy remains: log-missing, exit 1 (not "no audit log", exit 2)', async () => {
    await fs.rm(path.join(dataDir, 'audit'), { recursive: true });
    const run = await runCli(['audit', 'verify', '--data', dataDir, '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '')).toMatchObject({ error: { code: 'LOG_MISSING' } });
  });
});
