/**
 * The command line's contract: --help at the top and per command (gh's and the AWS CLI's forms),
 * exit 2 with a one-line reason for bad usage or input — before any backend is touched — and the
 * package's bin entry.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_FILE_BYTES } from '../../src/shared/jobs';
import { FIXTURES, TRICKY, appDataDir, envFile, runCli } from './helpers';

describe('help', () => {
  it('top level: --help, -h, help and no arguments print the commands (exit 0)', async () => {
    for (const args of [['--help'], ['-h'], ['help'], []]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('USAGE\n  foundry-secrets <command> [flags]');
      expect(run.stdout).toMatch(/^ {2}migrate +Import the keys of a \.env file/m);
      expect(run.stderr).toBe('');
    }
  });

  it('per command: migrate --help, -h, help migrate and migrate help print the same text (exit 0)', async () => {
    const runs = await Promise.all([['migrate', '--help'], ['migrate', '-h'], ['help', 'migrate'], ['migrate', 'help']].map((args) => runCli(args)));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(runs[0]?.stdout);
    }
    const help = runs[0]?.stdout ?? '';
    for (const flag of ['--org ORG', '--domain DOMAIN', '--env ENV', '--include-custom', '--overwrite', '--dry-run', '--yes', '--json', '--profile ID', '--embedded', '--endpoint URL', '--region REGION', '--data DIR']) {
      expect(help, flag).toContain(flag);
    }
    expect(help).toContain('No audit log\n                     is written unless --data DIR is given');
    expect(help).toMatch(/EXIT CODES\n {2}0 .*\n {2}1 .*\n(.*\n)* {2}2 /);
  });

  it('--help wins over other flags, even wrong ones', async () => {
    const run = await runCli(['migrate', '--bogus', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('USAGE\n  foundry-secrets migrate <file|->');
  });

  it('the package bin runs the same command line', async () => {
    const run = await runCli(['--version'], { viaBin: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^foundry-secrets \d+\.\d+\.\d+\n$/);
  });
});

describe('bad usage or input: exit 2, a reason on stderr, nothing on stdout', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await appDataDir();
  });

  const cases: { name: string; args: (dataDir: string) => Promise<string[]> | string[]; stdin?: () => Promise<Buffer> | Buffer; error: string | RegExp }[] = [
    { name: 'an unknown command', args: () => ['frobnicate'], error: 'unknown command "frobnicate" for "foundry-secrets"' },
    { name: 'an unknown flag', args: (dir) => ['migrate', TRICKY, '--org', 'acme', '--embedded', '--data', dir, '--force'], error: 'unknown flag --force' },
    { name: 'a missing --org', args: (dir) => ['migrate', TRICKY, '--embedded', '--data', dir], error: '--org is required' },
    { name: 'an --org that breaks the naming rules', args: (dir) => ['migrate', TRICKY, '--org', 'Acme', '--embedded', '--data', dir], error: '--org must be lower-case' },
    { name: 'a bad --env', args: (dir) => ['migrate', TRICKY, '--org', 'acme', '--env', 'qa', '--embedded', '--data', dir], error: '--env must be one of dev, staging, prod' },
    { name: 'a flag without its value', args: (dir) => ['migrate', TRICKY, '--embedded', '--data', dir, '--org'], error: '--org needs a value' },
    { name: 'a flag given twice', args: (dir) => ['migrate', TRICKY, '--org', 'a', '--org', 'b', '--embedded', '--data', dir], error: '--org is given more than once' },
    { name: 'no file', args: (dir) => ['migrate', '--org', 'acme', '--embedded', '--data', dir], error: 'missing the .env file to read' },
    { name: 'two files', args: (dir) => ['migrate', TRICKY, TRICKY, '--org', 'acme', '--embedded', '--data', dir], error: 'expected one .env file, got 2 arguments' },
    { name: 'no backend', args: () => ['migrate', TRICKY, '--org', 'acme'], error: 'say which backend: --profile ID, --embedded --data DIR or --endpoint URL' },
    { name: 'two backends', args: (dir) => ['migrate', TRICKY, '--org', 'acme', '--embedded', '--data', dir, '--endpoint', 'http://127.0.0.1:1'], error: '--embedded and --endpoint cannot be combined' },
    { name: '--embedded without --data', args: () => ['migrate', TRICKY, '--org', 'acme', '--embedded'], error: '--embedded needs --data DIR' },
    { name: 'a bad endpoint URL', args: () => ['migrate', TRICKY, '--org', 'acme', '--endpoint', 'ftp://example.com'], error: '--endpoint must be an http:// or https:// URL' },
    { name: '--region without --endpoint', args: (dir) => ['migrate', TRICKY, '--org', 'acme', '--region', 'us-east-1', '--embedded', '--data', dir], error: '--region goes with --endpoint' },
    { name: 'a --profile that is not a profile id (not echoed)', args: () => ['migrate', TRICKY, '--org', 'acme', '--profile', 'Not A Slug'], error: /--profile must be a profile id \(lower-case letters, digits and "-"\)$/ },
    { name: '--profile without the app\'s profiles', args: (dir) => ['migrate', TRICKY, '--org', 'acme', '--profile', 'embedded', '--data', dir], error: /there are no app profiles in .* \(no profiles\.json\)/ },
    { name: 'a missing file', args: (dir) => ['migrate', path.join(FIXTURES, 'no-such.env'), '--org', 'acme', '--embedded', '--data', dir], error: 'the .env file given does not exist, or cannot be read (its name is not repeated here)' },
    {
      name: 'a binary file',
      args: async (dir) => ['migrate', await envFile(Buffer.from([0x4f, 0x50, 0x45, 0x00, 0xff, 0xfe, 0x01]), 'binary.env'), '--org', 'acme', '--embedded', '--data', dir],
      error: /binary\.env: This is a binary file, not a \.env file/,
    },
    {
      name: 'a file over 1 MiB',
      args: async (dir) => ['migrate', await envFile(`A=${'x'.repeat(MAX_IMPORT_FILE_BYTES)}\n`, 'big.env'), '--org', 'acme', '--embedded', '--data', dir],
      error: /big\.env: The file is larger than 1 MiB/,
    },
    {
      name: 'stdin over 1 MiB',
      args: (dir) => ['migrate', '-', '--org', 'acme', '--embedded', '--data', dir],
      stdin: () => Buffer.from(`A=${'x'.repeat(MAX_IMPORT_FILE_BYTES)}\n`),
      error: 'stdin: The input is larger than 1 MiB',
    },
  ];

  // Each case is a process of its own and shares nothing: they run side by side.
  for (const testCase of cases) {
    it.concurrent(testCase.name, async () => {
      const run = await runCli(await testCase.args(dataDir), testCase.stdin ? { stdin: await testCase.stdin() } : {});
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')[0]).toMatch(typeof testCase.error === 'string' ? new RegExp(`^foundry-secrets: .*${testCase.error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : testCase.error);
    });
  }

  it('refuses input before touching the backend: the data folder stays empty', async () => {
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dataDir)).toEqual([]);
  });
});
