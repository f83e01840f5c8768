/**
 * The LiveKit access token for a key check: a JWT (HS256) signed with the API secret, for the API
 * key, allowed only to list rooms, valid for about a minute. The LiveKit server answers 401 unless
 * the key is known to it AND the signature was made with that key's secret, so one call checks the
 * pair. Built by hand with node:crypto: the check needs no SDK for four claims.
 */
import { createHmac } from 'node:crypto';
import type { SecretValue } from '../../shared/secret-value';
import { headerText } from './value-check';

/** The subject the check identifies itself as (LiveKit wants an identity; this one is not a participant). */
export const LIVEKIT_CHECK_SUBJECT = 'foundry-secrets-check';

/** Seconds of tolerance for a server clock running behind ours. */
const NOT_BEFORE_SKEW_S = 10;
/** The token only has to outlive one request. */
const LIFETIME_S = 60;

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function livekitAccessToken(apiKey: SecretValue, apiSecret: SecretValue, now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({
      iss: headerText(apiKey),
      sub: LIVEKIT_CHECK_SUBJECT,
      nbf: seconds - NOT_BEFORE_SKEW_S,
      exp: seconds + LIFETIME_S,
      video: { roomList: true },
    }),
  );
  const signature = createHmac('sha256', headerText(apiSecret)).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${signature}`;
}
