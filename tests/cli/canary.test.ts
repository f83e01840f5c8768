/**
 * The canary suite for the command line: distinctive values go into a .env and through every
 * path of `migrate` (preview, --json, stdin, a run, a re-run, --overwrite, a failing item, bad
 * lines, invalid names, a format warning). None of them — nor a part, base64, digest or length of
 * one — may appear on stdout, stderr, in the audit files or (as plaintext) in the vault's files.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CreateSecretCommand, DeleteSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { appDataDir, auditText, envFile, needlesFor, runCli, servedVault, withAppVault, type CliRun, type ServedVault } from './helpers';

/** Of an unusual length, so a printed length is recognisable. */
function canary(prefix: string): string {
  return `${prefix}-canary-${randomUUID()}-`.padEnd(4099, 'q');
}

const CANARIES = {
  catalog: canary('sk'),
  overridden: canary('sk'),
  custom: canary('custom'),
  badLine: canary('bad'),
  invalidName: canary('invalid'),
  unusualFormat: canary('not-a-github-prefix'),
};

const ENV_TEXT = [
  '# canary corpus',
  `OPENAI_API_KEY=${CANARIES.overridden}`,
  `OPENAI_API_KEY="${CANARIES.catalog}"`,
  `CUSTOM_CANARY_TOKEN='${CANARIES.custom}'`,
  `this line is not an assignment ${CANARIES.badLine}`,
  `bad.name=${CANARIES.invalidName}`,
  `GITHUB_TOKEN=${CANARIES.unusualFormat}`,
  'EMPTY_ONE=',
  '',
].join('\n');

const NEEDLES = Object.entries(CANARIES).flatMap(([name, value]) => needlesFor(value).map((needle) => ({ ...needle, label: `${name}: ${needle.label}` })));

function leaksIn(where: string, text: string): string[] {
  return NEEDLES.filter((needle) => text.includes(needle.text)).map((needle) => `${where}: ${needle.label}`);
}

/** Values that go through `put` (stdin, refused in argv) and sit in the store while the other commands run. */
const PUT_CANARIES = {
  piped: canary('sk-put'),
  argv: canary('sk-argv'),
  flag: canary('sk-flag'),
  edge: canary('sk-edge'),
};
const PUT_NEEDLES = Object.entries(PUT_CANARIES).flatMap(([name, value]) => needlesFor(value).map((needle) => ({ ...needle, label: `${name}: ${needle.label}` })));

function putLeaksIn(where: string, text: string): string[] {
  return [...PUT_NEEDLES, ...NEEDLES].filter((needle) => text.includes(needle.text)).map((needle) => `${where}: ${needle.label}`);
}

describe('canary: no value in any output of the other commands (put, status, rm, restore, fleet, audit, seed-fake)', () => {
  let dataDir: string;
  let vault: ServedVault;
  const runs: { name: string; run: CliRun }[] = [];

  beforeAll(async () => {
    dataDir = await appDataDir();
    vault = await servedVault();
    const embedded = (name: string, args: string[], stdin?: string) =>
      runCli([...args, '--embedded', '--data', dataDir], stdin === undefined ? {} : { stdin }).then((run) => runs.push({ name, run }));
    const served = (name: string, args: string[], stdin?: string) =>
      runCli([...args, '--endpoint', vault.endpoint], { env: vault.env, ...(stdin !== undefined && { stdin }) }).then((run) => runs.push({ name, run }));
    await embedded('put', ['put', 'acme/openai_api_key'], PUT_CANARIES.piped);
    await embedded('put --json (rotation)', ['put', 'acme/openai_api_key', '--json'], PUT_CANARIES.piped);
    await embedded('put custom', ['put', 'acme/card-services/canary_token'], PUT_CANARIES.piped);
    await embedded('put refused: value in argv', ['put', 'acme/github_token', PUT_CANARIES.argv]);
    await embedded('put refused: --value', ['put', 'acme/github_token', '--value', PUT_CANARIES.flag]);
    await embedded('put refused: --value=', ['put', 'acme/github_token', `--value=${PUT_CANARIES.flag}`]);
    await embedded('put refused: a value as a flag', ['put', 'acme/github_token', `--${PUT_CANARIES.flag}`]);
    await embedded('put refused: trailing newline', ['put', 'acme/github_token'], `${PUT_CANARIES.edge}\n`);
    await embedded('put refused: --mode json', ['put', 'acme/github_token', '--mode', 'json'], PUT_CANARIES.edge);
    await embedded('status', ['status', 'acme']);
    await embedded('status --json', ['status', 'acme', '--domain', 'card-services', '--json']);
    await embedded('fleet', ['fleet']);
    await embedded('fleet --csv', ['fleet', '--csv']);
    await embedded('fleet --json', ['fleet', '--json']);
    await embedded('rm', ['rm', 'acme/openai_api_key']);
    await embedded('put refused: scheduled', ['put', 'acme/openai_api_key'], PUT_CANARIES.piped);
    await embedded('restore --json', ['restore', 'acme/openai_api_key', '--json']);
    await embedded('rm --force', ['rm', 'acme/card-services/canary_token', '--force', '--yes', '--json']);
    await embedded('seed-fake', ['seed-fake', 'acme', '--domain', 'card-services']);
    runs.push({ name: 'audit verify', run: await runCli(['audit', 'verify', '--data', dataDir]) });
    runs.push({ name: 'audit export', run: await runCli(['audit', 'export', '--data', dataDir]) });
    runs.push({ name: 'audit export --json', run: await runCli(['audit', 'export', '--data', dataDir, '--json']) });
    await served('put (endpoint)', ['put', 'acme/openai_api_key'], PUT_CANARIES.piped);
    await served('status (endpoint)', ['status', 'acme', '--json']);
    await served('fleet (endpoint)', ['fleet', '--csv']);
  }, 180_000);

  it('the runs did what they should (so the search below searched real output)', async () => {
    expect(runs.map(({ name, run }) => [name, run.code])).toEqual([
      ['put', 0],
      ['put --json (rotation)', 0],
      ['put custom', 0],
      ['put refused: value in argv', 2],
      ['put refused: --value', 2],
      ['put refused: --value=', 2],
      ['put refused: a value as a flag', 2],
      ['put refused: trailing newline', 2],
      ['put refused: --mode json', 2],
      ['status', 0],
      ['status --json', 0],
      ['fleet', 0],
      ['fleet --csv', 0],
      ['fleet --json', 0],
      ['rm', 0],
      ['put refused: scheduled', 1],
      ['restore --json', 0],
      ['rm --force', 0],
      ['seed-fake', 0],
      ['audit verify', 0],
      ['audit export', 0],
      ['audit export --json', 0],
      ['put (endpoint)', 0],
      ['status (endpoint)', 0],
      ['fleet (endpoint)', 0],
    ]);
    await withAppVault(dataDir, async (client) => {
      const stored = await client.send(new GetSecretValueCommand({ SecretId: 'agentfoundry/dev/acme/shared/openai_api_key' }));
      expect(stored.SecretString === PUT_CANARIES.piped).toBe(true);
    });
  });

  it('stdout and stderr of every run hold no canary', () => {
    const leaks = runs.flatMap(({ name, run }) => [...putLeaksIn(`${name} stdout`, run.stdout), ...putLeaksIn(`${name} stderr`, run.stderr)]);
    expect(leaks).toEqual([]);
  });

  it('the audit files hold no canary', async () => {
    const text = await auditText(dataDir);
    expect(text).toContain('secret.restore');
    expect(putLeaksIn('audit', text)).toEqual([]);
  });
});

describe('canary: no value in any output of migrate', () => {
  let dataDir: string;
  let file: string;
  let vault: ServedVault;
  const runs: { name: string; run: CliRun }[] = [];

  beforeAll(async () => {
    dataDir = await appDataDir();
    file = await envFile(ENV_TEXT, 'canary.env');
    vault = await servedVault();
    const embedded = (name: string, ...extra: string[]) =>
      runCli(['migrate', file, '--org', 'acme', '--include-custom', '--embedded', '--data', dataDir, ...extra]).then((run) => runs.push({ name, run }));
    await embedded('preview');
    await embedded('preview --json', '--json');
    await embedded('run', '--yes');
    await embedded('re-run --json', '--yes', '--json');
    await embedded('overwrite', '--yes', '--overwrite');

    const scheduled = 'agentfoundry/dev/acme/shared/openai_api_key';
    await vault.client.send(new CreateSecretCommand({ Name: scheduled, SecretString: 'placeholder' }));
    await vault.client.send(new DeleteSecretCommand({ SecretId: scheduled, RecoveryWindowInDays: 7 }));
    const endpoint = (name: string, ...extra: string[]) =>
      runCli(['migrate', '-', '--org', 'acme', '--include-custom', '--endpoint', vault.endpoint, ...extra], { stdin: ENV_TEXT, env: vault.env }).then((run) => runs.push({ name, run }));
    await endpoint('stdin preview');
    await endpoint('stdin run with a failing item --json', '--yes', '--overwrite', '--json');
    await endpoint('stdin run with a failing item', '--yes', '--overwrite');
  }, 120_000);

  it('the runs did what they should (so the search below searched real output)', async () => {
    expect(runs.map(({ name, run }) => [name, run.code])).toEqual([
      ['preview', 0],
      ['preview --json', 0],
      ['run', 0],
      ['re-run --json', 0],
      ['overwrite', 0],
      ['stdin preview', 0],
      ['stdin run with a failing item --json', 1],
      ['stdin run with a failing item', 1],
    ]);
    expect(runs[0]?.run.stdout).toMatch(/GITHUB_TOKEN .* Does not start /);
    expect(runs[2]?.run.stdout).toContain('Done: 3 written');
    await withAppVault(dataDir, async (client) => {
      const stored = await client.send(new GetSecretValueCommand({ SecretId: 'agentfoundry/dev/acme/shared/openai_api_key' }));
      expect(stored.SecretString === CANARIES.catalog).toBe(true);
    });
  });

  it('stdout and stderr of every run hold no canary', () => {
    const leaks = runs.flatMap(({ name, run }) => [...leaksIn(`${name} stdout`, run.stdout), ...leaksIn(`${name} stderr`, run.stderr)]);
    expect(leaks).toEqual([]);
  });

  it('the audit files hold no canary', async () => {
    const text = await auditText(dataDir);
    expect(text).toContain('secret.write');
    expect(leaksIn('audit', text)).toEqual([]);
  });

  it('the vault keeps no canary in plaintext', async () => {
    const dir = path.join(dataDir, 'vault');
    const found: string[] = [];
    for (const name of await fs.readdir(dir)) {
      const bytes = await fs.readFile(path.join(dir, name));
      for (const value of Object.values(CANARIES)) if (bytes.includes(Buffer.from(value.slice(0, 40)))) found.push(name);
    }
    expect(found).toEqual([]);
  });
});
