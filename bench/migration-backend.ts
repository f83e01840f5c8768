/**
 * The migration bench's backend, run as its own process (like fleet-backend.ts) so that the
 * vault's CPU time, its SigV4 checks and the proxy's work do not queue behind the job being
 * measured: an empty vault in a temp directory, served over HTTP (SigV4, LocalStack's `test`/`test`
 * credentials) behind the latency proxy, with an optional write limit (a token bucket answering
 * CreateSecret with AWS's `ThrottlingException` above it). STS GetCallerIdentity (which the app's
 * audit log asks once per profile, as LocalStack and AWS answer it) is answered with a fixed
 * identity, after the same added round trip.
 *
 * Prints one JSON line (where to connect), then answers JSON-line commands on stdin, one JSON line
 * each on stdout, until stdin closes; then it removes the temp directory.
 *   {"cmd":"reset","rateLimit":50,"burst":10}   new measurement window (rateLimit null: no limit)
 *   {"cmd":"stats"}                              what the proxy saw since the last reset
 *
 *   node --import tsx bench/migration-backend.ts '{"rtt":20}'
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { LOCALSTACK_CREDENTIALS } from '../src/main/backends/localstack';
import { envKeyProtector, openVault } from '../src/main/vault/index';
import { rateLimit, startLatencyProxy, type ProxiedRequest, type ProxyAnswer, type ProxyLogEntry } from './latency-proxy';

export interface MigrationBackendRequest {
  readonly rtt: number;
}

export interface MigrationBackendInfo {
  /** The proxy's endpoint (with the added round trip); a LocalStack-kind profile points here. */
  readonly endpoint: string;
  /** The vault's own endpoint (no added delay). */
  readonly direct: string;
  readonly region: string;
}

export type MigrationBackendCommand = { readonly cmd: 'reset'; readonly rateLimit: number | null; readonly burst?: number } | { readonly cmd: 'stats' };

export interface MigrationBackendStats {
  /** CreateSecret / PutSecretValue requests that reached the proxy (throttled ones included). */
  readonly writeRequests: number;
  /** Writes the proxy answered with ThrottlingException. */
  readonly throttled: number;
  /** Writes forwarded to the vault (accepted by the limit). */
  readonly accepted: number;
  /** The most writes in flight at once (as the proxy saw them). */
  readonly maxInFlight: number;
  /** From the first to the last accepted write's arrival, in ms. */
  readonly acceptedSpanMs: number;
  /** Accepted writes per whole second since the first one (the sustained rate, second by second). */
  readonly perSecond: readonly number[];
  /** Every request by operation (`(none)`: STS and other non-JSON requests). */
  readonly operations: Readonly<Record<string, number>>;
}

const WRITES = new Set(['CreateSecret', 'PutSecretValue']);
const STS_IDENTITY =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
  '<Arn>arn:aws:iam::000000000000:root</Arn><UserId>AKIAIOSFODNN7EXAMPLE</UserId><Account>000000000000</Account>' +
  '</GetCallerIdentityResult><ResponseMetadata><RequestId>bench-sts</RequestId></ResponseMetadata></GetCallerIdentityResponse>';

/** In front of the vault: STS's GetCallerIdentity answered here, everything else forwarded. */
async function startFront(target: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const vault = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (request.headers['x-amz-target'] === undefined && new URLSearchParams(body.toString('utf8')).get('Action') === 'GetCallerIdentity') {
        response.writeHead(200, { 'content-type': 'text/xml' }).end(STS_IDENTITY);
        return;
      }
      const upstream = http.request({ host: vault.hostname, port: vault.port, path: request.url ?? '/', method: request.method ?? 'POST', headers: request.headers, agent }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
        response.end('front: the vault did not answer');
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function statsOf(entries: readonly ProxyLogEntry[]): MigrationBackendStats {
  const writes = entries.filter((entry) => WRITES.has(entry.operation));
  const accepted = writes.filter((entry) => entry.intercepted === undefined);
  let maxInFlight = 0;
  let current = 0;
  const events = writes.flatMap((entry) => [[entry.startedAt, 1] as const, [entry.endedAt ?? Number.POSITIVE_INFINITY, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [, delta] of events) maxInFlight = Math.max(maxInFlight, (current += delta));
  const first = accepted[0]?.startedAt ?? 0;
  const last = accepted.at(-1)?.startedAt ?? 0;
  const perSecond: number[] = [];
  for (const entry of accepted) {
    const second = Math.floor((entry.startedAt - first) / 1000);
    perSecond[second] = (perSecond[second] ?? 0) + 1;
  }
  const operations: Record<string, number> = {};
  for (const entry of entries) operations[entry.operation] = (operations[entry.operation] ?? 0) + 1;
  return {
    writeRequests: writes.length,
    throttled: writes.filter((entry) => entry.intercepted === 'ThrottlingException').length,
    accepted: accepted.length,
    maxInFlight,
    acceptedSpanMs: last - first,
    perSecond: Array.from(perSecond, (count) => count ?? 0),
    operations,
  };
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as MigrationBackendRequest;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'migration-bench-vault-'));
  const vault = await openVault({ dataDir, keyProtector: envKeyProtector('bench-migration-key-0123456789abcdef') });
  // Clients sign for the proxy's address: the vault accepts it once told (it checks the signed Host).
  const proxyHosts = new Set<string>();
  const server = await vault.serve({ port: 0, credentials: { ...LOCALSTACK_CREDENTIALS }, alsoAcceptHosts: proxyHosts });
  const front = await startFront(server.endpoint);
  let limit: ((request: ProxiedRequest) => ProxyAnswer | undefined) | undefined;
  const proxy = await startLatencyProxy({
    target: front.endpoint,
    delayMs: request.rtt,
    intercept: (proxied) => (WRITES.has(proxied.operation) ? limit?.(proxied) : undefined),
  });
  proxyHosts.add(new URL(proxy.endpoint).host);
  let windowStart = 0;
  const info: MigrationBackendInfo = { endpoint: proxy.endpoint, direct: server.endpoint, region: vault.region };
  process.stdout.write(`${JSON.stringify(info)}\n`);

  const commands = createInterface({ input: process.stdin });
  commands.on('line', (line) => {
    const command = JSON.parse(line) as MigrationBackendCommand;
    if (command.cmd === 'reset') {
      windowStart = proxy.log.length;
      // A token bucket over the writes, as AWS limits them per account; full at the start.
      limit =
        command.rateLimit === null
          ? undefined
          : (() => {
              const bucket = rateLimit(command.rateLimit, { operation: 'CreateSecret', burst: command.burst ?? command.rateLimit });
              return (proxied: ProxiedRequest) => bucket({ ...proxied, operation: 'CreateSecret' });
            })();
      process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
    } else {
      process.stdout.write(`${JSON.stringify(statsOf(proxy.log.slice(windowStart)))}\n`);
    }
  });
  const stop = async (): Promise<void> => {
    await proxy.close();
    await front.close();
    await vault.close();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  commands.on('close', () => void stop());
  process.on('SIGTERM', () => void stop());
}

await main();
