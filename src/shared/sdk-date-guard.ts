/**
 * Keeps one bogus `Date` response header from breaking an AWS SDK client for good.
 *
 * The SDK corrects clock skew from each answer's Date header (systemClockOffset). A single answer
 * dated e.g. year 275760 (a broken proxy, a hostile endpoint) sets the offset to ~8.6e15 ms, and
 * from then on every request of that client throws "RangeError: Invalid time value" while
 * signing. This middleware drops a Date header that is unparsable or more than
 * MAX_PLAUSIBLE_SKEW_MS from the local clock before the signing middleware sees it; a real skew
 * (minutes, hours) is left alone and still corrected.
 *
 * It sits in the deserialize step at low priority, i.e. next to the HTTP handler: on the way back
 * it runs before both the deserializer (whose errors carry this same response) and the signing
 * middleware (finalizeRequest) that reads the Date.
 */
// Structural types, not @smithy/types: the runtime reader imports this file and may depend only on
// production packages (tests/runtime/boundaries.test.ts).
type DeserializeNext = (args: unknown) => Promise<{ response: unknown }>;
type DeserializeMiddleware = (next: DeserializeNext) => (args: unknown) => Promise<{ response: unknown }>;
interface GuardableStack {
  add(middleware: DeserializeMiddleware, options: { step: 'deserialize'; name: string; priority: 'low' }): void;
  identify(): string[];
}

/** More skew than this is not a clock that is off: it is a bad header. */
export const MAX_PLAUSIBLE_SKEW_MS = 24 * 60 * 60_000;
export const DATE_GUARD_NAME = 'foundryDateHeaderGuard';

function isPlausible(date: string, now: number): boolean {
  const parsed = Date.parse(date);
  return Number.isFinite(parsed) && Math.abs(parsed - now) <= MAX_PLAUSIBLE_SKEW_MS;
}

function headersOf(response: unknown): Record<string, string> | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const headers = (response as { headers?: unknown }).headers;
  return typeof headers === 'object' && headers !== null ? (headers as Record<string, string>) : undefined;
}

function dropImplausibleDate(response: unknown, now: number): void {
  const headers = headersOf(response);
  if (!headers) return;
  // Node lower-cases header names; other handlers may not.
  for (const name of ['date', 'Date', 'DATE'] as const) {
    if (Object.hasOwn(headers, name) && !isPlausible(String(headers[name]), now)) Reflect.deleteProperty(headers, name);
  }
}

export function dateGuardMiddleware(clock: () => number = Date.now): DeserializeMiddleware {
  return (next) => async (args) => {
    try {
      const result = await next(args);
      dropImplausibleDate(result.response, clock());
      return result;
    } catch (error) {
      // A handler error may carry the response too (read by the signer's error path).
      dropImplausibleDate((error as { $response?: unknown } | null)?.$response, clock());
      throw error;
    }
  };
}

/** Adds the guard to a client (Secrets Manager, STS, IAM — any SDK v3 client); returns it. */
export function addDateGuard<C extends { middlewareStack: { identify(): string[] } }>(client: C, clock: () => number = Date.now): C {
  const stack = client.middlewareStack as unknown as GuardableStack;
  if (!stack.identify().some((entry) => entry.startsWith(DATE_GUARD_NAME))) {
    stack.add(dateGuardMiddleware(clock), { step: 'deserialize', name: DATE_GUARD_NAME, priority: 'low' });
  }
  return client;
}
