import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkKey, isCheckable, type CheckKeyOptions } from '../../../src/main/validation/index';
import { KEY_CHECK_PROVIDERS, type KeyCheckProviderId, type KeyCheckResult, type KeyCheckSettings } from '../../../src/shared/key-checks';
import { SecretValue } from '../../../src/shared/secret-value';
import { closedPortUrl, endless, never, startFakeProvider, status, type FakeAnswer, type FakeProvider, type RecordedRequest } from '../../fakes/fake-provider';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);

const LIVEKIT_KEY = 'APIcanaryLk7Q2w';
const LIVEKIT_SECRET = 'lkSecretCANARY-9b2d4f6a8c0e1g3h5j7k9m1n3p5r7t9v';

interface ProviderCase {
  readonly providerId: KeyCheckProviderId;
  readonly secretName: string;
  readonly key: string;
  readonly companion?: string;
  readonly method: string;
  readonly path: string;
  /** The headers (lower-cased) the provider must receive besides the auth one. */
  readonly headers: Readonly<Record<string, string>>;
  readonly expectAuth: (request: RecordedRequest) => void;
}

/** The claims of a LiveKit token, after checking its HS256 signature with `secret`; null if it does not verify. */
function verifiedLivekitClaims(authorization: string | undefined, secret: string): Record<string, unknown> | null {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization ?? '');
  if (!match) return null;
  const [, header = '', claims = '', signature = ''] = match;
  const expected = createHmac('sha256', secret).update(`${header}.${claims}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
  if (JSON.stringify(parsedHeader) !== JSON.stringify({ alg: 'HS256', typ: 'JWT' })) return null;
  return JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function expectLivekitToken(request: RecordedRequest, key = LIVEKIT_KEY, secret = LIVEKIT_SECRET): void {
  const claims = verifiedLivekitClaims(request.headers.authorization, secret);
  expect(claims).toEqual({
    iss: key,
    sub: 'foundry-secrets-check',
    nbf: NOW_S - 10,
    exp: NOW_S + 60,
    video: { roomList: true },
  });
}

const CASES: readonly ProviderCase[] = [
  {
    providerId: 'openai',
    secretName: 'openai_api_key',
    key: 'sk-proj-CANARYopenai0x7f3a91',
    method: 'GET',
    path: '/v1/models',
    headers: {},
    expectAuth: (r) => expect(r.headers.authorization).toBe('Bearer sk-proj-CANARYopenai0x7f3a91'),
  },
  {
    providerId: 'anthropic',
    secretName: 'anthropic_api_key',
    key: 'sk-ant-CANARYanthropic-5e1c',
    method: 'GET',
    path: '/v1/models',
    headers: { 'anthropic-version': '2023-06-01' },
    expectAuth: (r) => {
      expect(r.headers['x-api-key']).toBe('sk-ant-CANARYanthropic-5e1c');
      expect(r.headers.authorization).toBeUndefined();
    },
  },
  {
    providerId: 'deepgram',
    secretName: 'deepgram_api_key',
    key: 'deadbeefCANARYdeepgram0123456789abcdef01',
    method: 'GET',
    path: '/v1/projects',
    headers: {},
    expectAuth: (r) => expect(r.headers.authorization).toBe('Token deadbeefCANARYdeepgram0123456789abcdef01'),
  },
  {
    providerId: 'elevenlabs',
    secretName: 'elevenlabs_api_key',
    key: 'sk_CANARYelevenlabs4d2e8b',
    method: 'GET',
    path: '/v1/user',
    headers: {},
    expectAuth: (r) => {
      expect(r.headers['xi-api-key']).toBe('sk_CANARYelevenlabs4d2e8b');
      expect(r.headers.authorization).toBeUndefined();
    },
  },
  {
    providerId: 'github',
    secretName: 'github_token',
    key: 'ghp_CANARYgithub9a8b7c6d5e4f',
    method: 'GET',
    path: '/user',
    headers: {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'foundry-secrets',
    },
    expectAuth: (r) => expect(r.headers.authorization).toBe('Bearer ghp_CANARYgithub9a8b7c6d5e4f'),
  },
  {
    providerId: 'notion',
    secretName: 'notion_api_token',
    key: 'ntn_CANARYnotion31b7c0ffee',
    method: 'GET',
    path: '/v1/users/me',
    headers: { 'notion-version': '2022-06-28' },
    expectAuth: (r) => expect(r.headers.authorization).toBe('Bearer ntn_CANARYnotion31b7c0ffee'),
  },
  {
    providerId: 'n8n',
    secretName: 'n8n_api_key',
    key: 'eyJCANARYn8n.key.42',
    method: 'GET',
    path: '/api/v1/workflows?limit=1',
    headers: {},
    expectAuth: (r) => {
      expect(r.headers['x-n8n-api-key']).toBe('eyJCANARYn8n.key.42');
      expect(r.headers.authorization).toBeUndefined();
    },
  },
  {
    providerId: 'livekit',
    secretName: 'livekit_api_key',
    key: LIVEKIT_KEY,
    companion: LIVEKIT_SECRET,
    method: 'POST',
    path: '/twirp/livekit.RoomService/ListRooms',
    headers: { 'content-type': 'application/json' },
    expectAuth: (r) => {
      expectLivekitToken(r);
      expect(r.body).toBe('{}');
    },
  },
];

let fake: FakeProvider;
/** Where a redirect points: it must never see a request. */
let elsewhere: FakeProvider;

beforeAll(async () => {
  [fake, elsewhere] = await Promise.all([startFakeProvider(), startFakeProvider()]);
});
afterAll(async () => {
  await Promise.all([fake.close(), elsewhere.close()]);
});
beforeEach(() => {
  fake.requests.length = 0;
  elsewhere.requests.length = 0;
  fake.answer(status(200));
  elsewhere.answer(status(200));
});
afterEach(() => {
  vi.useRealTimers();
});

function settingsFor(providerId: KeyCheckProviderId, baseUrl: string): KeyCheckSettings {
  return { enabled: true, baseUrls: { [providerId]: baseUrl } };
}

function optionsFor(c: ProviderCase, overrides: Partial<CheckKeyOptions> = {}): CheckKeyOptions {
  return {
    secretName: c.secretName,
    value: new SecretValue(c.key),
    ...(c.companion !== undefined ? { companion: new SecretValue(c.companion) } : {}),
    settings: settingsFor(c.providerId, fake.baseUrl),
    now: () => NOW,
    ...overrides,
  };
}

/** The canary: no key (nor its pair) in anything the result would carry over IPC or into the audit. */
function expectNoLeak(result: KeyCheckResult, ...secrets: (string | undefined)[]): void {
  const text = JSON.stringify(result);
  for (const secret of secrets) {
    if (secret === undefined) continue;
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(0, 12));
    expect(text).not.toContain(Buffer.from(secret).toString('base64url').slice(0, 12));
  }
  expect(text).not.toContain('CANARY');
}

/** A fetch that must not be called. */
function forbiddenFetch() {
  return vi.fn<typeof fetch>(() => Promise.reject(new Error('fetch must not be called')));
}

describe.each(CASES)('checkKey for $providerId', (c) => {
  it(`sends ${c.method} ${c.path} with the key where the provider expects it → valid`, async () => {
    const result = await checkKey(optionsFor(c));
    expect(result).toEqual({
      outcome: 'valid',
      providerId: c.providerId,
      url: `${fake.baseUrl}${c.path}`,
      httpStatus: 200,
      reason: 'key accepted (HTTP 200)',
    });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    if (!request) throw new Error('no request');
    expect(request.method).toBe(c.method);
    expect(request.url).toBe(c.path);
    expect(request.headers).toMatchObject(c.headers);
    c.expectAuth(request);
    if (c.method === 'GET') expect(request.body).toBe('');
    expectNoLeak(result, c.key, c.companion);
  });

  it.each([401, 403])('HTTP %i → rejected', async (code) => {
    fake.answer(status(code));
    const result = await checkKey(optionsFor(c));
    expect(result).toMatchObject({ outcome: 'rejected', httpStatus: code, reason: `key refused (HTTP ${code})` });
    expectNoLeak(result, c.key, c.companion);
  });

  it.each([
    [429, 'rate limited (HTTP 429)'],
    [500, 'HTTP 500'],
    [503, 'HTTP 503'],
    [404, 'unexpected answer (HTTP 404)'],
  ])('HTTP %i → unverified (%s)', async (code, reason) => {
    fake.answer(status(code));
    const result = await checkKey(optionsFor(c));
    expect(result).toMatchObject({ outcome: 'unverified', httpStatus: code, reason });
    expectNoLeak(result, c.key, c.companion);
  });

  it('a server that never answers → unverified after the timeout', async () => {
    fake.answer(never);
    const started = Date.now();
    const result = await checkKey(optionsFor(c, { timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result).toEqual({
      outcome: 'unverified',
      providerId: c.providerId,
      url: `${fake.baseUrl}${c.path}`,
      reason: 'timed out after 0.3 s',
    });
    expect(fake.requests).toHaveLength(1);
    expectNoLeak(result, c.key, c.companion);
  });

  it('connection refused → unverified', async () => {
    const closed = await closedPortUrl();
    const result = await checkKey(optionsFor(c, { settings: settingsFor(c.providerId, closed) }));
    expect(result).toEqual({ outcome: 'unverified', providerId: c.providerId, url: `${closed}${c.path}`, reason: 'connection refused' });
    expectNoLeak(result, c.key, c.companion);
  });

  it('a redirect is not followed: the other host receives nothing', async () => {
    fake.answer(status(302, { location: `${elsewhere.baseUrl}${c.path}` }));
    const result = await checkKey(optionsFor(c));
    expect(result).toMatchObject({ outcome: 'unverified', httpStatus: 302, reason: 'redirected (HTTP 302), not followed' });
    expect(fake.requests).toHaveLength(1);
    // Give a (wrongly) followed redirect time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(elsewhere.requests).toHaveLength(0);
    expectNoLeak(result, c.key, c.companion);
  });

  it.each([
    ['a line break', '\n'],
    ['a carriage return', '\r'],
    ['a NUL', '\u0000'],
    ['a tab', '\t'],
  ])('a value with %s → unverified, nothing sent', async (_label, character) => {
    const fetchImpl = forbiddenFetch();
    const key = `${c.key.slice(0, 8)}${character}${c.key.slice(8)}`;
    const result = await checkKey(optionsFor(c, { value: new SecretValue(key), fetchImpl }));
    expect(result).toEqual({
      outcome: 'unverified',
      providerId: c.providerId,
      url: '',
      reason: 'the value has line breaks or control characters, which no API key has',
    });
    expect(fetchImpl).not.toHaveBeenCalled();
    expectNoLeak(result, key, c.companion);
  });

  it('an http:// base URL that is not this machine → unverified, nothing sent', async () => {
    const fetchImpl = forbiddenFetch();
    const result = await checkKey(optionsFor(c, { settings: settingsFor(c.providerId, 'http://api.example.com'), fetchImpl }));
    expect(result).toEqual({ outcome: 'unverified', providerId: c.providerId, url: '', reason: 'the configured base URL is not allowed' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('a base URL with a path prefix (a proxy) keeps the prefix, with or without a trailing slash', async () => {
    for (const base of [`${fake.baseUrl}/proxy/${c.providerId}`, `${fake.baseUrl}/proxy/${c.providerId}/`]) {
      fake.requests.length = 0;
      const result = await checkKey(optionsFor(c, { settings: settingsFor(c.providerId, base) }));
      expect(result).toMatchObject({ outcome: 'valid', url: `${fake.baseUrl}/proxy/${c.providerId}${c.path}` });
      expect(fake.requests.map((r) => r.url)).toEqual([`/proxy/${c.providerId}${c.path}`]);
    }
  });
});

describe('checkKey: GitHub', () => {
  const github = CASES.find((c) => c.providerId === 'github');
  if (!github) throw new Error('no GitHub case');

  it('checks an app installation token ("ghs_") on its repositories, not /user', async () => {
    const key = 'ghs_CANARYinstallation1a2b3c';
    const result = await checkKey(optionsFor(github, { value: new SecretValue(key) }));
    expect(result).toMatchObject({ outcome: 'valid', url: `${fake.baseUrl}/installation/repositories?per_page=1` });
    expect(fake.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['GET', '/installation/repositories?per_page=1', `Bearer ${key}`],
    ]);
    expect(fake.requests[0]?.headers).toMatchObject(github.headers);
    expectNoLeak(result, key);
  });

  it('a 403 that says the rate limit ran out → unverified, not rejected', async () => {
    fake.answer(status(403, { 'x-ratelimit-remaining': '0' }));
    const result = await checkKey(optionsFor(github));
    expect(result).toMatchObject({ outcome: 'unverified', httpStatus: 403, reason: 'rate limited (HTTP 403)' });
  });
});

describe('checkKey: LiveKit', () => {
  const livekit = CASES.find((c) => c.providerId === 'livekit');
  if (!livekit) throw new Error('no LiveKit case');

  /** As a LiveKit server does: 200 only when the token verifies with the secret it knows. */
  function livekitServer(knownSecret: string): FakeAnswer {
    return (request, response) =>
      status(verifiedLivekitClaims(request.headers.authorization, knownSecret) ? 200 : 401)(request, response);
  }

  it('checking the API secret uses the API key as the companion', async () => {
    fake.answer(livekitServer(LIVEKIT_SECRET));
    const result = await checkKey({
      ...optionsFor(livekit),
      secretName: 'livekit_api_secret',
      value: new SecretValue(LIVEKIT_SECRET),
      companion: new SecretValue(LIVEKIT_KEY),
    });
    expect(result.outcome).toBe('valid');
    const [request] = fake.requests;
    if (!request) throw new Error('no request');
    expectLivekitToken(request);
    expectNoLeak(result, LIVEKIT_KEY, LIVEKIT_SECRET);
  });

  it('a key and secret that do not match → rejected', async () => {
    fake.answer(livekitServer('the-secret-the-server-knows'));
    const result = await checkKey(optionsFor(livekit));
    expect(result).toMatchObject({ outcome: 'rejected', httpStatus: 401 });
    expectNoLeak(result, LIVEKIT_KEY, LIVEKIT_SECRET);
  });

  it('without the other half → unverified, nothing sent', async () => {
    const fetchImpl = forbiddenFetch();
    const result = await checkKey({ ...optionsFor(livekit), companion: undefined, fetchImpl });
    expect(result).toEqual({ outcome: 'unverified', providerId: 'livekit', url: '', reason: 'needs both the API key and the API secret' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('a companion with a line break → unverified, nothing sent', async () => {
    const fetchImpl = forbiddenFetch();
    const result = await checkKey({ ...optionsFor(livekit), companion: new SecretValue(`${LIVEKIT_SECRET}\n`), fetchImpl });
    expect(result.reason).toBe('the paired value has line breaks or control characters, which no API key has');
    expect(fetchImpl).not.toHaveBeenCalled();
    expectNoLeak(result, LIVEKIT_KEY, LIVEKIT_SECRET);
  });
});

describe('checkKey: nothing is sent when it cannot be', () => {
  const openai = CASES[0];
  if (!openai) throw new Error('no OpenAI case');

  it.each(['n8n_api_key', 'livekit_api_key'])('%s with no instance URL → unverified', async (secretName) => {
    const fetchImpl = forbiddenFetch();
    const result = await checkKey({
      secretName,
      value: new SecretValue('CANARY-value-1234'),
      companion: new SecretValue('CANARY-companion-5678'),
      settings: { enabled: true, baseUrls: {} },
      fetchImpl,
    });
    expect(result).toMatchObject({ outcome: 'unverified', url: '', reason: 'no instance URL configured' });
    expect(result.httpStatus).toBeUndefined();
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('key checks turned off → unverified', async () => {
    const fetchImpl = forbiddenFetch();
    const result = await checkKey(optionsFor(openai, { settings: { enabled: false, baseUrls: { openai: fake.baseUrl } }, fetchImpl }));
    expect(result).toMatchObject({ outcome: 'unverified', url: '', reason: 'key checks are turned off' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('a base URL with credentials is refused and not repeated in the result', async () => {
    const fetchImpl = forbiddenFetch();
    const base = 'https://user:CANARYpassword@api.example.com';
    const result = await checkKey(optionsFor(openai, { settings: settingsFor('openai', base), fetchImpl }));
    expect(result).toMatchObject({ outcome: 'unverified', url: '', reason: 'the configured base URL is not allowed' });
    expectNoLeak(result, 'CANARYpassword');
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it.each([
    ['empty', '', 'the value is empty'],
    ['non-ASCII', 'sk-CANARY-ключ', 'the value has characters beyond plain ASCII, which no API key has'],
    ['beyond Latin-1', 'sk-CANARY-\u0100', 'the value has characters beyond plain ASCII, which no API key has'],
    ['a trailing space', 'sk-CANARY-abc ', 'the value starts or ends with a space, which no API key has'],
    ['a leading space', ' sk-CANARY-abc', 'the value starts or ends with a space, which no API key has'],
    ['a DEL', 'sk-CANARY\u007f-abc', 'the value has line breaks or control characters, which no API key has'],
  ])('a value that is %s → unverified', async (_label, key, reason) => {
    const fetchImpl = forbiddenFetch();
    const result = await checkKey(optionsFor(openai, { value: new SecretValue(key), fetchImpl }));
    expect(result).toMatchObject({ outcome: 'unverified', url: '', reason });
    expect(fetchImpl).not.toHaveBeenCalled();
    expectNoLeak(result, key || undefined);
  });

  it('a binary value → unverified', async () => {
    const fetchImpl = forbiddenFetch();
    const result = await checkKey(optionsFor(openai, { value: new SecretValue(new TextEncoder().encode('sk-CANARY-bytes')), fetchImpl }));
    expect(result).toMatchObject({ outcome: 'unverified', url: '', reason: 'the value is not text' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('already cancelled by the caller → nothing sent', async () => {
    const fetchImpl = forbiddenFetch();
    const result = await checkKey(optionsFor(openai, { signal: AbortSignal.abort(), fetchImpl }));
    expect(result).toMatchObject({ outcome: 'unverified', url: '', reason: 'cancelled' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});

describe('checkKey: answers and failures', () => {
  const openai = CASES[0];
  if (!openai) throw new Error('no OpenAI case');

  it('an endless body is not read: the check returns at once and hangs up', async () => {
    const body = endless();
    fake.answer(body.answer);
    const started = Date.now();
    const result = await checkKey(optionsFor(openai));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({ outcome: 'valid', httpStatus: 200 });
    await body.closed;
  });

  it('a huge error body is not read either', async () => {
    const body = endless(401);
    fake.answer(body.answer);
    const result = await checkKey(optionsFor(openai));
    expect(result).toMatchObject({ outcome: 'rejected', httpStatus: 401 });
    await body.closed;
  });

  it('cancelled by the caller while waiting → unverified "cancelled"', async () => {
    fake.answer(never);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await checkKey(optionsFor(openai, { signal: controller.signal }));
    expect(result).toEqual({ outcome: 'unverified', providerId: 'openai', url: `${fake.baseUrl}/v1/models`, reason: 'cancelled' });
  });

  it('https to a server that does not speak TLS → unverified "TLS error"', async () => {
    const result = await checkKey(optionsFor(openai, { settings: settingsFor('openai', fake.baseUrl.replace('http:', 'https:')) }));
    expect(result).toMatchObject({ outcome: 'unverified', reason: 'TLS error (certificate or handshake)' });
    expect(result.httpStatus).toBeUndefined();
  });

  it('never waits longer than 5 s, whatever timeoutMs says', async () => {
    vi.useFakeTimers();
    const fetchImpl = vi.fn<typeof fetch>(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const pending = checkKey(optionsFor(openai, { timeoutMs: 60_000, fetchImpl }));
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(pending).resolves.toMatchObject({ outcome: 'unverified', reason: 'timed out after 5 s' });
  });

  /** undici's `TypeError: fetch failed` with a cause whose message quotes the key, as some do. */
  function fetchFailing(cause: unknown) {
    return vi.fn<typeof fetch>(() => Promise.reject(new TypeError(`fetch failed for ${openai?.key}`, { cause })));
  }
  function coded(code: string): Error {
    return Object.assign(new Error(`${code} while sending ${openai?.key}`), { code });
  }

  it.each([
    ['ENOTFOUND', 'host not found'],
    ['EAI_AGAIN', 'host not found'],
    ['ECONNRESET', 'connection closed by the server'],
    ['UND_ERR_SOCKET', 'connection closed by the server'],
    ['UND_ERR_CONNECT_TIMEOUT', 'could not connect in time'],
    ['CERT_HAS_EXPIRED', 'TLS error (certificate or handshake)'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS error (certificate or handshake)'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS error (certificate or handshake)'],
    ['EHOSTUNREACH', 'network unreachable'],
    ['SOMETHING_NEW', 'network error'],
  ])('a network failure %s → "%s", no message copied', async (code, reason) => {
    const result = await checkKey(optionsFor(openai, { fetchImpl: fetchFailing(coded(code)) }));
    expect(result).toEqual({ outcome: 'unverified', providerId: 'openai', url: `${fake.baseUrl}/v1/models`, reason });
    expectNoLeak(result, openai.key);
  });

  it('finds the code inside an AggregateError (several addresses tried)', async () => {
    const cause = Object.assign(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'all failed'), {});
    const result = await checkKey(optionsFor(openai, { fetchImpl: fetchFailing(cause) }));
    expect(result.reason).toBe('connection refused');
  });

  it('any other throw → "network error", its message not copied', async () => {
    const fetchImpl = vi.fn<typeof fetch>(() => {
      throw new Error(`boom ${openai.key}`);
    });
    const result = await checkKey(optionsFor(openai, { fetchImpl }));
    expect(result).toMatchObject({ outcome: 'unverified', reason: 'network error' });
    expectNoLeak(result, openai.key);
  });

  it('a browser-style manual redirect (opaqueredirect, status 0) → unverified', async () => {
    const opaque = { type: 'opaqueredirect', status: 0, body: null, headers: new Headers() } as unknown as Response;
    const result = await checkKey(optionsFor(openai, { fetchImpl: vi.fn<typeof fetch>(() => Promise.resolve(opaque)) }));
    expect(result).toMatchObject({ outcome: 'unverified', reason: 'redirected, not followed' });
    expect(result.httpStatus).toBeUndefined();
  });

  it('sends with redirect: "manual" and a signal', async () => {
    const fetchImpl = vi.fn<typeof fetch>(() => Promise.resolve(new Response(null, { status: 204 })));
    const result = await checkKey(optionsFor(openai, { fetchImpl }));
    expect(result).toMatchObject({ outcome: 'valid', httpStatus: 204 });
    expect(fetchImpl.mock.calls[0]?.[1]).toMatchObject({ method: 'GET', redirect: 'manual' });
    expect(fetchImpl.mock.calls[0]?.[1]?.signal).toBeInstanceOf(AbortSignal);
  });
});

describe('isCheckable and programming errors', () => {
  it('knows every provider’s secrets and nothing else', () => {
    for (const provider of KEY_CHECK_PROVIDERS) for (const name of provider.secretNames) expect(isCheckable(name)).toBe(true);
    expect(isCheckable('stripe_api_key')).toBe(false);
    expect(isCheckable('')).toBe(false);
  });

  it('throws for a secret no provider checks', async () => {
    await expect(
      checkKey({ secretName: 'stripe_api_key', value: new SecretValue('sk-CANARY'), settings: { enabled: true, baseUrls: {} } }),
    ).rejects.toThrow(/no key check exists/);
  });

  it('throws for a plain string instead of a SecretValue, without quoting it', async () => {
    const value = 'sk-CANARY-plain' as unknown as SecretValue;
    const attempt = checkKey({ secretName: 'openai_api_key', value, settings: { enabled: true, baseUrls: {} } });
    await expect(attempt).rejects.toThrow(TypeError);
    await expect(attempt).rejects.not.toThrow(/CANARY/);
  });
});
