/**
 * A base URL is where a key is sent for its check, so setting one is a decision the person makes
 * outside the window: script in the renderer could otherwise point a provider at its own server
 * and have main send the next key there. Main asks through a native dialog (Electron) before
 * saving any base URL that is new.
 */
import { KEY_CHECK_PROVIDERS, type KeyCheckProviderId, type KeyCheckSettings } from '../../shared/key-checks';

export interface NewBaseUrl {
  readonly providerLabel: string;
  readonly url: string;
}

/** Shows the URLs; resolves true only when the person confirmed them. */
export type ConfirmKeyCheckUrls = (urls: readonly NewBaseUrl[]) => Promise<boolean>;

/** Base URLs in `next` that `current` does not already use for the same provider. */
export function newBaseUrls(current: KeyCheckSettings, next: KeyCheckSettings): NewBaseUrl[] {
  const added: NewBaseUrl[] = [];
  for (const [id, url] of Object.entries(next.baseUrls) as [KeyCheckProviderId, string][]) {
    if (current.baseUrls[id] === url) continue;
    added.push({ providerLabel: KEY_CHECK_PROVIDERS.find((provider) => provider.id === id)?.label ?? id, url });
  }
  return added;
}
