/**
 * Live key checks: the settings that configure them and what a check found, as schemas; which
 * provider checks which catalog secret, against which endpoint, is key-check-providers.ts
 * (re-exported here). Pure data and schemas (bundled into the renderer too); the HTTP calls live
 * in `src/main/validation/`, which only main and the CLI run.
 *
 * Each endpoint is the provider's cheapest call that REQUIRES a valid key: one that answers
 * anonymously would prove nothing. The outcome is one of three: valid (2xx), rejected (401/403),
 * or unverified (anything else: network error, timeout, 429, 5xx, a redirect, an unexpected status).
 */
import { z } from 'zod';
import { strictObject } from './schema-kit';
import { isLoopbackHost } from './loopback';
import { KEY_CHECK_OUTCOMES, KEY_CHECK_PROVIDER_IDS } from './key-check-providers';

export * from './key-check-providers';

export const keyCheckProviderIdSchema = z.enum(KEY_CHECK_PROVIDER_IDS);

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
