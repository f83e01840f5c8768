// Builds the floor page (see main.tsx) the way the app's renderer is built: React's plugin, minified.
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: resolve(import.meta.dirname, '../../out/renderer-floor'), emptyOutDir: true, minify: true },
});
