/**
 * The live key checks' providers: which provider checks which catalog secret, against which
 * endpoint, and the base URL a check uses. No schema (key-checks.ts has the settings' and results'
 * schemas and re-exports these): the write form offers the check and, like the window's first
 * screen, loads no zod (tests/build/bundle-size.test.ts).
 */
import type { KeyCheckSettings } from './key-checks';

export const KEY_CHECK_PROVIDER_IDS = ['openai', 'anthropic', 'deepgram', 'elevenlabs', 'github', 'notion', 'n8n', 'livekit'] as const;
export type KeyCheckProviderId = (typeof KEY_CHECK_PROVIDER_IDS)[number];

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

/** The base URL a check uses: the configured one, else the provider's default, else none (n8n, LiveKit). */
export function effectiveBaseUrl(provider: KeyCheckProvider, settings: KeyCheckSettings): string | null {
  return settings.baseUrls[provider.id] ?? provider.defaultBaseUrl;
}
