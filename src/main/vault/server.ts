import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsServiceError } from './errors';
import type { SecretsEngine } from './engine';
import { errorResponse, handleWireRequest, wireHeaders, type WireRequest, type WireResponse } from './protocol';
import { DEFAULT_ECHO_BYTES, DEFAULT_ECHO_WINDOW_MS, DEFAULT_SEEN_SIGNATURES, ReplayGuard, type ReplayDecision } from './replay-guard';
import { verifySigV4, type ServerBinding, type VaultCredentials } from './sigv4';
import { readBodyLimited } from '../http-body';

const MAX_BODY_BYTES = 1024 * 1024;
export const LOOPBACK = '127.0.0.1';

/**
 * What one local client may hold of the server: connections, and time to send a request. A
 * request of the SDK or the AWS CLI is a few KiB sent at once, so these are generous for them and
 * short for a client that sends its headers or body a byte at a time to keep a connection (and a
 * buffer) busy forever.
 */
export interface ServerLimits {
  /** Open connections at once; more are closed as they arrive (idle keep-alive ones count). */
  readonly maxConnections: number;
  /** Time from a connection's start (or a keep-alive request's first byte) to the end of the headers. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** How often the two timeouts above are checked (Node's default, 30 s, would let them overrun by as much). */
  readonly checkIntervalMs: number;
  readonly maxHeadersCount: number;
  readonly maxHeaderBytes: number;
  /** Signatures remembered against replay (see replay-guard.ts). */
  readonly seenSignatures: number;
  /** How long a repeat of a signed request still gets the first one's answer (replay-guard.ts). */
  readonly echoWindowMs: number;
  /** Answers kept for such repeats, in all. */
  readonly echoBytes: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = Object.freeze({
  // The fleet listing sends up to 16 requests at once, the bench up to 40: room for both and a CLI.
  maxConnections: 128,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
  maxHeadersCount: 64,
  maxHeaderBytes: 16 * 1024,
  seenSignatures: DEFAULT_SEEN_SIGNATURES,
  echoWindowMs: DEFAULT_ECHO_WINDOW_MS,
  echoBytes: DEFAULT_ECHO_BYTES,
});

export interface VaultServer {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

function send(response: http.ServerResponse, wire: WireResponse): void {
  // The connection may be gone already (the client left, or a timeout cut it off).
  if (response.headersSent || response.destroyed) return;
  response.writeHead(wire.status, wire.headers);
  response.end(wire.body);
}

const replayed = () =>
  new AwsServiceError(
    'InvalidSignatureException',
    'Signature has already been used. A signed request is served once; sign it again (run the command again) to repeat it.',
  );
const guardFull = () =>
  new AwsServiceError('ThrottlingException', 'Rate exceeded: too many signed requests within 15 minutes to guard against their replay. Retry later.');

/**
 * What binds a signature to this run of this server (sigv4.ts, ServerBinding): the replay guard is
 * in memory, so without it a request captured before a restart would verify again after it.
 *
 *  - Host: the signed Host must be this server's own address, `127.0.0.1:<port>` or
 *    `localhost:<port>` — what the SDK and the AWS CLI send for `--endpoint-url
 *    http://127.0.0.1:<port>` (or localhost), the port left out only when it is 80. A request
 *    signed for another server holding the same credentials (another vault, LocalStack's
 *    test/test) is refused. `alsoAcceptHosts` is for tests and benches that put a fake network in
 *    front of the vault; the app and the CLI never set it.
 *  - Start: a request must have been signed no earlier than the second the server started. The
 *    slack (under 1 s) is X-Amz-Date's resolution: a request signed 0.3 s after the start carries
 *    the start's second truncated, so a bound at the exact start would refuse it. The signer is on
 *    the same machine (loopback only), so no clock skew needs allowing for. What remains open: a
 *    request signed for an earlier run on the same port, in the very second this run started.
 */
function bindingOf(port: number, startedAt: number, alsoAcceptHosts: ReadonlySet<string> | undefined): ServerBinding {
  const own = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`, ...(port === 80 ? [LOOPBACK, 'localhost'] : [])]);
  return {
    acceptsHost: (host) => own.has(host) || (alsoAcceptHosts?.has(host) ?? false),
    address: `${LOOPBACK}:${port}`,
    notSignedBefore: Math.floor(startedAt / 1000) * 1000,
  };
}

export interface ServeVaultOptions {
  readonly port: number;
  readonly credentials: VaultCredentials;
  readonly region: string;
  readonly clock: () => Date;
  readonly limits?: Partial<ServerLimits>;
  /**
   * Host headers (lower case `host:port`) accepted besides the server's own address, read at each
   * request: a test or bench proxy's address, added once it listens. Never set by the app or CLI.
   */
  readonly alsoAcceptHosts?: ReadonlySet<string>;
}

/**
 * Serves the vault over HTTP on 127.0.0.1 only, for the AWS CLI and other local tools. Every
 * request must carry a valid SigV4 signature made with the vault's credentials, so another local
 * process without them cannot read or change anything; it must be signed for this server and since
 * it started (bindingOf); a signed request is executed once — a repeat within seconds gets the
 * first answer, a later one is refused (replay-guard.ts) — and the limits above keep a local client
 * from holding the server's connections or memory.
 */
export function serveVault(engine: SecretsEngine, options: ServeVaultOptions): Promise<VaultServer> {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const startedAt = options.clock().getTime();
  // Set once the port is known (before any request can arrive).
  let binding: ServerBinding | undefined;
  const guard = new ReplayGuard({ capacity: limits.seenSignatures, echoWindowMs: limits.echoWindowMs, echoBytes: limits.echoBytes });
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
      maxHeaderSize: limits.maxHeaderBytes,
    },
    (request, response) => {
      const requestId = randomUUID();
      void (async () => {
        const body = await readBodyLimited(request, MAX_BODY_BYTES);
        if (body === null) {
          send(response, errorResponse(new AwsServiceError('RequestEntityTooLarge', 'The request body is too large.', 413), requestId));
          return;
        }
        const wire: WireRequest = { method: request.method ?? 'GET', path: request.url ?? '/', headers: wireHeaders(Object.entries(request.headers)), body };
        let decision: ReplayDecision;
        try {
          const now = options.clock();
          if (!binding) throw new AwsServiceError('ServiceUnavailable', 'The server is starting. Retry.', 503);
          const verified = await verifySigV4(wire, options.credentials, options.region, now, binding);
          decision = guard.check(verified.signature, verified.validUntil, now.getTime());
          if (decision.kind === 'replayed') throw replayed();
          if (decision.kind === 'full') throw guardFull();
        } catch (error) {
          const failure = error instanceof AwsServiceError ? error : new AwsServiceError('InternalServiceError', 'Signature check failed.', 500);
          send(response, errorResponse(failure, requestId));
          return;
        }
        if (decision.kind === 'echo') {
          send(response, await decision.answer);
          return;
        }
        let answer: WireResponse;
        try {
          answer = await handleWireRequest(engine, wire, requestId);
        } catch {
          answer = errorResponse(new AwsServiceError('InternalServiceError', 'An error occurred on the server side.', 500), requestId);
        }
        // Settled whatever happens, so a repeat waiting on this answer is never left hanging.
        decision.settle(answer, options.clock().getTime());
        send(response, answer);
      })().catch(() => {
        send(response, errorResponse(new AwsServiceError('InternalServiceError', 'An error occurred on the server side.', 500), requestId));
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  server.maxHeadersCount = limits.maxHeadersCount;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      const { port } = server.address() as AddressInfo;
      binding = bindingOf(port, startedAt, options.alsoAcceptHosts);
      resolve({
        endpoint: `http://${LOOPBACK}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
