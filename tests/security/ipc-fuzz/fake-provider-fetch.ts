/**
 * A fake of the key-check providers (OpenAI, GitHub…), which cannot be reached from here: a `fetch`
 * that answers in process. It plays a hostile provider: every answer echoes the request's headers
 * (the key among them) in its body, and the statuses rotate through valid, rejected, unverifiable
 * and a redirect — so the app's real check code runs every branch and must still copy nothing.
 */
const STATUSES = [200, 401, 503, 302] as const;

export interface FakeProviderFetch {
  readonly fetch: typeof fetch;
  /** Requests seen: the URL and the names of the headers sent (never their values). */
  readonly requests: { readonly url: string; readonly headerNames: readonly string[] }[];
}

export function fakeProviderFetch(): FakeProviderFetch {
  const requests: { url: string; headerNames: string[] }[] = [];
  const fakeFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(init?.headers);
    requests.push({ url, headerNames: [...headers.keys()] });
    const status = STATUSES[requests.length % STATUSES.length] ?? 503;
    const echo = JSON.stringify({ error: 'echo', headers: Object.fromEntries(headers) });
    return new Response(status === 302 ? null : echo, { status, headers: status === 302 ? { location: 'https://attacker.invalid/' } : { 'content-type': 'application/json' } });
  };
  return { fetch: fakeFetch as typeof fetch, requests };
}
