/**
 * Must be the first import of main.tsx. zod 4 compiles fast object parsers with `new Function`,
 * probing for it when the first object schema is built; under the strict CSP (no 'unsafe-eval')
 * that probe is refused and reported as a violation. Jitless mode never probes: it parses with
 * plain closures, which is fast enough for a few IPC answers.
 */
import { z } from 'zod';

z.config({ jitless: true });
