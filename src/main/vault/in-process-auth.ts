import type { HttpAuthOption, HttpAuthScheme, HttpRequest as SignableRequest } from '@smithy/types';

/**
 * How the app's in-process client authenticates to the vault: it does not sign. A SigV4 signature
 * protects a request on its way over a network and proves who sent it; the in-process handler has
 * neither a network nor another caller (only code in this process holds the handler), and it never
 * checked the signature. Signing cost about a third of a millisecond per request (HMAC key
 * derivation, canonical request, SHA-256 of the body) — 0.17 s of a 50,000-secret ListSecrets walk.
 *
 * This replaces only the signing step: everything before it (the app's blind guard at the
 * initialize and build steps, validation, serialisation) and after it (the response's parsing)
 * runs as before. The served vault (server.ts) still requires and checks SigV4 on every request.
 */
export const IN_PROCESS_AUTH_SCHEME_ID = 'smithy.api#noAuth';

const noSignature: HttpAuthScheme = {
  schemeId: IN_PROCESS_AUTH_SCHEME_ID,
  identityProvider: () => async () => ({}),
  signer: { sign: async (request: SignableRequest) => request },
};

export interface InProcessAuthConfig {
  readonly httpAuthSchemes: HttpAuthScheme[];
  readonly httpAuthSchemeProvider: () => HttpAuthOption[];
}

export function inProcessAuth(): InProcessAuthConfig {
  return { httpAuthSchemes: [noSignature], httpAuthSchemeProvider: () => [{ schemeId: IN_PROCESS_AUTH_SCHEME_ID }] };
}
