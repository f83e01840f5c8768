/**
 * A FAKE hostile backend (tests only): what a LocalStack endpoint, or any endpoint a profile points
 * at, could do to exhaust main. It speaks just enough HTTP to be taken for LocalStack / Secrets
 * Manager, then misbehaves in the one way it is told to:
 *
 *  - `endless-health`: `/_localstack/health` answers 200 with a chunked body that never ends
 *    (no Content-Length, so a cap that trusts Content-Length sees nothing);
 *  - `endless-info`: the same for `/_localstack/info` (the health check answers normally);
 *  - `endless-body`: every Secrets Manager call answers 200 with a chunked body that never ends;
 *  - `endless-tokens`: ListSecrets answers an empty page with a fresh NextToken, every time;
 *  - `fat-pages`: ListSecrets answers a page of `entriesPerPage` tiny valid app names (far more
 *    than the MaxResults asked for, within the byte cap) with a fresh NextToken, every time;
 *  - `malformed`: ListSecrets and DescribeSecret answer 200 with JSON of the wrong shape
 *    (`malformedAnswers`, by operation: e.g. a SecretList holding null, a Name that is a number);
 *  - `headers-then-silence`: answers 200 headers, then never sends the body or ends it;
 *  - `silent`: accepts the connection and the request, and never answers.
 *
 * It counts requests and the body bytes it managed to write before the client hung up (bounded by
 * `maxBytes`, so a client without a cap ends the test instead of the machine).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export type HostileBehaviour = 'endless-health' | 'endless-info' | 'endless-body' | 'endless-tokens' | 'fat-pages' | 'malformed' | 'headers-then-silence' | 'silent';

/** What `malformed` answers, by operation ("ListSecrets", "DescribeSecret"): the raw JSON text. */
export const DEFAULT_MALFORMED_ANSWERS: Readonly<Record<string, string>> = {
  ListSecrets: '{"SecretList":[null]}',
  DescribeSecret: '{"Name":"agentfoundry/dev/acme/shared/openai_api_key","VersionIdsToStages":{"v1":null}}',
};

export interface HostileBackend {
  readonly endpoint: string;
  /** Requests received, by X-Amz-Target (or path for plain GETs). */
  readonly requests: string[];
  /** Body bytes written so far, over all answers. */
  bytesWritten(): number;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x20); // JSON whitespace: a body that is never invalid, just never done

export async function startHostileBackend(
  behaviour: HostileBehaviour,
  options: { maxBytes?: number; entriesPerPage?: number; malformedAnswers?: Readonly<Record<string, string>> } = {},
): Promise<HostileBackend> {
  const maxBytes = options.maxBytes ?? 300 * 1024 * 1024;
  // The same names on every page: what it costs is the client's, not this fake's, memory.
  const fatPage = behaviour !== 'fat-pages' ? '' : Array.from({ length: options.entriesPerPage ?? 5_000 }, (_, index) => `{"Name":"agentfoundry/dev/o${index}/shared/k"}`).join(',');
  const requests: string[] = [];
  let written = 0;

  function flood(response: http.ServerResponse, opening: string): void {
    response.writeHead(200, { 'content-type': 'application/json' }); // chunked: no Content-Length
    response.write(opening);
    written += opening.length;
    const pump = (): void => {
      while (!response.destroyed && written < maxBytes) {
        written += CHUNK.length;
        if (!response.write(CHUNK)) {
          response.once('drain', pump);
          return;
        }
      }
      if (!response.destroyed) response.end('}');
    };
    pump();
  }

  let page = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      requests.push(typeof target === 'string' ? target : `${request.method ?? ''} ${request.url ?? ''}`);
      const isHealth = request.url === '/_localstack/health';
      if (isHealth && behaviour !== 'endless-health') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ services: { secretsmanager: 'available' }, version: '4.4.0' }));
        return;
      }
      switch (behaviour) {
        case 'endless-health':
          if (isHealth) flood(response, '{"services":{"secretsmanager":"available"},"padding":');
          else response.writeHead(404).end();
          return;
        case 'endless-info':
          if (request.url === '/_localstack/info') flood(response, '{"edition":"pro","padding":');
          else response.writeHead(404).end();
          return;
        case 'endless-body':
          flood(response, '{"SecretList":[],"padding":');
          return;
        case 'endless-tokens':
          page += 1;
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ SecretList: [], NextToken: `fresh-token-${page}` }));
          return;
        case 'fat-pages': {
          page += 1;
          const body = `{"SecretList":[${fatPage}],"NextToken":"fresh-token-${page}"}`;
          written += body.length;
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(body) }).end(body);
          return;
        }
        case 'malformed': {
          const operation = typeof target === 'string' ? target.replace(/^secretsmanager\./, '') : '';
          const body = (options.malformedAnswers ?? DEFAULT_MALFORMED_ANSWERS)[operation] ?? '{}';
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(body) }).end(body);
          return;
        }
        case 'headers-then-silence':
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '1000' });
          response.flushHeaders();
          response.write('{"SecretList":');
          return;
        case 'silent':
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    bytesWritten: () => written,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * For a test file: `start` runs one hostile backend for the current test and closes it after the
 * test (an afterEach is registered when this is called, at the file's top level).
 */
export function hostileBackendPerTest(): { start: typeof startHostileBackend } {
  let running: HostileBackend | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  return {
    async start(behaviour, options) {
      running = await startHostileBackend(behaviour, options);
      return running;
    },
  };
}
