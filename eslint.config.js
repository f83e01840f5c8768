import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

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
    // The app must never be able to read a secret value, even by a bug.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/vault/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name=/^(GetSecretValue|BatchGetSecretValue)Command$/]", message: 'The app never reads secret values (blind write).' },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'tests/**', 'src/main/vault/cli.ts', 'src/browser-host/cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
