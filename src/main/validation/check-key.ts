/**
 * A live check of one key against its provider: one request, at most 5 s, never following a
 * redirect, never reading the answer's body. The result says valid / rejected / unverified with a
 * fixed reason; no value, length or hash of the key is in it, and nothing is logged here.
 *
 * Plain Node (fetch, node:crypto): main and the CLI run it; the renderer only sees results.
 */
import {
  KEY_CHECK_TIMEOUT_MS,
  effectiveBaseUrl,
  keyCheckBaseUrlSchema,
  keyCheckProviderFor,
  keyCheckResultSchema,
  type KeyCheckProvider,
  type KeyCheckResult,
  type KeyCheckSettings,
} from '../../shared/key-checks';
import { isSecretValue, type SecretValue } from '../../shared/secret-value';
import { verdictFromError, verdictFromStatus, type Verdict } from './outcome';
import { buildProviderRequest } from './providers';
import { unsendableReason } from './value-check';

export interface CheckKeyOptions {
  /** Catalog secret name, e.g. 'openai_api_key'. */
  secretName: string;
  /** The key. */
  value: SecretValue;
  /** LiveKit: the other half of the pair (for livekit_api_key the secret; for livekit_api_secret the key). */
  companion?: SecretValue;
  /** Base URL overrides (see effectiveBaseUrl); `enabled: false` sends nothing. */
  settings: KeyCheckSettings;
  /** Default and maximum KEY_CHECK_TIMEOUT_MS (5000). */
  timeoutMs?: number;
  /** Default: the global fetch. */
  fetchImpl?: typeof fetch;
  /** The caller's cancel. */
  signal?: AbortSignal;
  /** For the LiveKit token's times. */
  now?: () => Date;
}

/** The result's `url` has the same bound. */
const MAX_URL_LENGTH = 2048;

export function isCheckable(secretName: string): boolean {
  return keyCheckProviderFor(secretName) !== undefined;
}

/**
 * Checks a key. Network and HTTP problems become `unverified`, never an exception; it throws only
 * for programming errors (a secret no provider checks, a value that is not a SecretValue).
 * `url` is the URL called, or '' when nothing was sent.
 */
export async function checkKey(options: CheckKeyOptions): Promise<KeyCheckResult> {
  const provider = keyCheckProviderFor(options.secretName);
  // The secret name is a catalog name, not a value: safe to quote.
  if (!provider) throw new Error(`no key check exists for secret "${options.secretName}"`);
  if (!isSecretValue(options.value) || (options.companion !== undefined && !isSecretValue(options.companion))) {
    throw new TypeError('checkKey takes the key as a SecretValue');
  }

  const notSent = (reason: string): KeyCheckResult => result(provider, '', { outcome: 'unverified', reason });
  if (!options.settings.enabled) return notSent('key checks are turned off');

  const base = effectiveBaseUrl(provider, options.settings);
  if (base === null) return notSent('no instance URL configured');
  // Defence in depth: settings were validated when saved, but a key must never go to an http://
  // host elsewhere than this machine, nor to a URL with credentials in it.
  if (!keyCheckBaseUrlSchema.safeParse(base).success) return notSent('the configured base URL is not allowed');

  // Only a paired provider (LiveKit) uses the companion; any other ignores it.
  const companion = provider.pairedWith ? options.companion : undefined;
  if (provider.pairedWith && !companion) return notSent('needs both the API key and the API secret');
  const problem =
    unsendableReason(options.value, 'the value') ?? (companion ? unsendableReason(companion, 'the paired value') : null);
  if (problem) return notSent(problem);

  if (options.signal?.aborted) return notSent('cancelled');

  const request = buildProviderRequest({
    providerId: provider.id,
    secretName: options.secretName,
    value: options.value,
    companion,
    now: (options.now ?? (() => new Date()))(),
  });
  const url = endpointUrl(base, request.path);
  if (url === null) return notSent('the configured base URL is too long');

  const timeoutMs = effectiveTimeout(options.timeoutMs);
  const verdict = await send(url, request, timeoutMs, options.fetchImpl ?? fetch, options.signal);
  return result(provider, url, verdict);
}

function result(provider: KeyCheckProvider, url: string, verdict: Verdict & { httpStatus?: number }): KeyCheckResult {
  return keyCheckResultSchema.parse({
    outcome: verdict.outcome,
    providerId: provider.id,
    url,
    ...(verdict.httpStatus !== undefined ? { httpStatus: verdict.httpStatus } : {}),
    reason: verdict.reason,
  });
}

/**
 * The base URL (maybe with a proxy's path prefix, maybe with a trailing slash) joined to the
 * endpoint path without a double slash. Origin + path only: an empty "?" or "#" is dropped.
 * null when the URL would be longer than a result may carry.
 */
function endpointUrl(base: string, path: string): string | null {
  const parsed = new URL(base);
  const joined = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${path}`;
  // The prefix comes after the authority, so the host cannot change; checked anyway.
  if (new URL(joined).origin !== parsed.origin) throw new Error('endpoint URL left the base URL’s origin');
  return joined.length <= MAX_URL_LENGTH ? joined : null;
}

function effectiveTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs) || timeoutMs <= 0) return KEY_CHECK_TIMEOUT_MS;
  return Math.min(timeoutMs, KEY_CHECK_TIMEOUT_MS);
}

/** The request, with its timeout and the caller's cancel; the verdict, never an exception. */
async function send(
  url: string,
  request: ReturnType<typeof buildProviderRequest>,
  timeoutMs: number,
  fetchImpl: typeof fetch,
  callerSignal: AbortSignal | undefined,
): Promise<Verdict & { httpStatus?: number }> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = (): void => controller.abort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        // Never follow: a redirect would carry the key to whatever host the Location names.
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (error) {
      if (callerSignal?.aborted) return { outcome: 'unverified', reason: 'cancelled' };
      if (timedOut) return { outcome: 'unverified', reason: `timed out after ${timeoutMs / 1000} s` };
      return verdictFromError(error);
    }
    await discardBody(response);
    // A browser-style fetch (Electron's net.fetch) hides a manual redirect as status 0.
    if (response.type === 'opaqueredirect') return { outcome: 'unverified', reason: 'redirected, not followed' };
    const status = response.status;
    if (!Number.isInteger(status) || status < 100 || status > 599) return { outcome: 'unverified', reason: 'no valid HTTP status' };
    return { ...verdictFromStatus(status, isRateLimit(response)), httpStatus: status };
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * GitHub answers 403 (not 429) when a valid token ran out of its rate limit; the header is compared,
 * never copied.
 */
function isRateLimit(response: Response): boolean {
  return response.status === 403 && response.headers.get('x-ratelimit-remaining') === '0';
}

/**
 * The status is all a check needs. The body is cancelled unread, so a hostile or broken server
 * cannot make main buffer a huge or endless answer (and bodies may echo the key).
 */
async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already errored or aborted: nothing left to read either way.
  }
}
