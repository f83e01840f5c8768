/**
 * Live key checks: which provider checks which catalog secret, against which endpoint, and the
 * settings that configure them. Pure data and schemas (bundled into the renderer too); the HTTP
 * calls live in `src/main/validation/`, which only main and the CLI run.
 *
 * Each endpoint is the provider's cheapest call that REQUIRES a valid key: one that answers
 * anonymously would prove nothing. The outcome is one of three: valid (2xx), rejected (401/403),
 * or unverified (anything else: network error, timeout, 429, 5xx, a redirect, an unexpected status).
 */
import { z } from 'zod';
import { strictObject } from './schema-kit';
import { isLoopbackHost } from './loopback';

export const KEY_CHECK_PROVIDER_IDS = ['openai', 'anthropic', 'deepgram', 'elevenlabs', 'github', 'notion', 'n8n', 'livekit'] as const;
export type KeyCheckProviderId = (typeof KEY_CHECK_PROVIDER_IDS)[number];
export const keyCheckProviderIdSchema = z.enum(KEY_CHECK_PROVIDER_IDS);

export const KEY_CHECK_OUTCOMES = ['valid', 'rejected', 'unverified'] as const;
export type KeyCheckOutcome = (typeof KEY_CHECK_OUTCOMES)[number];

/** The longest a check may take before it counts as "couldn't verify". */
export const KEY_CHECK_TIMEOUT_MS = 5_000;

export interface KeyCheckProvider {
  readonly id: KeyCheckProviderId;
  /** As people name the provider ("OpenAI"). */
  readonly label: string;
  /** Catalog secrets this provider checks. */
  readonly secretNames: readonly string[];
  /** null: there is no public default; the person configures their own instance's URL. */
  readonly defaultBaseUrl: string | null;
  /** The call made, for the README and the settings screen ("GET /v1/models"). */
  readonly endpoint: string;
  /** Why this endpoint, and any limit of the check. */
  readonly note: string;
  /** The key alone cannot be checked: the other half of a pair (LiveKit key + secret) is needed too. */
  readonly pairedWith?: Readonly<Record<string, string>>;
}

export const KEY_CHECK_PROVIDERS: readonly KeyCheckProvider[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    secretNames: ['openai_api_key'],
    defaultBaseUrl: 'https://api.openai.com',
    endpoint: 'GET /v1/models',
    note: 'Lists the models the key may use; answers 401 without a valid key.',
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    secretNames: ['anthropic_api_key'],
    defaultBaseUrl: 'https://api.anthropic.com',
    endpoint: 'GET /v1/models',
    note: 'Lists models (x-api-key, anthropic-version 2023-06-01); answers 401 without a valid key.',
  },
  {
    id: 'deepgram',
    label: 'Deepgram',
    secretNames: ['deepgram_api_key'],
    defaultBaseUrl: 'https://api.deepgram.com',
    endpoint: 'GET /v1/projects',
    note: 'Lists the projects of the key (Authorization: Token …); answers 401 without a valid key.',
  },
  {
    id: 'elevenlabs',
    label: 'ElevenLabs',
    secretNames: ['elevenlabs_api_key'],
    defaultBaseUrl: 'https://api.elevenlabs.io',
    endpoint: 'GET /v1/user',
    note: 'Reads the key owner’s account (xi-api-key); answers 401 without a valid key. A key restricted to other scopes may be refused too.',
  },
  {
    id: 'github',
    label: 'GitHub',
    secretNames: ['github_token'],
    defaultBaseUrl: 'https://api.github.com',
    endpoint: 'GET /user (app installation tokens "ghs_": GET /installation/repositories?per_page=1)',
    note: 'Reads the token’s user (or, for an installation token, its repositories); answers 401 without a valid token.',
  },
  {
    id: 'notion',
    label: 'Notion',
    secretNames: ['notion_api_token'],
    defaultBaseUrl: 'https://api.notion.com',
    endpoint: 'GET /v1/users/me',
    note: 'Reads the integration’s bot user (Notion-Version 2022-06-28); answers 401 without a valid token.',
  },
  {
    id: 'n8n',
    label: 'n8n',
    secretNames: ['n8n_api_key'],
    defaultBaseUrl: null,
    endpoint: 'GET /api/v1/workflows?limit=1',
    note: 'Your n8n instance’s public API (X-N8N-API-KEY); answers 401 without a valid key. Set the instance URL first.',
  },
  {
    id: 'livekit',
    label: 'LiveKit',
    secretNames: ['livekit_api_key', 'livekit_api_secret'],
    defaultBaseUrl: null,
    endpoint: 'POST /twirp/livekit.RoomService/ListRooms',
    note: 'A short-lived access token signed with the API secret, for the API key, with the roomList grant; the server answers 401 unless key and secret match. Needs both halves and your server’s URL.',
    pairedWith: { livekit_api_key: 'livekit_api_secret', livekit_api_secret: 'livekit_api_key' },
  },
];

export function keyCheckProviderFor(secretName: string): KeyCheckProvider | undefined {
  return KEY_CHECK_PROVIDERS.find((provider) => provider.secretNames.includes(secretName));
}

// http:// only to this machine (a local proxy, a fake in tests); anything else must be https.
export { isLoopbackHost };

const BASE_URL_RULE = 'must be an https:// URL (http:// only for localhost), without user name, password, query or fragment';

/**
 * Where a provider's key is sent. A key goes to this URL, so: https (cleartext only to loopback),
 * no credentials, query or fragment.
 */
export const keyCheckBaseUrlSchema = z
  .string({ error: 'must be text' })
  .max(2048, { error: 'must be at most 2048 characters' })
  .refine(
    (value) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return false;
      }
      const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
      return secure && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
    },
    { error: BASE_URL_RULE },
  );

export const keyCheckSettingsSchema = strictObject({
  /** Off: no key ever leaves for a provider (air-gapped use). */
  enabled: z.boolean(),
  /** Per provider: replaces its default base URL (a proxy, a self-hosted instance, a test server). */
  baseUrls: z.partialRecord(keyCheckProviderIdSchema, keyCheckBaseUrlSchema),
});
export type KeyCheckSettings = z.output<typeof keyCheckSettingsSchema>;

export const DEFAULT_KEY_CHECK_SETTINGS: KeyCheckSettings = { enabled: true, baseUrls: {} };

/** The base URL a check uses: the configured one, else the provider's default, else none (n8n, LiveKit). */
export function effectiveBaseUrl(provider: KeyCheckProvider, settings: KeyCheckSettings): string | null {
  return settings.baseUrls[provider.id] ?? provider.defaultBaseUrl;
}

/** What a check found, as it crosses IPC and goes into the audit log: never the key, nor the response body. */
export const keyCheckResultSchema = strictObject({
  outcome: z.enum(KEY_CHECK_OUTCOMES),
  providerId: keyCheckProviderIdSchema,
  /** The URL called (no key in it: keys travel in headers). */
  url: z.string().max(2048),
  httpStatus: z.number().int().min(100).max(599).optional(),
  /** Fixed text: "HTTP 401", "timed out after 5 s", "connection refused", "no instance URL configured". */
  reason: z.string().max(300),
});
export type KeyCheckResult = z.output<typeof keyCheckResultSchema>;
