/**
 * Builds `foundry-secrets/runtime` (src/runtime, the reader for agent backends) to
 * dist/runtime/index.js: one ES module for Node, its packages (the AWS SDK, zod) left as imports.
 * A bundle rather than tsc's output because src/shared, which it reuses, imports without file
 * extensions (fine for the app's bundler, not for Node's ESM loader). Types: tsconfig.runtime.json.
 * Run by `npm run build` after electron-vite; dist/ is never packaged (electron-builder.ts takes out/).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: resolve(import.meta.dirname, 'src/runtime/index.ts'),
    outDir: resolve(import.meta.dirname, 'dist/runtime'),
    // Only the bundle: the declarations are written beside it afterwards (types/).
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'index.js' } },
  },
});
