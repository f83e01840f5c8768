/**
 * Ctrl+C during `migrate --yes` against a backend that throttles every write: the run stops within
 * seconds (it does not wait out the SDK's throttled retries, up to 10 tries 20 s apart), prints its
 * report as "Stopped", and every audit attempt has its outcome. A second Ctrl+C while it settles
 * does not cut that short: it only says it is still settling. Before, the first Ctrl+C took about
 * a minute and a second one killed the process with attempts left without outcomes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedSecretsBackend, THROTTLE, type ScriptedSecretsBackend } from '../fakes/fake-scripted-secrets-backend';
import { appDataDir, runCli } from './helpers';

describe('migrate: Ctrl+C while the backend throttles every write', () => {
  let backend: ScriptedSecretsBackend;
  beforeAll(async () => {
    backend = await startScriptedSecretsBackend((operation) => {
      if (operation === 'ListSecrets') return { SecretList: [] };
      if (operation === 'CreateSecret' || operation === 'PutSecretValue') return THROTTLE;
      return undefined; // DescribeSecret: not there (nothing landed)
    });
  });
  afterAll(() => backend.close());

  it('stops within seconds, reports "Stopped", and audits an outcome for every attempt — a second Ctrl+C included', async () => {
    const dataDir = await appDataDir();
    const file = path.join(dataDir, 'two.env');
    await fs.writeFile(file, 'OPENAI_API_KEY=sk-proj-interrupt-0123456789\nANTHROPIC_API_KEY=sk-ant-interrupt-0123456789\n');
    let interruptedAt = 0;
    const run = await runCli(['migrate', file, '--org', 'acme', '--endpoint', backend.endpoint, '--data', dataDir, '--yes'], {
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (!backend.requests.includes('CreateSecret')) return;
          clearInterval(poll);
          interruptedAt = Date.now();
          child.kill('SIGINT');
          setTimeout(() => child.kill('SIGINT'), 400);
        }, 50);
        child.on('close', () => clearInterval(poll));
      },
    });
    const settledIn = Date.now() - interruptedAt;
    expect(interruptedAt).toBeGreaterThan(0);
    expect(settledIn).toBeLessThan(10_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Still settling the writes in flight');
    expect(run.stdout).toMatch(/^Stopped: /m);
    const auditDir = path.join(dataDir, 'audit');
    const lines = (await Promise.all((await fs.readdir(auditDir)).filter((name) => name.endsWith('.jsonl')).map((name) => fs.readFile(path.join(auditDir, name), 'utf8'))))
      .join('\n')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { seq: number; action: string; outcome: string; attemptSeq?: number });
    const attempts = lines.filter((entry) => entry.action === 'secret.write' && entry.outcome === 'attempt').map((entry) => entry.seq);
    const settled = lines.filter((entry) => entry.action === 'secret.write' && entry.outcome !== 'attempt').map((entry) => entry.attemptSeq);
    expect(attempts.length).toBeGreaterThan(0);
    // The stopped items' reasons name secrets and versions, never what was being written.
    for (const sink of [run.stdout, run.stderr, JSON.stringify(lines)]) expect(sink).not.toContain('interrupt-0123456789');
    expect(settled.sort()).toEqual(attempts.sort());
  }, 60_000);
});
