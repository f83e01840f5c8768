/**
 * `foundry-secrets doctor` as a person or a script runs it: exit codes 0 / 1 / 2, `--json` that
 * parses, `--help`; against a served vault (--endpoint), a fake LocalStack, a closed port, and the
 * app's active profile in a data folder. A value planted in the vault never shows.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostileBackend } from '../fakes/fake-hostile-backend';
import { closedEndpoint, startFakeLocalStack, type FakeLocalStack } from '../fakes/fake-localstack';
import { appDataDir, needlesFor, runCli, servedVault, type ServedVault } from './helpers';

// Long, so its length (20011) cannot pass for a port, a time or a duration in the report.
const CANARY = `sk-doctor-canary-${'0123456789abcdef'.repeat(1250)}`.slice(0, 20_011);

let served: ServedVault;
let ls: FakeLocalStack;
beforeAll(async () => {
  served = await servedVault();
  await served.client.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/acme/shared/openai_api_key', SecretString: CANARY }));
  ls = await startFakeLocalStack();
});
afterAll(() => ls.close());

interface JsonReport {
  backend: string;
  healthy: boolean;
  checks: { id: string; status: string; title: string; detail: string }[];
}

describe('doctor', () => {
  it('--help: usage, flags and exit codes on stdout, exit 0', async () => {
    const run = await runCli(['doctor', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/USAGE\n {2}foundry-secrets doctor/);
    expect(run.stdout).toMatch(/EXIT CODES/);
    expect(run.stdout).toContain('--secret ORG/DOMAIN/NAME');
  });

  it('a healthy LocalStack: exit 0, text report with the backend named', async () => {
    const run = await runCli(['doctor', '--endpoint', ls.endpoint]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Backend: --endpoint ${ls.endpoint}`);
    expect(run.stdout).toMatch(/Result: HEALTHY/);
    expect(run.stdout).toMatch(/\[OK {2}\] LocalStack health/);
  });

  it('a served vault with --json: parses; a missing secret (ORG/NAME) fails the run (exit 1) and names the near miss; no value, no key', async () => {
    const run = await runCli(['doctor', '--endpoint', served.endpoint, '--secret', 'acme/openai_api_kye', '--json'], { env: served.env });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.healthy).toBe(false);
    const looking = report.checks.find((check) => check.id === 'looking-for');
    expect(looking?.status).toBe('fail');
    expect(looking?.detail).toContain('agentfoundry/dev/acme/shared/openai_api_key: one letter off in the secret name');
    expect(report.checks.find((check) => check.id === 'endpoint')?.status).toBe('ok');
    for (const needle of needlesFor(CANARY)) expect(run.stdout + run.stderr, needle.label).not.toContain(needle.text);
    expect(run.stdout + run.stderr).not.toContain(String(served.env['AWS_SECRET_ACCESS_KEY']));
    expect(run.stdout + run.stderr).not.toContain(String(served.env['AWS_ACCESS_KEY_ID']));
  });

  it('a hostile backend (escapes and line breaks in listed names and the STS ARN): nothing of them reaches the terminal, no report line can be forged', async () => {
    const esc = '\u001b';
    const hostile = await startFakeLocalStack({
      listedNames: [`agentfoundry/dev/acme/${esc}[2J${esc}[31mFAKE\n[OK  ] All good/openai`, `agentfoundry/dev/acme/x${esc}]0;pwned${esc}\\/openai`],
      callerArn: `arn:aws:iam::000000000000:user/${esc}[32mroot${esc}[0m`,
    });
    try {
      for (const json of [false, true]) {
        const run = await runCli(['doctor', '--endpoint', hostile.endpoint, '--secret', 'acme/card-services/openai', ...(json ? ['--json'] : [])]);
        expect(run.code).toBe(1);
        expect(run.stdout + run.stderr).not.toContain(esc);
        expect(run.stdout).not.toContain('FAKE');
        expect(run.stdout).not.toContain('pwned');
        expect(run.stdout).not.toMatch(/^\s*\[OK {2}\] All good/m);
        expect(run.stdout).toMatch(/2 listed names that do not fit the naming rules/);
        expect(run.stdout).toMatch(/an identity the backend described oddly/);
      }
    } finally {
      await hostile.close();
    }
  });

  it('a closed port: exit 1, the failure said in words', async () => {
    const run = await runCli(['doctor', '--endpoint', await closedEndpoint()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Result: NOT HEALTHY/);
    expect(run.stdout).toMatch(/\[FAIL\] Endpoint reachable/);
  });

  it("no flag: the app's active profile from its data folder, said in the output", async () => {
    const dataDir = await appDataDir();
    const profiles = {
      version: 1,
      activeId: 'ls',
      profiles: [
        { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false },
        { kind: 'localstack', id: 'ls', name: 'Local LS', env: 'staging', readOnly: false, endpoint: ls.endpoint, region: 'us-east-1' },
      ],
    };
    await fs.writeFile(path.join(dataDir, 'profiles.json'), JSON.stringify(profiles));
    const run = await runCli(['doctor', '--data', dataDir, '--json']);
    const report = JSON.parse(run.stdout) as JsonReport & { profile: { id: string; env: string } };
    expect(report.backend).toContain("the app's active profile");
    expect(report.profile).toMatchObject({ id: 'ls', env: 'staging' });
    expect(run.code).toBe(0);
  });

  it.each([
    [['doctor', '--bogus'], /unknown flag --bogus/],
    [['doctor', '--profile', 'x', '--endpoint', 'http://localhost:4566'], /cannot be combined/],
    [['doctor', '--endpoint', 'http://localhost:4566', '--env', 'qa'], /--env must be one of/],
    [['doctor', '--secret', 'only-one-part'], /--secret must be ORG\/DOMAIN\/NAME/],
    [['doctor', '--secret', 'acme/billing/sk-Live-Pasted_KEY'], /--secret: the secret name must be lower-case/],
    [['doctor', '--profile', 'Not A Slug!'], /--profile must be a profile id/],
    [['doctor', 'stray'], /unexpected argument/],
  ])('usage errors exit 2 and name the flag, never echo what was typed: %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('sk-Live-Pasted_KEY');
    expect(run.stderr).not.toContain('Not A Slug!');
    expect(run.stderr).not.toContain('only-one-part');
  });

  it('--profile that does not exist: exit 2', async () => {
    const dataDir = await appDataDir();
    await fs.writeFile(path.join(dataDir, 'profiles.json'), JSON.stringify({ version: 1, activeId: 'embedded', profiles: [{ kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false }] }));
    const run = await runCli(['doctor', '--data', dataDir, '--profile', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no profile with that id in .*; the profiles there: embedded/);
    expect(run.stderr).not.toContain('nope');
  });
});

describe('doctor interrupted', () => {
  it('Ctrl+C against an endpoint that never answers: the checks so far, then "Cancelled" with exit 1 (CANCELLED in --json)', async () => {
    // Accepts connections and requests, and never answers: every check would wait for its 10 s bound.
    const silent = await startHostileBackend('silent');
    try {
      const started = Date.now();
      const run = await runCli(['doctor', '--endpoint', silent.endpoint, '--json'], {
        onSpawn: (child) => {
          const timer = setInterval(() => {
            if (silent.requests.length === 0) return;
            clearInterval(timer);
            child.kill('SIGINT');
          }, 20);
        },
      });
      expect(run.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(9_000);
      expect(JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ error: { code: 'CANCELLED' } });
    } finally {
      await silent.close();
    }
  }, 30_000);
});
