/**
 * With --json a failure is a JSON document too, so a script gets a typed code: one line
 * `{"error":{"code","message","hint"?}}` on stderr (stdout stays for results, as gh keeps it),
 * with the same exit code as the plain-text error. Without --json errors stay plain text.
 */
import { describe, expect, it } from 'vitest';
import { appDataDir, runCli } from './helpers';

interface JsonError {
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string };
}

function parsedError(stderr: string): JsonError {
  const lines = stderr.trim().split('\n');
  return JSON.parse(lines.at(-1) ?? '') as JsonError;
}

describe('errors under --json', () => {
  it('a usage error: exit 2, code USAGE, message and hint, nothing on stdout', async () => {
    const run = await runCli(['status', 'acme', '--embedded', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(parsedError(run.stderr)).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('--embedded needs --data DIR'), hint: expect.stringContaining('--help') } });
  });

  it("a backend failure: exit 1 with the app's error code", async () => {
    const dataDir = await appDataDir();
    const seeded = await runCli(['put', 'acme/github_token', '--embedded', '--data', dataDir], { stdin: 'ghp_json_errors' });
    expect(seeded.code, seeded.stderr).toBe(0);
    const run = await runCli(['rm', 'acme/openai_api_key', '--embedded', '--data', dataDir, '--json']);
    expect(run.code).toBe(1);
    const doc = parsedError(run.stderr);
    expect(doc.error.code).toMatch(/^[A-Z_]+$/);
    expect(doc.error.code).not.toBe('USAGE');
    expect(doc.error.message.length).toBeGreaterThan(0);
  });

  it('without --json the error stays plain text', async () => {
    const run = await runCli(['status', 'acme', '--embedded']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^foundry-secrets: --embedded needs --data DIR/);
  });
});
