/**
 * A loopback HTTP proxy for the fleet bench and tests (a FAKE network, never used by the app): it
 * forwards each request to a Secrets Manager endpoint (the embedded vault served over HTTP) and adds
 * a fixed round-trip delay, half on the way in and half on the way back. It can also answer a
 * request itself instead of forwarding it, the way AWS answers a throttled or refused call
 * (HTTP 400 with `{"__type", "message"}`), and it counts what it saw.
 *
 * Headers and body pass through untouched, so the client's SigV4 signature (made for the proxy's
 * host) still verifies at the vault, which checks against the Host header it receives.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  /** The operation, from `X-Amz-Target` (`secretsmanager.ListSecrets` → `ListSecrets`). */
  readonly operation: string;
  /** The request body as JSON, when it is JSON. */
  readonly input: unknown;
  /** 1-based count of requests of this operation seen so far (this one included). */
  readonly sequence: number;
}

/** An answer the proxy gives in place of the backend. */
export interface ProxyAnswer {
  readonly status: number;
  readonly body: { readonly __type: string; readonly message: string };
}

export interface LatencyProxyOptions {
  /** Where requests go, e.g. the vault's `http://127.0.0.1:<port>`. */
  readonly target: string;
  /** Added to every round trip (half before forwarding, half before answering). */
  readonly delayMs: number;
  /**
   * The share of the delay spent before forwarding (default 0.5). 0: the backend answers at once
   * and the answer is held back, so a change made meanwhile is newer than the answer.
   */
  readonly inbound?: number;
  /** Answers a request itself (throttle, deny) instead of forwarding it; undefined = forward. */
  readonly intercept?: (request: ProxiedRequest) => ProxyAnswer | undefined;
}

export interface ProxyLogEntry {
  readonly operation: string;
  readonly startedAt: number;
  endedAt?: number;
  /** The `__type` of an answer the proxy made itself. */
  readonly intercepted?: string;
  /** The client went away before the answer (an aborted request). */
  aborted?: boolean;
}

export interface LatencyProxy {
  readonly endpoint: string;
  /** Every request, in arrival order. */
  readonly log: readonly ProxyLogEntry[];
  /** Requests of one operation (all when absent). */
  count(operation?: string): number;
  /** Answers the proxy made itself (of one `__type`, or all). */
  intercepted(type?: string): number;
  /** The most requests that were in flight at once. */
  readonly maxInFlight: number;
  /** Changes the added delay for requests that arrive from now on. */
  setDelay(delayMs: number): void;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** A seeded PRNG (mulberry32), so a throttled run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Answers `share` of the requests of `operation` with AWS's throttling error (HTTP 400). */
export function throttle(share: number, options: { operation?: string; seed?: number } = {}): (request: ProxiedRequest) => ProxyAnswer | undefined {
  const random = seededRandom(options.seed ?? 1);
  const operation = options.operation ?? 'ListSecrets';
  return (request) =>
    request.operation === operation && random() < share ? { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } } : undefined;
}

/**
 * AWS's way: a token bucket per account refilled at `perSecond` (ListSecrets: 100/s), holding at
 * most `burst`; a request finding it empty is throttled.
 */
export function rateLimit(perSecond: number, options: { operation?: string; burst?: number; now?: () => number } = {}): (request: ProxiedRequest) => ProxyAnswer | undefined {
  const operation = options.operation ?? 'ListSecrets';
  const burst = options.burst ?? perSecond;
  const now = options.now ?? (() => performance.now());
  let tokens = burst;
  let last = now();
  return (request) => {
    if (request.operation !== operation) return undefined;
    const at = now();
    tokens = Math.min(burst, tokens + ((at - last) / 1000) * perSecond);
    last = at;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    return { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
  };
}

/** Refuses every request of `operation` the way IAM does (after `allowFirst` have been let through). */
export function deny(operation: string, options: { allowFirst?: number } = {}): (request: ProxiedRequest) => ProxyAnswer | undefined {
  return (request) =>
    request.operation === operation && request.sequence > (options.allowFirst ?? 0)
      ? {
          status: 400,
          body: {
            __type: 'AccessDeniedException',
            message: `User: arn:aws:iam::123456789012:user/bench is not authorized to perform: secretsmanager:${operation} because no identity-based policy allows the secretsmanager:${operation} action`,
          },
        }
      : undefined;
}

export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const target = new URL(options.target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const log: ProxyLogEntry[] = [];
  const sequences = new Map<string, number>();
  let delayMs = options.delayMs;
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const operation = String(request.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./i, '') || '(none)';
        const sequence = (sequences.get(operation) ?? 0) + 1;
        sequences.set(operation, sequence);
        let input: unknown;
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch {
          input = undefined;
        }
        const answer = options.intercept?.({ operation, input, sequence });
        const entry: ProxyLogEntry = { operation, startedAt: performance.now(), ...(answer && { intercepted: answer.body.__type }) };
        log.push(entry);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const delay = delayMs;
        response.on('close', () => {
          if (!response.writableFinished) entry.aborted = true;
        });
        const before = delay * (options.inbound ?? 0.5);
        try {
          await sleep(before);
          let status: number;
          let headers: http.OutgoingHttpHeaders;
          let payload: Buffer;
          if (answer) {
            status = answer.status;
            payload = Buffer.from(JSON.stringify(answer.body));
            headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `proxy-${log.length}`, 'content-length': payload.length };
          } else {
            ({ status, headers, payload } = await forward(request, body));
          }
          await sleep(delay - before);
          if (!response.destroyed) {
            response.writeHead(status, headers);
            response.end(payload);
          }
        } catch {
          if (!response.headersSent && !response.destroyed) {
            response.writeHead(502, { 'content-type': 'text/plain' });
            response.end('proxy: the target did not answer');
          }
        } finally {
          inFlight -= 1;
          entry.endedAt = performance.now();
        }
      })();
    });
  });

  function forward(request: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.OutgoingHttpHeaders; payload: Buffer }> {
    return new Promise((resolve, reject) => {
      const upstream = http.request(
        { host: target.hostname, port: target.port, path: request.url ?? '/', method: request.method ?? 'POST', headers: request.headers, agent },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (part: Buffer) => parts.push(part));
          answer.on('end', () => {
            const headers: http.OutgoingHttpHeaders = { ...answer.headers };
            delete headers['transfer-encoding'];
            delete headers['connection'];
            const payload = Buffer.concat(parts);
            headers['content-length'] = payload.length;
            resolve({ status: answer.statusCode ?? 502, headers, payload });
          });
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    count: (operation) => (operation === undefined ? log.length : log.filter((entry) => entry.operation === operation).length),
    intercepted: (type) => log.filter((entry) => entry.intercepted !== undefined && (type === undefined || entry.intercepted === type)).length,
    get maxInFlight() {
      return maxInFlight;
    },
    setDelay(next) {
      delayMs = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
