import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here and in CI: the vault tests do real fsyncs and spawn child processes.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
