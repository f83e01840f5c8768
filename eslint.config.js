import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/** The unguarded client settings of the client factory (see the src/cli/reading blocks below). */
const UNGUARDED_SETTINGS = {
  group: ['**/client-factory'],
  importNames: ['unguardedSettingsFor'],
  message: 'Client settings without the blind guard are for src/cli/reading only (foundry-secrets verify).',
};
/**
 * zod by its bare name only. In the window, `zod` resolves to src/renderer/src/zod-jitless.ts
 * (electron.vite.config.ts), which switches zod to jitless mode before any schema exists: the CSP
 * refuses eval, which zod otherwise probes for. A subpath (`zod/v4`, `zod/mini`) would skip the
 * switch, and would also escape the build's schemas chunk, which the first screen never loads.
 */
const ZOD_SUBPATHS = { group: ['zod/*'], message: "Import 'zod' itself (see ZOD_SUBPATHS in eslint.config.js)." };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // No console at all in the window: the end-to-end leak scans read the page's console, and
      // whatever a renderer prints can carry what it was handed (a typed value, a whole input).
      // The empty options matter: a bare 'error' would keep the `allow` list of the block above.
      'no-console': ['error', {}],
    },
  },
  {
    // Only the Electron glue may import electron at run time (the binary may not exist).
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/index.ts', 'src/main/window.ts', 'src/main/ipc/electron-adapter.ts', 'src/preload/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Use `import type` outside the Electron glue.', allowTypeImports: true }] },
      ],
    },
  },
  {
    // The app must never be able to read a secret value, even by a bug. The vault serves reads
    // and the runtime reader (src/runtime) makes them; neither is the app. Nor is the reading
    // client of `foundry-secrets verify` (src/cli/reading), which runs on an agent host or in CI.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/vault/**', 'src/runtime/**', 'src/cli/reading/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name=/^(GetSecretValue|BatchGetSecretValue)Command$/]", message: 'The app never reads secret values (blind write).' },
      ],
    },
  },
  {
    // The runtime reader runs in agent backends: plain Node, no Electron (not even its types), and
    // none of the app's main, preload or renderer code; src/shared is the one part it shares.
    // It never logs (whatever it holds may be a value).
    files: ['src/runtime/**/*.ts'],
    rules: {
      'no-console': ['error', {}],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/runtime runs outside Electron.' }],
          patterns: [
            {
              group: ['**/main/**', '**/main', '**/preload/**', '**/renderer/**', '**/browser-host/**', '**/cli/**'],
              message: 'src/runtime may import only src/shared and packages: it is built and shipped on its own.',
            },
          ],
        },
      ],
    },
  },
  // Client settings without the blind guard are for src/cli/reading only (verify's reading client,
  // run on an agent host or in CI): no other code may take them from the client factory, and the
  // app (main, preload, renderer) may not import src/cli/reading at all. Core rule, so these do not
  // replace the @typescript-eslint/no-restricted-imports options of the blocks above.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/cli/reading/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [UNGUARDED_SETTINGS, ZOD_SUBPATHS] }] },
  },
  {
    files: ['src/main/**/*.{ts,tsx}', 'src/preload/**/*.{ts,tsx}', 'src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            UNGUARDED_SETTINGS,
            ZOD_SUBPATHS,
            { group: ['**/cli/reading', '**/cli/reading/**'], message: 'src/cli/reading reads secret values (foundry-secrets verify); the app never may.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'tests/**', 'src/main/vault/cli.ts', 'src/browser-host/cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
