/**
 * The SDK's own Node HTTP handler, with two bounds it lacks, for every call to a LocalStack or AWS
 * endpoint (any endpoint a profile points at may be hostile or broken) — the app's clients
 * (main, the CLI) and the runtime reader alike, which is why it lives in src/shared (node/: Node
 * only, never in the window, so tsconfig.web.json leaves it out):
 *
 *  - Bytes read: an answer's body is counted as it streams in and cut off past `maxResponseBytes`
 *    (chunked bodies included: no Content-Length is trusted), with ResponseTooLargeError, which
 *    the SDK does not retry and `toAppError` reports as UNREACHABLE.
 *  - Time: the SDK's `requestTimeout` stops at the answer's headers; after that nothing bounds a
 *    body that trickles or never ends. Here one deadline covers the whole attempt — connection,
 *    headers and body — and a body still unread at it fails with a TimeoutError, which the SDK's
 *    retry strategy treats as transient (so it is retried, as a timeout before the headers is).
 *
 * The retry strategy is the client's, untouched: each attempt goes through `handle` and gets its
 * own deadline, so a backend that accepts and never answers fails a call within about
 * attempts × requestMs plus backoff. `throwOnRequestTimeout` is set: without it the SDK's request
 * timeout only logs a warning and the call can hang. The runtime reader passes a silent `logger`
 * (it never prints); the SDK's own is the default.
 */
import { Readable, Transform, pipeline } from 'node:stream';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';

/**
 * The largest answer read from a backend. Secrets Manager's largest is a ListSecrets page: 100
 * entries of at most a 512-character name, a 2,048-character description, 50 tags of 128 + 256
 * characters and 20 version ids, about 25 KB each (worse when escaped), so 2–4 MB at the very most.
 */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export const RESPONSE_TOO_LARGE = 'ResponseTooLarge';

export class ResponseTooLargeError extends Error {
  override readonly name = RESPONSE_TOO_LARGE;
  constructor(readonly limitBytes: number) {
    super(`The backend's answer was larger than ${limitBytes} bytes and was cut off.`);
  }
}

export interface BackendHttpBounds {
  /** To establish the connection. */
  readonly connectionMs: number;
  /** For a whole attempt: connection, request, answer headers and body. */
  readonly requestMs: number;
  readonly maxResponseBytes?: number;
  /** Where the SDK handler's warnings go (its default: the console). */
  readonly logger?: NodeHttpHandlerOptions['logger'];
}

// The handler's own types, so that only its package is imported (the runtime reader ships with its production dependencies alone).
type HandleArgs = Parameters<NodeHttpHandler['handle']>;
type HandleResult = Awaited<ReturnType<NodeHttpHandler['handle']>>;

export class BoundedHttpHandler extends NodeHttpHandler {
  private readonly requestMs: number;
  private readonly maxResponseBytes: number;

  constructor(bounds: BackendHttpBounds) {
    // throwOnRequestTimeout: without it a request timeout only logs a warning and the call can hang.
    super({ connectionTimeout: bounds.connectionMs, requestTimeout: bounds.requestMs, throwOnRequestTimeout: true, ...(bounds.logger && { logger: bounds.logger }) });
    this.requestMs = bounds.requestMs;
    this.maxResponseBytes = bounds.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  }

  override async handle(...[request, options]: HandleArgs): Promise<HandleResult> {
    const started = performance.now();
    const result = await super.handle(request, options);
    const { body } = result.response as { body: unknown };
    if (body instanceof Readable) {
      const left = Math.max(1, this.requestMs - (performance.now() - started));
      result.response.body = bounded(body, this.maxResponseBytes, left, this.requestMs);
    }
    return result;
  }
}

/** `body` as read through a byte counter and a deadline; either one destroys the source (and its socket). */
function bounded(body: Readable, maxBytes: number, deadlineMs: number, requestMs: number): Readable {
  let read = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      read += chunk.length;
      if (read > maxBytes) done(new ResponseTooLargeError(maxBytes));
      else done(null, chunk);
    },
  });
  const timer = setTimeout(() => {
    guard.destroy(Object.assign(new Error(`The backend's answer did not arrive whole within the ${requestMs} ms request timeout.`), { name: 'TimeoutError', code: 'ETIMEDOUT' }));
  }, deadlineMs);
  // The pipeline destroys the source on any failure, so the socket is not kept reading.
  pipeline(body, guard, () => clearTimeout(timer));
  return guard;
}
