// Builds the floor page (see main.tsx) the way the app's renderer is built: React's plugin, minified,
// the start-up chunks marked for V8 to compile as they load (scripts/build/start-chunks.ts).
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { compileHints } from '../../scripts/build/start-chunks';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), compileHints()],
  logLevel: 'warn',
  build: { outDir: resolve(import.meta.dirname, '../../out/renderer-floor'), emptyOutDir: true, minify: true },
});
