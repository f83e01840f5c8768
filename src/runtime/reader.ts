/**
 * The runtime reader: how an agent backend reads the keys the desktop app wrote. It runs where
 * reading is allowed (an agent host with GetSecretValue), never inside the app — the app's own
 * client refuses to read, and the app never imports this directory (tests/runtime holds both).
 *
 * `null` means "not configured" exactly as the app's status shows it: the domain's own secret,
 * else the org's `shared` one (src/shared/secret-fallback.ts decides for both), else null — and a
 * domain secret scheduled for deletion is null, not silently replaced by the shared key.
 * Everything else is a SecretReaderError. Nothing here logs.
 */
import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CATALOG } from '../shared/catalog.js';
import { DEFAULT_DOMAIN_ID, buildSecretId, nameSegmentProblem, orgPrefix } from '../shared/naming.js';
import { effectiveSource, type SecretPresence } from '../shared/secret-fallback.js';
import { addDateGuard } from '../shared/sdk-date-guard.js';
import { OutcomeCache, type CacheTicket, type SecretOutcome } from './cache.js';
import { LOCALSTACK_CREDENTIALS, regionOfProfile, resolveReaderConfig, type ReaderConfig, type SecretReaderOptions } from './config.js';
import { SCHEDULED_FOR_DELETION_TEXT, SecretReaderError, awsErrorName, classifyError } from './errors.js';
import { BoundedHttpHandler } from '../shared/node/bounded-http-handler.js';

/** The HTTP handler's logger: the reader never prints (a request timeout would otherwise warn on the console). */
const noop = (): void => undefined;
const SILENT = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };

export interface SecretRef {
  readonly orgId: string;
  readonly secretName: string;
  /** Default `shared`. A domain without its own secret falls back to the org's shared one. */
  readonly domainId?: string;
}

export interface WarmResult {
  /**
   * Values now in the cache from the batch: those it stored (0 when the cache is off, or when this
   * org was invalidated while the batch was in flight — its answers are then not kept).
   */
  readonly loaded: number;
  /** BatchGetSecretValue requests made (0 when the backend lacks it or refused it). */
  readonly requests: number;
  /**
   * Why the batch stopped short, when so; the reader still works, reading the rest one at a time.
   * `failed` also covers a backend that looks stuck: a NextToken seen before, or more than
   * WARM_MAX_PAGES pages (1,000 keys). Values loaded before it stopped stay cached (`loaded`).
   */
  readonly fallback?: 'unsupported' | 'denied' | 'failed';
}

export interface SecretReader {
  /** Where it reads from (no credential in it). */
  readonly config: ReaderConfig;
  /** The key of an LLM provider (`openai` → openai_api_key) for an org, with the domain → shared fallback. */
  getLlmApiKey(orgId: string, provider: string, domainId?: string): Promise<string | null>;
  getSecret(ref: SecretRef): Promise<string | null>;
  hasSecret(ref: SecretRef): Promise<boolean>;
  /** Fills the cache with an org's values in as few BatchGetSecretValue calls as possible (20 a page). */
  warm(orgId: string): Promise<WarmResult>;
  /** Forgets cached values: of one org, or all. */
  invalidate(orgId?: string): void;
  /** Closes the SDK client's sockets. */
  close(): void;
}

/** AWS errors meaning "this backend has no BatchGetSecretValue" (older LocalStack, other emulators). */
const UNSUPPORTED = new Set(['UnknownOperationException', 'InvalidAction', 'NotImplemented', 'NotImplementedException', 'UnsupportedOperation']);

function inputError(what: string): SecretReaderError {
  return new SecretReaderError('INVALID_INPUT', what);
}

/** The segment rule's problem as an INVALID_INPUT error; the text never repeats the input. */
function checkSegment(segment: 'orgId' | 'domainId' | 'secretName', label: string, value: unknown): string {
  const problem = nameSegmentProblem(segment, value);
  if (problem !== null) throw inputError(`Invalid ${label}: it ${problem}.`);
  return value as string;
}

/**
 * The secret name of an LLM provider's key: the catalog's entry (`openai` → openai_api_key,
 * `anthropic` → anthropic_api_key), else `<provider>_api_key` as the source design names it.
 */
export function llmSecretName(provider: string): string {
  const given = typeof provider === 'string' ? provider.trim() : '';
  const key = given.toLowerCase();
  const entry = CATALOG.find(
    (candidate) => candidate.category === 'llm' && (candidate.secretName === `${key}_api_key` || candidate.provider.toLowerCase().split(/[\s(]+/)[0] === key),
  );
  // Outside the catalog the provider is used as given: only a name the naming rules accept becomes an id.
  return checkSegment('secretName', 'provider', entry?.secretName ?? `${given}_api_key`);
}

function presenceOf(outcome: SecretOutcome | undefined): SecretPresence {
  if (outcome === undefined || outcome.kind === 'missing') return 'missing';
  return outcome.kind === 'value' ? 'current' : 'scheduled-for-deletion';
}

/** The entry holds a value, but not as text (a number, an object…): no API key looks like that. */
const NOT_TEXT = Symbol('not text');

/**
 * The value of an answer as text; undefined when it holds none. The SDK hands on whatever JSON type
 * the backend sent, so a value that is not text is caught here rather than returned as a
 * `string | null` that is neither.
 */
function valueOf(entry: { SecretString?: unknown; SecretBinary?: unknown }): string | undefined | typeof NOT_TEXT {
  if (entry.SecretString !== undefined && entry.SecretString !== null) return typeof entry.SecretString === 'string' ? entry.SecretString : NOT_TEXT;
  // A binary secret (written by another tool) is read as UTF-8 text, which is what an API key is.
  if (entry.SecretBinary instanceof Uint8Array) return Buffer.from(entry.SecretBinary).toString('utf8');
  return entry.SecretBinary === undefined || entry.SecretBinary === null ? undefined : NOT_TEXT;
}

/**
 * warm()'s page cap: 50 pages of 20 = 1,000 keys (about 90 domains holding every catalog key). Past it (or when
 * a NextToken comes back again) the backend is taken to be looping; what was loaded stays cached
 * and the rest is read one at a time.
 */
export const WARM_MAX_PAGES = 50;
const WARM_PAGE_SIZE = 20;

function listOf(value: unknown): readonly unknown[] | undefined {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

export function createSecretReader(options: SecretReaderOptions = {}): SecretReader {
  const config = resolveReaderConfig(options);
  const clock = options.clock ?? Date.now;
  const credentials = options.credentials ?? (config.backend === 'localstack' ? { ...LOCALSTACK_CREDENTIALS } : undefined);
  let where = config.endpoint ?? `AWS Secrets Manager (${config.region ?? 'region of the AWS profile'})`;
  let regionLookup: Promise<string> | undefined;
  /**
   * The region when no setting gave one (aws only): the AWS profile's, looked up at the first read
   * and kept once found; a failure (INVALID_CONFIG, naming what to set) is retried at the next read.
   */
  function region(): Promise<string> {
    if (config.region !== undefined) return Promise.resolve(config.region);
    regionLookup ??= regionOfProfile().then(
      (found) => {
        where = config.endpoint ?? `AWS Secrets Manager (${found})`;
        return found;
      },
      (error: unknown) => {
        regionLookup = undefined;
        throw error;
      },
    );
    return regionLookup;
  }
  // A bogus Date header in one answer must not break every later read (shared/sdk-date-guard.ts).
  const client = addDateGuard(new SecretsManagerClient({
    // A provider when no setting gave one: the SDK never runs its own lookup (whose failure is an
    // untyped "Region is missing", and which prints a warning for some values).
    region: config.region ?? region,
    ...(config.endpoint !== undefined && { endpoint: config.endpoint }),
    // Undefined: the SDK's default credential chain (env, SSO, shared files, container/instance role).
    ...(credentials !== undefined && { credentials }),
    maxAttempts: config.maxAttempts,
    // Bounds every attempt in time (headers and body) and size (8 MB: a BatchGetSecretValue page is
    // 20 values of at most 64 KB), and logs nothing: the SDK handler's own warnings go nowhere.
    requestHandler: new BoundedHttpHandler({ connectionMs: config.connectTimeoutMs, requestMs: config.requestTimeoutMs, logger: SILENT }),
  }));
  const cache = new OutcomeCache({ valueMs: config.cacheTtlMs, missMs: config.missTtlMs }, clock);
  let batchUnsupported = false;

  async function fetchOutcome(secretId: string): Promise<SecretOutcome> {
    // Before the request: a missing region is the caller's INVALID_CONFIG, and nothing is sent.
    await region();
    let answer;
    try {
      answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'ResourceNotFoundException') return { kind: 'missing' };
      if (name === 'InvalidRequestException') {
        const message = (error as { message?: unknown }).message;
        if (typeof message === 'string' && SCHEDULED_FOR_DELETION_TEXT.test(message)) return { kind: 'scheduled-for-deletion' };
      }
      throw classifyError(error, { operation: 'GetSecretValue', secretId, endpoint: where });
    }
    const value = valueOf(answer);
    // The message names the id only: not the value, its type or its length.
    if (value === NOT_TEXT) throw new SecretReaderError('BACKEND', `GetSecretValue of ${secretId} at ${where} answered a value that is not text.`, { secretId });
    return value === undefined ? { kind: 'missing' } : { kind: 'value', value };
  }

  function idOf(orgId: string, domainId: string, secretName: string): string {
    try {
      return buildSecretId({ env: config.env, orgId, domainId, secretName });
    } catch {
      // buildSecretId refuses an id over AWS's length; its message names no input.
      throw inputError('The secret id would be longer than AWS allows (256 characters); use a shorter organization id, domain id or secret name.');
    }
  }

  async function getSecret(ref: SecretRef): Promise<string | null> {
    if (typeof ref !== 'object' || ref === null) throw inputError('getSecret takes { orgId, secretName, domainId? }.');
    const orgId = checkSegment('orgId', 'organization id', ref.orgId);
    const secretName = checkSegment('secretName', 'secret name', ref.secretName);
    const domainId = ref.domainId === undefined ? DEFAULT_DOMAIN_ID : checkSegment('domainId', 'domain id', ref.domainId);
    const ownId = idOf(orgId, domainId, secretName);
    const own = await cache.get(ownId, () => fetchOutcome(ownId));
    const ownPresence = presenceOf(own);
    // Asked with a configured shared key: would it matter? Only then is the shared secret read.
    const sharedMatters = effectiveSource(domainId, ownPresence, 'current') === 'shared';
    const sharedId = sharedMatters ? idOf(orgId, DEFAULT_DOMAIN_ID, secretName) : undefined;
    const shared = sharedId === undefined ? undefined : await cache.get(sharedId, () => fetchOutcome(sharedId));
    const source = effectiveSource(domainId, ownPresence, presenceOf(shared));
    if (source === 'own' && own.kind === 'value') return own.value;
    if (source === 'shared' && shared?.kind === 'value') return shared.value;
    return null;
  }

  async function warm(orgId: string): Promise<WarmResult> {
    const prefix = orgPrefixOf(orgId);
    if (batchUnsupported) return { loaded: 0, requests: 0, fallback: 'unsupported' };
    // Taken before the first await: an invalidate() of this org (or of all) from now on voids it.
    const ticket = cache.begin(prefix);
    try {
      await region();
      const result = await warmPages(prefix, ticket);
      // Voided: invalidate() dropped what was stored before it, and nothing was stored after it.
      return ticket.void ? { ...result, loaded: 0 } : result;
    } finally {
      cache.end(ticket);
    }
  }

  async function warmPages(prefix: string, ticket: CacheTicket): Promise<WarmResult> {
    const tokensSeen = new Set<string>();
    let loaded = 0;
    let requests = 0;
    let nextToken: string | undefined;
    do {
      // A backend that keeps answering a NextToken (fresh or repeated) must not hold warm() forever.
      if (requests >= WARM_MAX_PAGES || (nextToken !== undefined && tokensSeen.has(nextToken))) return { loaded, requests, fallback: 'failed' };
      if (nextToken !== undefined) tokensSeen.add(nextToken);
      let page;
      try {
        requests += 1;
        page = await client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: WARM_PAGE_SIZE, NextToken: nextToken }));
      } catch (error) {
        const failure = classifyError(error, { operation: 'BatchGetSecretValue', endpoint: where });
        // A broken setting is the caller's to know now; anything else only costs the batch.
        if (failure.code === 'UNREACHABLE' || failure.code === 'EXPIRED_CREDENTIALS' || failure.code === 'NO_CREDENTIALS' || failure.code === 'INVALID_CONFIG') throw failure;
        const name = awsErrorName(error);
        if (name !== undefined && UNSUPPORTED.has(name)) {
          batchUnsupported = true;
          return { loaded, requests: 0, fallback: 'unsupported' };
        }
        return { loaded, requests, fallback: failure.code === 'ACCESS_DENIED' ? 'denied' : 'failed' };
      }
      // The SDK does not check the shapes it hands on: a page that is not one ends the batch.
      const entries = listOf(page.SecretValues as unknown);
      const failures = listOf(page.Errors as unknown);
      const token: unknown = page.NextToken;
      if (entries === undefined || failures === undefined || (token !== undefined && token !== null && typeof token !== 'string')) return { loaded, requests, fallback: 'failed' };
      for (const entry of entries) loaded += store(entry, prefix, ticket) ? 1 : 0;
      for (const failure of failures) {
        // A secret without a current value is a miss; other per-secret errors are left for a direct read to report.
        const id = field(failure, 'SecretId');
        if (typeof id === 'string' && id.startsWith(prefix) && field(failure, 'ErrorCode') === 'ResourceNotFoundException') cache.set(id, { kind: 'missing' }, ticket);
      }
      nextToken = typeof token === 'string' ? token : undefined;
    } while (nextToken !== undefined && !ticket.void);
    return { loaded, requests };
  }

  /** Caches one entry of a page; true when it was stored. */
  function store(entry: unknown, prefix: string, ticket: CacheTicket): boolean {
    const name = field(entry, 'Name');
    // Only names of this org (the filter is a prefix match; a foreign answer is not trusted).
    if (typeof name !== 'string' || !name.startsWith(prefix)) return false;
    const value = valueOf({ SecretString: field(entry, 'SecretString'), SecretBinary: field(entry, 'SecretBinary') });
    // A value that is not text is not kept: the direct read that follows reports it (BACKEND).
    if (value === undefined || value === NOT_TEXT) return false;
    return cache.set(name, { kind: 'value', value }, ticket);
  }

  function orgPrefixOf(orgId: string): string {
    return orgPrefix(config.env, checkSegment('orgId', 'organization id', orgId));
  }

  return {
    config,
    getSecret,
    hasSecret: async (ref) => (await getSecret(ref)) !== null,
    getLlmApiKey: async (orgId, provider, domainId) => getSecret({ orgId, secretName: llmSecretName(provider), ...(domainId !== undefined && { domainId }) }),
    warm,
    invalidate: (orgId) => cache.invalidate(orgId === undefined ? undefined : orgPrefixOf(orgId)),
    close: () => client.destroy(),
  };
}
