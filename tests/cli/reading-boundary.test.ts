/**
 * The client settings without the blind guard live under src/cli/reading/ (verify's reading
 * client, which runs on an agent host or in CI). Lint keeps the app away from them: main, preload
 * and renderer may not import src/cli/reading, and nothing but src/cli/reading may take the
 * unguarded settings from the client factory. Checked by linting planted files.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import * as clientFactory from '../../src/main/backends/client-factory';

const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the unguarded client settings stay out of the app', () => {
  it('the app module does not export unguardedClientConfig any more', () => {
    expect(Object.keys(clientFactory)).not.toContain('unguardedClientConfig');
  });

  it.each([
    ['src/main/planted.ts', "import { unguardedClientConfig } from '../cli/reading/unguarded-client-config';\n"],
    ['src/main/secrets/planted.ts', "import { createVerifyClient } from '../../cli/reading/verify-client';\n"],
    ['src/preload/planted.ts', "export * from '../cli/reading/verify-client';\n"],
    ['src/renderer/src/planted.ts', "import type { VerifyClient } from '../../cli/reading/verify-client';\nexport type X = VerifyClient;\n"],
  ])('%s may not import src/cli/reading', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toHaveLength(1);
  });

  it.each([
    ['src/main/backends/planted.ts', "import { unguardedSettingsFor } from './client-factory';\nexport const x = unguardedSettingsFor;\n"],
    ['src/main/planted.ts', "import { unguardedSettingsFor } from './backends/client-factory';\nexport const x = unguardedSettingsFor;\n"],
    ['src/cli/commands/planted.ts', "import { unguardedSettingsFor } from '../../main/backends/client-factory';\nexport const x = unguardedSettingsFor;\n"],
  ])('%s may not take the unguarded settings from the client factory', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toHaveLength(1);
  });

  it('src/cli/reading may, and the rest of the client factory stays open to all', async () => {
    expect(await restrictedImports('src/cli/reading/planted.ts', "import { unguardedSettingsFor } from '../../main/backends/client-factory';\nexport const x = unguardedSettingsFor;\n")).toEqual([]);
    expect(await restrictedImports('src/main/planted.ts', "import { createSecretsClient } from './backends/client-factory';\nexport const x = createSecretsClient;\n")).toEqual([]);
    expect(await restrictedImports('src/cli/planted.ts', "import { createVerifyClient } from './reading/verify-client';\nexport const x = createVerifyClient;\n")).toEqual([]);
  });
});
