/**
 * The CLI shares main's modules but never loads Electron or renderer code: run under a loader hook
 * that refuses those imports, it still answers --help and completes a preview. (The hook sees ES
 * module imports — all of src/ — not a require() inside a CommonJS dependency; ESLint's rule on
 * `electron` imports covers the source side too.)
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_VAULT_DIR } from '../../src/cli/app-data';
import { VAULT_DIR } from '../../src/main/composition';
import { tempDir } from '../vault/helpers';
import { ROOT, TRICKY, appDataDir, runCli } from './helpers';

const GUARD = pathToFileURL(path.join(import.meta.dirname, 'fixtures', 'forbid-app-imports.mjs')).href;

describe('what the CLI loads', () => {
  it('neither electron nor src/renderer, for --help and for a whole preview', async () => {
    const dataDir = await appDataDir();
    for (const args of [['migrate', '--help'], ['migrate', TRICKY, '--org', 'acme', '--embedded', '--data', dataDir]]) {
      const run = await runCli(args, { env: { NODE_OPTIONS: `--import=${GUARD}` } });
      expect(run.stderr).not.toContain('FORBIDDEN IMPORT');
      expect(run.code, run.stderr).toBe(0);
    }
  });

  it('the guard itself works: an electron or renderer import, loaded through tsx as the CLI is, fails', async () => {
    const dir = await tempDir('foundry-cli-guard-');
    for (const target of ['electron', pathToFileURL(path.join(ROOT, 'src', 'renderer', 'src', 'api.ts')).href]) {
      // .mts: an ES module wherever it is, as every file of src/ is (package.json "type": "module").
      const probe = path.join(dir, `probe-${target.length}.mts`);
      await fs.writeFile(probe, `import ${JSON.stringify(target)};\n`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', probe], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: `--import=${GUARD}` }, encoding: 'utf8' });
      expect(run.status, target).not.toBe(0);
      expect(run.stderr, target).toContain('FORBIDDEN IMPORT');
    }
  });

  it("looks for the vault where the app keeps it", () => {
    expect(APP_VAULT_DIR).toBe(VAULT_DIR);
  });
});
