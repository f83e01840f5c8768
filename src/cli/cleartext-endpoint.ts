/**
 * Plain http to another machine sends every value unencrypted. The app saves such a profile only
 * when the person ticks an explicit allowance (profile-confirmation.ts); the CLI's equivalent is
 * `--allow-http`. Light on purpose (no SDK): checked while the flags are read, before any value.
 */
import { isLoopbackHost } from '../shared/loopback';

/** `host[:port]` of an endpoint that would carry values in cleartext to another machine, else null. */
export function cleartextHostOf(endpoint: string): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return null; // not a URL: the profile schema refuses it with its own message
  }
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return null;
  return url.host;
}

/** Why an endpoint is refused (remote plain http without the allowance), else null. */
export function cleartextRefusal(endpoint: string, allowHttp: boolean): { readonly message: string; readonly hint: string } | null {
  const host = cleartextHostOf(endpoint);
  if (host === null || allowHttp) return null;
  return {
    message: `the endpoint ${host} is on another machine and uses plain http, so values would travel unencrypted: nothing was sent`,
    hint: 'Use an https:// endpoint, or add --allow-http to send over unencrypted http anyway.',
  };
}
