/**
 * The key check settings form's working copy: the switch, and every provider's base URL as typed
 * (empty: the provider's default). Checked with the very schemas main checks saved settings with;
 * a problem names what to fix and never quotes the URL (it may hold a user name and password).
 */
import {
  KEY_CHECK_PROVIDERS,
  isLoopbackHost,
  keyCheckBaseUrlSchema,
  keyCheckSettingsSchema,
  type KeyCheckProviderId,
  type KeyCheckSettings,
} from '../../../../shared/key-checks';

export interface KeyCheckDraft {
  readonly enabled: boolean;
  /** Per provider, as typed; '' means "the default" (n8n and LiveKit have none). */
  readonly baseUrls: Readonly<Record<KeyCheckProviderId, string>>;
}

export type DraftCheck =
  | { readonly ok: true; readonly settings: KeyCheckSettings }
  | { readonly ok: false; readonly problems: Readonly<Partial<Record<KeyCheckProviderId, string>>> };

const MAX_URL_LENGTH = 2048;

export function draftOf(settings: KeyCheckSettings): KeyCheckDraft {
  const baseUrls = Object.fromEntries(KEY_CHECK_PROVIDERS.map((provider) => [provider.id, settings.baseUrls[provider.id] ?? ''])) as Record<KeyCheckProviderId, string>;
  return { enabled: settings.enabled, baseUrls };
}

/** What is wrong with a typed base URL, or undefined when it may be saved (empty: the default). */
export function baseUrlProblem(typed: string): string | undefined {
  const text = typed.trim();
  if (text === '') return undefined;
  if (keyCheckBaseUrlSchema.safeParse(text).success) return undefined;
  if (text.length > MAX_URL_LENGTH) return `The URL is longer than ${MAX_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a whole URL, starting with https:// (for example https://api.example.com), or leave the field empty for the default.';
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'Use https://: a key would travel to this address in clear text. http:// is accepted only for this computer (localhost, 127.0.0.1, [::1]).';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Use an https:// URL (http:// only for localhost).';
  if (url.username !== '' || url.password !== '') return 'Remove the user name and password from the URL: keys travel in headers, and a URL must not carry credentials.';
  if (url.search !== '') return 'Remove the query (from “?” on): only the scheme, host, port and path are used.';
  if (url.hash !== '') return 'Remove the fragment (from “#” on): only the scheme, host, port and path are used.';
  return 'The URL must be an https:// URL (http:// only for localhost), without user name, password, query or fragment.';
}

/** The settings the draft stands for (URLs trimmed, empty ones left out), or what to fix per field. */
export function checkDraft(draft: KeyCheckDraft): DraftCheck {
  const problems: Partial<Record<KeyCheckProviderId, string>> = {};
  const baseUrls: Partial<Record<KeyCheckProviderId, string>> = {};
  for (const provider of KEY_CHECK_PROVIDERS) {
    const typed = draft.baseUrls[provider.id].trim();
    const problem = baseUrlProblem(typed);
    if (problem) problems[provider.id] = problem;
    else if (typed !== '') baseUrls[provider.id] = typed;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  // Main parses the same schema; a refusal here would be a bug in the checks above, never shown as a field problem.
  const parsed = keyCheckSettingsSchema.safeParse({ enabled: draft.enabled, baseUrls });
  if (!parsed.success) return { ok: false, problems: {} };
  return { ok: true, settings: parsed.data };
}

/** Whether two settings configure the same checks (an absent URL and an empty one are the same). */
export function sameSettings(a: KeyCheckSettings, b: KeyCheckSettings): boolean {
  return a.enabled === b.enabled && KEY_CHECK_PROVIDERS.every((provider) => (a.baseUrls[provider.id] ?? '') === (b.baseUrls[provider.id] ?? ''));
}
