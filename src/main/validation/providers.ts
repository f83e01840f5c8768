/**
 * One request per provider: the cheapest call that REQUIRES a valid key (see KEY_CHECK_PROVIDERS in
 * src/shared/key-checks.ts for why each one). Keys travel only in headers, never in the URL, so the
 * URL can be shown and audited. The text is taken (`headerText`) on the line that puts it into a
 * header; the caller has run `unsendableReason` on every value first.
 */
import type { KeyCheckProviderId } from '../../shared/key-checks';
import type { SecretValue } from '../../shared/secret-value';
import { livekitAccessToken } from './livekit-token';
import { headerText } from './value-check';

export interface ProviderRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, appended to the base URL (which may carry a proxy's path prefix). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ProviderRequestInput {
  readonly providerId: KeyCheckProviderId;
  readonly secretName: string;
  readonly value: SecretValue;
  /** LiveKit only: the other half of the pair (checked present by the caller). */
  readonly companion?: SecretValue;
  readonly now: Date;
}

/** GitHub App installation tokens cannot read /user (403), so they are checked on their repositories. */
const GITHUB_INSTALLATION_TOKEN_PREFIX = 'ghs_';

export function buildProviderRequest(input: ProviderRequestInput): ProviderRequest {
  const { value } = input;
  switch (input.providerId) {
    case 'openai':
      // GET /v1/models, Authorization: Bearer <key>.
      return { method: 'GET', path: '/v1/models', headers: { Authorization: `Bearer ${headerText(value)}` } };
    case 'anthropic':
      // GET /v1/models, x-api-key: <key>; the API refuses calls without an anthropic-version.
      return {
        method: 'GET',
        path: '/v1/models',
        headers: { 'x-api-key': headerText(value), 'anthropic-version': '2023-06-01' },
      };
    case 'deepgram':
      // GET /v1/projects, Authorization: Token <key> (Deepgram's own scheme, not Bearer).
      return { method: 'GET', path: '/v1/projects', headers: { Authorization: `Token ${headerText(value)}` } };
    case 'elevenlabs':
      // GET /v1/user, xi-api-key: <key>.
      return { method: 'GET', path: '/v1/user', headers: { 'xi-api-key': headerText(value) } };
    case 'github':
      return githubRequest(value);
    case 'notion':
      // GET /v1/users/me, Authorization: Bearer <token>; Notion requires a Notion-Version on every call.
      return {
        method: 'GET',
        path: '/v1/users/me',
        headers: { Authorization: `Bearer ${headerText(value)}`, 'Notion-Version': '2022-06-28' },
      };
    case 'n8n':
      // GET /api/v1/workflows?limit=1, X-N8N-API-KEY: <key> (the public API; limit=1 keeps it cheap).
      return { method: 'GET', path: '/api/v1/workflows?limit=1', headers: { 'X-N8N-API-KEY': headerText(value) } };
    case 'livekit':
      return livekitRequest(input);
  }
}

/**
 * GET /user (or, for "ghs_" installation tokens, GET /installation/repositories?per_page=1), with
 * Authorization: Bearer <token>, the versioned media type and API version GitHub documents, and a
 * User-Agent, without which GitHub answers 403 to every call.
 */
function githubRequest(value: SecretValue): ProviderRequest {
  const installation = headerText(value).startsWith(GITHUB_INSTALLATION_TOKEN_PREFIX);
  return {
    method: 'GET',
    path: installation ? '/installation/repositories?per_page=1' : '/user',
    headers: {
      Authorization: `Bearer ${headerText(value)}`,
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'foundry-secrets',
    },
  };
}

/**
 * POST /twirp/livekit.RoomService/ListRooms with body {} (Twirp JSON), Authorization: Bearer <JWT>.
 * The JWT carries the API key and is signed with the API secret; neither is sent as such.
 */
function livekitRequest(input: ProviderRequestInput): ProviderRequest {
  const { value, companion } = input;
  if (!companion) throw new Error('a LiveKit check needs the API key and the API secret');
  const [apiKey, apiSecret] = input.secretName === 'livekit_api_secret' ? [companion, value] : [value, companion];
  return {
    method: 'POST',
    path: '/twirp/livekit.RoomService/ListRooms',
    headers: { Authorization: `Bearer ${livekitAccessToken(apiKey, apiSecret, input.now)}`, 'Content-Type': 'application/json' },
    body: '{}',
  };
}
