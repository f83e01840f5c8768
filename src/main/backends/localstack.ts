/**
 * LocalStack: where it is (the seed's service-discovery variables) and whether its Secrets Manager
 * is up (`GET /_localstack/health`, facts sheet §5).
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';

export const DEFAULT_LOCALSTACK_ENDPOINT = 'http://localhost:4566';
export const LOCALSTACK_PORT = 4566;
/** LocalStack accepts any alphanumeric key and maps `test` to account 000000000000. */
export const LOCALSTACK_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
export const LOCALSTACK_DEFAULT_REGION = 'us-east-1';

/** LocalStack's ServiceState values, plus `missing` (not in the health answer at all). */
export const LOCALSTACK_SERVICE_STATES = [
  'unknown',
  'available',
  'disabled',
  'starting',
  'running',
  'stopping',
  'stopped',
  'error',
  'missing',
] as const;
export type LocalStackServiceState = (typeof LOCALSTACK_SERVICE_STATES)[number];

function normaliseUrl(raw: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('VALIDATION', `${variable} is not a valid URL. Set it to something like ${DEFAULT_LOCALSTACK_ENDPOINT}.`, { variable });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('VALIDATION', `${variable} must be an http:// or https:// URL, like ${DEFAULT_LOCALSTACK_ENDPOINT}.`, { variable });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new AppError('VALIDATION', `${variable} must be a plain endpoint URL without credentials, query or fragment.`, { variable });
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/**
 * The LocalStack endpoint: `LOCALSTACK_ENDPOINT`, else `SVC_LOCALSTACK_HOST` (`host` or `host:port`;
 * port 4566 when absent), else `http://localhost:4566`. Throws VALIDATION for an unusable value.
 */
export function resolveLocalStackEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.LOCALSTACK_ENDPOINT?.trim();
  if (explicit) return normaliseUrl(explicit, 'LOCALSTACK_ENDPOINT');
  const host = env.SVC_LOCALSTACK_HOST?.trim();
  if (host) {
    if (host.includes('://')) return normaliseUrl(host, 'SVC_LOCALSTACK_HOST');
    // `[::1]` or `[::1]:4566` for IPv6; `name` or `name:port` otherwise.
    const hasPort = host.startsWith('[') ? /\]:\d+$/.test(host) : /:\d+$/.test(host);
    return normaliseUrl(`http://${hasPort ? host : `${host}:${LOCALSTACK_PORT}`}`, 'SVC_LOCALSTACK_HOST');
  }
  return DEFAULT_LOCALSTACK_ENDPOINT;
}

export interface LocalStackHealth {
  readonly endpoint: string;
  /** Something answered HTTP at the endpoint. */
  readonly reachable: boolean;
  /** Secrets Manager's state in the health answer (`missing` if not listed or not LocalStack). */
  readonly secretsmanager: LocalStackServiceState;
  /** `available` or `running`: calls will be served. */
  readonly ready: boolean;
  readonly version?: string;
  readonly edition?: string;
  readonly latencyMs: number;
  /** Why it is not ready, in words for a person (no server text). */
  readonly detail: string;
  readonly error?: AppError;
}

const HealthBody = z.looseObject({
  services: z.record(z.string(), z.unknown()).optional(),
  version: z.string().optional(),
  edition: z.string().optional(),
});

/** Server-provided labels are shown to a person: keep them short and printable. */
function label(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const clean = value.replace(/[^\w.+\-: ]/g, '').slice(0, 64).trim();
  return clean || undefined;
}

function stateOf(value: unknown): LocalStackServiceState {
  if (value === undefined) return 'missing';
  return typeof value === 'string' && (LOCALSTACK_SERVICE_STATES as readonly string[]).includes(value)
    ? (value as LocalStackServiceState)
    : 'unknown';
}

const MAX_HEALTH_BYTES = 256 * 1024;

/** Asks `<endpoint>/_localstack/health`; never throws (a failure is reported in the result). */
export async function checkLocalStackHealth(endpoint: string, options: { timeoutMs?: number } = {}): Promise<LocalStackHealth> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const down = (why: string): LocalStackHealth => ({
    endpoint,
    reachable: false,
    secretsmanager: 'missing',
    ready: false,
    latencyMs: elapsed(),
    detail: `LocalStack at ${endpoint} did not answer (${why}). Start it (for example \`docker compose up -d localstack\`) or check the endpoint.`,
    error: new AppError('UNREACHABLE', `LocalStack at ${endpoint} could not be reached (${why}). Start it or check the endpoint, then test the connection.`, {
      endpoint,
      networkError: why,
    }),
  });

  let response: Response;
  try {
    response = await fetch(new URL('/_localstack/health', `${endpoint}/`), {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
      headers: { accept: 'application/json' },
    });
  } catch (err) {
    return down(failureCode(err));
  }
  // Bounded in time too: the fetch's timeout signal also aborts reading the body.
  const read = await readCapped(response);
  const latencyMs = elapsed();
  const notLocalStack = (detail: string): LocalStackHealth => ({
    endpoint,
    reachable: true,
    secretsmanager: 'missing',
    ready: false,
    latencyMs,
    detail,
    error: new AppError('UNREACHABLE', `${detail} Check the endpoint of this profile.`, { endpoint }),
  });
  if (read.kind === 'too-large') {
    return notLocalStack(
      `The server at ${endpoint} answered the LocalStack health check with more than ${MAX_HEALTH_BYTES / 1024} KiB (LocalStack's answer is a few KiB); it was cut off, and it does not look like LocalStack.`,
    );
  }
  if (read.kind === 'failed' && read.why === 'timeout') {
    return notLocalStack(`The server at ${endpoint} did not finish its answer to the LocalStack health check within ${timeoutMs} ms; it does not look like a working LocalStack.`);
  }
  if (!response.ok || read.kind === 'failed') {
    return notLocalStack(`The server at ${endpoint} answered HTTP ${response.status} to the LocalStack health check; it does not look like LocalStack.`);
  }
  const text = read.text;
  let body: z.infer<typeof HealthBody>;
  try {
    body = HealthBody.parse(JSON.parse(text));
  } catch {
    return notLocalStack(`The server at ${endpoint} did not send a LocalStack health answer.`);
  }
  const secretsmanager = stateOf(body.services?.secretsmanager);
  const ready = secretsmanager === 'available' || secretsmanager === 'running';
  const version = label(body.version);
  const edition = label(body.edition);
  const name = `LocalStack${version ? ` ${version}` : ''}${edition ? ` (${edition})` : ''} at ${endpoint}`;
  if (ready) {
    return { endpoint, reachable: true, secretsmanager, ready, version, edition, latencyMs, detail: `${name}: Secrets Manager is ${secretsmanager}.` };
  }
  const detail =
    secretsmanager === 'missing' || secretsmanager === 'disabled'
      ? `${name} is running, but Secrets Manager is not enabled. Enable it (for example SERVICES=secretsmanager) and restart LocalStack.`
      : `${name} is running, but Secrets Manager is ${secretsmanager}. Wait for it to start, or check the LocalStack logs.`;
  return {
    endpoint,
    reachable: true,
    secretsmanager,
    ready,
    version,
    edition,
    latencyMs,
    detail,
    error: new AppError('UNREACHABLE', detail, { endpoint, secretsmanager }),
  };
}

export type CappedRead = { kind: 'text'; text: string } | { kind: 'too-large' } | { kind: 'failed'; why: string };

/**
 * The body, read as it streams in and given up past `maxBytes` (default MAX_HEALTH_BYTES): the
 * bytes actually read are counted, so a chunked answer (no Content-Length) or one that lies about
 * its length is cut off as early as one that declares its size. Also used for `/_localstack/info`.
 */
export async function readCapped(response: Response, maxBytes: number = MAX_HEALTH_BYTES): Promise<CappedRead> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return declared > maxBytes ? { kind: 'too-large' } : { kind: 'text', text: '' };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too-large' };
      }
      chunks.push(value);
    }
  } catch (err) {
    return { kind: 'failed', why: failureCode(err) };
  }
  return { kind: 'text', text: Buffer.concat(chunks).toString('utf8') };
}

/** A short, fixed reason for a failed fetch: a Node network code, `timeout`, or `network error`. */
function failureCode(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const name = (err as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
    let cause: unknown = (err as { cause?: unknown }).cause;
    for (let depth = 0; depth < 4 && typeof cause === 'object' && cause !== null; depth++) {
      const code = (cause as { code?: unknown }).code;
      if (typeof code === 'string' && /^[A-Z_]{3,40}$/.test(code)) return code;
      const inner = (cause as { errors?: unknown }).errors;
      if (Array.isArray(inner) && inner.length > 0) cause = inner[0];
      else cause = (cause as { cause?: unknown }).cause;
    }
  }
  return 'network error';
}
