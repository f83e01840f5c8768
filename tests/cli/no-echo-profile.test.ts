/**
 * A key pasted into --profile (40 lower-case hex characters is a valid id) or --data must not be
 * printed back in the "no such profile" / "no profiles" errors, text or --json.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir, runCli } from './helpers';

const PASTED = '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a';

async function dataDirWithProfiles(): Promise<string> {
  const dataDir = await appDataDir();
  const profiles = { version: 1, activeId: 'embedded', profiles: [{ kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false }] };
  await fs.writeFile(path.join(dataDir, 'profiles.json'), JSON.stringify(profiles));
  return dataDir;
}

describe('an unknown --profile or a missing --data folder is never repeated back', () => {
  for (const command of [['status', 'acme'], ['doctor']]) {
    it(`${command[0]}: unknown --profile lists the known ids, not the input (text and --json)`, async () => {
      const dataDir = await dataDirWithProfiles();
      for (const json of [[], ['--json']]) {
        const run = await runCli([...command, '--profile', PASTED, '--data', dataDir, ...json]);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr + run.stdout).not.toContain(PASTED);
        expect(run.stderr + run.stdout).toContain('embedded');
      }
    });

    it(`${command[0]}: a --data path that is not a folder is not echoed`, async () => {
      const run = await runCli([...command, '--profile', 'ls', '--data', `/tmp/${PASTED}`]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr + run.stdout).not.toContain(PASTED);
    });
  }
});
