/**
 * What a client built on `vault.clientConfig()` drops besides the signature (in-process-auth.ts).
 *
 * The SDK's user-agent step builds `user-agent` and `x-amz-user-agent` on every request (the SDK's
 * and Node's versions, the features used, each part escaped): for a service, which SDK called it.
 * The in-process vault has no one to tell and never reads them, and building them was about a
 * tenth of an in-process write (0.08–0.1 ms of 0.7–1.1 ms, bench/vault.bench.ts). Clients of
 * LocalStack and AWS keep it.
 */
export const USER_AGENT_STEP = 'getUserAgentMiddleware';

interface HasMiddlewareStack {
  readonly middlewareStack: { remove(toRemove: string): boolean };
}

/** Removes the user-agent step from an in-process client; returns the client. */
export function withoutUserAgent<C extends HasMiddlewareStack>(client: C): C {
  client.middlewareStack.remove(USER_AGENT_STEP);
  return client;
}
