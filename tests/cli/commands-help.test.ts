/**
 * Every command of issue 14's CLI: listed in the top-level help, with its own --help (the same
 * text as `help <cmd>` and `<cmd> help`) naming its usage, exit codes and an example; and, run
 * under the loader hook that refuses Electron and renderer imports, none of them loads those.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appDataDir, runCli } from './helpers';

const COMMANDS = ['status', 'put', 'rm', 'restore', 'fleet', 'audit', 'vault', 'seed-fake'] as const;
const GUARD = pathToFileURL(path.join(import.meta.dirname, 'fixtures', 'forbid-app-imports.mjs')).href;

describe('help for every command', () => {
  it('the top-level help lists them', async () => {
    const run = await runCli(['--help']);
    for (const name of COMMANDS) expect(run.stdout, name).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
  });

  for (const name of COMMANDS) {
    it.concurrent(`${name}: --help, help ${name} and ${name} help print the same text (exit 0)`, async () => {
      const runs = await Promise.all([[name, '--help'], ['help', name], [name, 'help']].map((args) => runCli(args)));
      for (const run of runs) {
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(runs[0]?.stdout);
        expect(run.stderr).toBe('');
      }
      const text = runs[0]?.stdout ?? '';
      expect(text).toContain(`USAGE\n  `);
      expect(text).toContain(`foundry-secrets ${name}`);
      expect(text).toMatch(/EXIT CODES\n {2}0 /);
      expect(text).toMatch(/EXAMPLES\n {2}\$ /);
      if (name !== 'audit' && name !== 'vault') expect(text).toContain('--json');
    });
  }
});

describe('what the new commands load', () => {
  it('neither electron nor src/renderer, for --help and for a whole run', async () => {
    const dataDir = await appDataDir();
    const env = { NODE_OPTIONS: `--import=${GUARD}` };
    const runs = [
      ...COMMANDS.map((name) => [name, '--help']),
      ['seed-fake', 'acme', '--embedded', '--data', dataDir],
      ['status', 'acme', '--embedded', '--data', dataDir],
      ['fleet', '--embedded', '--data', dataDir],
      ['audit', 'verify', '--data', dataDir],
    ];
    for (const args of runs) {
      const run = await runCli(args, { env, stdin: '' });
      expect(run.stderr, args.join(' ')).not.toContain('FORBIDDEN IMPORT');
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
  }, 120_000);
});
