/**
 * What `zod` is in the window: electron.vite.config.ts aliases the `zod` import of every module
 * the renderer bundles (the shared schemas, the forms) to this file, which is zod itself switched
 * to jitless mode before anything else can use it.
 *
 * zod 4 compiles fast object parsers with `new Function`, probing for it when the first object
 * schema is built; under the strict CSP (no 'unsafe-eval') that probe is refused and reported as a
 * violation. Jitless mode never probes: it parses with plain closures, fast enough for a form.
 *
 * Through the alias the switch comes first wherever zod is loaded, so zod need not be loaded at
 * start to be set up in time: the window's first screen has no zod at all (the rules it needs are
 * in zod-free modules: naming-rules.ts, value-rules.ts, …; tests/build/bundle-size.test.ts),
 * and the screens whose forms validate with a schema load it with their own chunk.
 */
// The one module that may name a zod subpath: it is what the bare `zod` resolves to in the window.
// eslint-disable-next-line no-restricted-imports
import { config } from 'zod/v4';

config({ jitless: true });

// eslint-disable-next-line no-restricted-imports
export * from 'zod/v4';
// eslint-disable-next-line no-restricted-imports
export { default } from 'zod/v4';
