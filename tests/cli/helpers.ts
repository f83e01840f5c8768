/**
 * Runs `foundry-secrets` as a child process, as a person or a script would, against a real
 * embedded vault in a temporary app data folder or a vault served over HTTP (the `--endpoint`
 * backend). Values are read back through the SDK, in this process, never from the CLI.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll } from 'vitest';
import { VAULT_DIR } from '../../src/main/composition';
import { envKeyProtector, openVault, type Vault } from '../../src/main/vault/index';
import { HTTP_CREDENTIALS, TEST_KEY, tempDir } from '../vault/helpers';

export const ROOT = path.join(import.meta.dirname, '..', '..');
export const CLI = path.join(ROOT, 'src', 'cli', 'index.ts');
export const BIN = path.join(ROOT, 'bin', 'foundry-secrets.mjs');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'env');
export const TRICKY = path.join(FIXTURES, 'tricky.env');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin (then closed); without it stdin is closed at once. */
  readonly stdin?: string | Uint8Array;
  /** Called once the child has started (e.g. to send it a signal later). */
  readonly onSpawn?: (child: ReturnType<typeof spawn>, output: { stdout: () => string; stderr: () => string }) => void;
  /** Run through the package's bin script instead of the source entry. */
  readonly viaBin?: boolean;
}

/** Settings of whoever runs the tests that would change what the CLI talks to. */
const CALLER_SETTINGS = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'ENVIRONMENT', 'XDG_CONFIG_HOME', 'FOUNDRY_LOG_LEVEL']);

/** The variables every run gets: the vault key of the test vaults, and none of the caller's AWS settings. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !CALLER_SETTINGS.has(name));
  return { ...Object.fromEntries(inherited), FOUNDRY_VAULT_KEY: TEST_KEY, ...extra };
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const entry = options.viaBin ? [BIN] : ['--import', 'tsx', CLI];
  const child = spawn(process.execPath, [...entry, ...args], { cwd: ROOT, env: childEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.on('error', () => undefined); // the CLI may refuse before reading stdin
  child.stdin.end(options.stdin ?? '');
  options.onSpawn?.(child, { stdout: () => stdout, stderr: () => stderr });
  // 'close' (not 'exit'): stdout and stderr are fully read by then.
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** An empty app data folder (removed after the file's tests). */
export function appDataDir(): Promise<string> {
  return tempDir('foundry-cli-');
}

/** Opens the vault of an app data folder in this process, runs `use`, and closes it (so the CLI can open it again). */
export async function withAppVault<T>(dataDir: string, use: (client: SecretsManagerClient, vault: Vault) => Promise<T>): Promise<T> {
  const vault = await openVault({ dataDir: path.join(dataDir, VAULT_DIR), keyProtector: envKeyProtector(TEST_KEY) });
  const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  try {
    return await use(client, vault);
  } finally {
    client.destroy();
    await vault.close();
  }
}

export interface ServedVault {
  readonly endpoint: string;
  readonly client: SecretsManagerClient;
  /** Addresses (`host:port`) the vault accepts requests signed for besides its own: add a test proxy's here. */
  readonly alsoAcceptHosts: Set<string>;
  /** The variables that give the CLI this vault's credentials (the standard AWS ones). */
  readonly env: NodeJS.ProcessEnv;
}

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** A vault of its own, served on 127.0.0.1 with SigV4 checking: what `--endpoint` talks to. */
export async function servedVault(): Promise<ServedVault> {
  const vault = await openVault({ dataDir: await tempDir('foundry-cli-served-'), keyProtector: envKeyProtector(TEST_KEY) });
  const alsoAcceptHosts = new Set<string>();
  const server = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS, alsoAcceptHosts });
  // No kept-alive socket: the server closes an idle one after 5 s (keepAliveTimeout), and a one-attempt
  // client reusing it between two slow CLI runs met "socket hang up" (seen on CI).
  const client = new SecretsManagerClient({ region: vault.region, endpoint: server.endpoint, credentials: HTTP_CREDENTIALS, maxAttempts: 1, requestHandler: { httpAgent: { keepAlive: false } } });
  stops.push(async () => {
    client.destroy();
    await vault.close();
  });
  return {
    endpoint: server.endpoint,
    client,
    alsoAcceptHosts,
    env: { AWS_ACCESS_KEY_ID: HTTP_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: HTTP_CREDENTIALS.secretAccessKey, AWS_REGION: vault.region },
  };
}

/** The audit entries of an app data folder, oldest first. */
export async function auditEntries(dataDir: string): Promise<Record<string, unknown>[]> {
  const dir = path.join(dataDir, 'audit');
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.jsonl')).sort();
  const texts = await Promise.all(names.map((name) => fs.readFile(path.join(dir, name), 'utf8')));
  return texts.flatMap((text) => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>));
}

/** Every file of an app data folder's audit log (entries and head), as text ('' when there is none). */
export async function auditText(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, 'audit');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const texts = await Promise.all(names.map((name) => fs.readFile(path.join(dir, name), 'utf8')));
  return texts.join('\n');
}

/** A temporary .env file with `content`. */
export async function envFile(content: string | Uint8Array, name = 'test.env'): Promise<string> {
  const file = path.join(await tempDir('foundry-cli-env-'), name);
  await fs.writeFile(file, content);
  return file;
}

/**
 * Every form a leaked value could take in text: itself, its base64, its SHA-256 (hex and base64)
 * and its length printed as a number. (The security canary suite uses the same idea.)
 */
export function needlesFor(canary: string): { label: string; text: string }[] {
  const sha = createHash('sha256').update(canary).digest();
  const length = String(Buffer.byteLength(canary));
  return [
    { label: 'plaintext', text: canary },
    { label: 'a part of it', text: canary.slice(0, 24) },
    { label: 'base64', text: Buffer.from(canary).toString('base64').slice(0, 40) },
    { label: 'sha256 hex', text: sha.toString('hex').slice(0, 12) },
    { label: 'sha256 base64', text: sha.toString('base64').slice(0, 16) },
    ...[':', '=', ' ', '"', '('].map((before) => ({ label: `length (${before}${length})`, text: `${before}${length}` })),
  ];
}

/** A row of `migrate --json`, as the tests read it. */
export interface JsonRow {
  line: number;
  key: string;
  secretId?: string;
  plan: string;
  state: string;
  reason: string;
  code?: string;
}

/** The document `migrate --json` prints, as the tests read it. */
export interface JsonReport {
  mode: string;
  source: { name: string; keys: number; badLines: number[]; materialLines: number[] };
  target: Record<string, string>;
  items: JsonRow[];
  counts: { planned: number; written: number; skipped: number; failed: number; cancelled: number };
  storedKeys?: string[];
  notImportedLines?: number[];
  auditDir: string | null;
  exitCode: number;
}
