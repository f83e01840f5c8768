/**
 * `foundry-secrets/runtime` on the build output (`npm test` builds first; otherwise `npm run build`):
 *  - dist/runtime is not older than the sources it is built from (else: run npm run build);
 *  - the package's own name resolves to dist/runtime (package self-reference, as an agent backend
 *    that installs this package imports it), by `import` and by `require` (Node >= 20.19 can
 *    require an ES module), with types, and the reader works against a served vault;
 *  - the app's bundles (out/main, out/preload, out/renderer) hold none of the reader's code and
 *    construct no GetSecretValue / BatchGetSecretValue command.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { put, secretId, servedVault, type ServedVault } from '../runtime/helpers';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'dist/runtime');
/** A name that exists only in src/runtime (tests/runtime/boundaries.test.ts keeps the app from importing it). */
const RUNTIME_MARKER = 'SecretReaderError';
const VALUE_READS = /\b(?:Batch)?GetSecretValueCommand\b/;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.(c?js|mjs|html)$/.test(name) ? [full] : [];
  });
}

/**
 * src/runtime and every file it imports, transitively (relative imports only: src/shared's files it
 * bundles). Import specifiers are read with a regex: enough for this code, which has no dynamic imports.
 */
function runtimeSources(entry = path.join(ROOT, 'src/runtime/index.ts'), seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const [, specifier] of readFileSync(entry, 'utf8').matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)) {
    const base = path.resolve(path.dirname(entry), (specifier as string).replace(/\.js$/, ''));
    const file = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    if (file !== undefined) runtimeSources(file, seen);
  }
  return seen;
}

describe('the runtime build (dist/runtime)', () => {
  let served: ServedVault;
  const scratch = path.join(ROOT, 'test-results', 'runtime-consumer');

  beforeAll(async () => {
    served = await servedVault();
    await put(served.admin, secretId('acme-corp', 'shared', 'openai_api_key'), 'build-shared-openai');
    await put(served.admin, secretId('acme-corp', 'card-services', 'anthropic_api_key'), 'build-card-anthropic');
    mkdirSync(scratch, { recursive: true });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is built: one ES module and its declarations (npm test builds first; otherwise run npm run build)', () => {
    expect(existsSync(path.join(DIST, 'index.js')), 'dist/runtime/index.js').toBe(true);
    expect(existsSync(path.join(DIST, 'types/runtime/index.d.ts')), 'dist/runtime/types/runtime/index.d.ts').toBe(true);
    expect(readFileSync(path.join(DIST, 'index.js'), 'utf8')).toContain(RUNTIME_MARKER);
  });

  it('is not older than its sources (a stale build would test old code): otherwise run npm run build', () => {
    const sources = [...runtimeSources()];
    expect(sources).toContain(path.join(ROOT, 'src/runtime/reader.ts'));
    expect(sources).toContain(path.join(ROOT, 'src/shared/naming.ts'));
    const built = Math.min(...['index.js', 'types/runtime/index.d.ts'].map((file) => statSync(path.join(DIST, file)).mtimeMs));
    const newer = sources.filter((file) => statSync(file).mtimeMs > built).map((file) => path.relative(ROOT, file));
    expect(newer, `dist/runtime is older than ${newer.join(', ')}: run npm run build`).toEqual([]);
  });

  it('`foundry-secrets/runtime` resolves to it by the package name and reads from a served vault, with the fallback', async () => {
    // The child reads its configuration from the environment, as an agent backend does; it prints
    // only comparisons, never a value.
    const script = `
      const url = import.meta.resolve('foundry-secrets/runtime');
      const { createSecretReader, SecretReaderError } = await import('foundry-secrets/runtime');
      const reader = createSecretReader();
      const result = {
        url,
        config: reader.config,
        shared: (await reader.getLlmApiKey('acme-corp', 'openai', 'card-services')) === 'build-shared-openai',
        own: (await reader.getLlmApiKey('acme-corp', 'anthropic', 'card-services')) === 'build-card-anthropic',
        none: (await reader.getSecret({ orgId: 'acme-corp', secretName: 'github_token' })) === null,
        warm: await reader.warm('acme-corp'),
        typed: await reader.getSecret({ orgId: 'Bad Org', secretName: 'x' }).then(() => 'no error', (e) => e instanceof SecretReaderError && e.code),
      };
      reader.close();
      process.stdout.write(JSON.stringify(result));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOCALSTACK_ENDPOINT: served.proxy.endpoint },
      timeout: 30_000,
    });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result.url).toBe(`file://${path.join(DIST, 'index.js')}`);
    expect(result).toMatchObject({
      config: { backend: 'localstack', env: 'dev', endpoint: served.proxy.endpoint, credentialsFrom: 'localstack' },
      shared: true,
      own: true,
      none: true,
      warm: { loaded: 2, requests: 1 },
      typed: 'INVALID_INPUT',
    });
    expect(stdout).not.toContain('build-shared-openai');
  });

  it('`require(\'foundry-secrets/runtime\')` works too (CommonJS consumers on Node >= 20.19) and gives the same module', async () => {
    const script = `
      const runtime = require('foundry-secrets/runtime');
      const reader = runtime.createSecretReader();
      reader.getLlmApiKey('acme-corp', 'openai', 'card-services').then(async (value) => {
        const typed = await reader.getSecret({ orgId: 'Bad Org', secretName: 'x' }).then(() => 'no error', (e) => e instanceof runtime.SecretReaderError && e.code);
        reader.close();
        process.stdout.write(JSON.stringify({ path: require.resolve('foundry-secrets/runtime'), shared: value === 'build-shared-openai', typed }));
      });
    `;
    const { stdout } = await run(process.execPath, ['--input-type=commonjs', '-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOCALSTACK_ENDPOINT: served.proxy.endpoint },
      timeout: 30_000,
    }).catch((error: { stderr?: string }) => {
      throw new Error(`require('foundry-secrets/runtime') failed: ${(error.stderr ?? String(error)).split('\n').find((line) => /Error|ERR_/.test(line)) ?? ''}`);
    });
    expect(JSON.parse(stdout)).toEqual({ path: path.join(DIST, 'index.js'), shared: true, typed: 'INVALID_INPUT' });
  });

  it('its types resolve by the package name under Node16 resolution (not `any`)', async () => {
    const consumer = path.join(scratch, 'consumer.mts');
    writeFileSync(
      consumer,
      `import { createSecretReader, SecretReaderError, type SecretReader, type SecretReaderErrorCode } from 'foundry-secrets/runtime';
const reader: SecretReader = createSecretReader({ env: 'prod', cacheTtlMs: 60_000 });
const key: Promise<string | null> = reader.getLlmApiKey('acme-corp', 'openai', 'card-services');
const known: boolean = await reader.hasSecret({ orgId: 'acme-corp', secretName: 'openai_api_key' });
const code: SecretReaderErrorCode = new SecretReaderError('BACKEND', 'x').code;
// @ts-expect-error the org id is a string: were the types missing (any), this line would not be an error
void reader.getSecret({ orgId: 1, secretName: 'openai_api_key' });
// @ts-expect-error env is one of dev, staging, prod
createSecretReader({ env: 'production' });
export { key, known, code };
`,
    );
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const args = [tsc, '--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--types', 'node', '--skipLibCheck', consumer];
    const outcome = await run(process.execPath, args, { cwd: ROOT, timeout: 120_000 }).then(
      () => ({ ok: true, output: '' }),
      (error: { stdout?: string }) => ({ ok: false, output: error.stdout ?? String(error) }),
    );
    expect(outcome.output).toBe('');
    expect(outcome.ok).toBe(true);
  });
});

describe("the app's bundles hold none of it", () => {
  const bundles = ['out/main', 'out/preload', 'out/renderer'].map((dir) => path.join(ROOT, dir));

  it('are built, and the scan sees the Secrets Manager calls the app does make', () => {
    for (const dir of bundles) expect(filesUnder(dir).length, dir).toBeGreaterThan(0);
    expect(filesUnder(bundles[0] as string).some((file) => readFileSync(file, 'utf8').includes('ListSecretsCommand'))).toBe(true);
  });

  it('contain no code of src/runtime and construct no GetSecretValue / BatchGetSecretValue command', () => {
    for (const file of bundles.flatMap(filesUnder)) {
      const text = readFileSync(file, 'utf8');
      expect(text.includes(RUNTIME_MARKER), `${path.relative(ROOT, file)} holds runtime code`).toBe(false);
      expect(VALUE_READS.test(text), `${path.relative(ROOT, file)} names a value-reading command`).toBe(false);
    }
  });
});
