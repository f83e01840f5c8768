/**
 * A FAKE flaky network in front of the served vault (tests only): it forwards each request as it
 * is (so its SigV4 signature still verifies at the vault), waits for the vault's answer, and for
 * the requests it is told to spoil either replaces that answer with an HTTP 500, or drops the
 * client's connection without answering. Either way the vault has already seen, and served, the
 * request: the case where a client retries something that did reach the server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Spoil = 'answer-500' | 'drop-connection';

export interface FlakyProxy {
  readonly endpoint: string;
  /** The Authorization header of each request, in arrival order. */
  readonly authorizations: string[];
  /** What the vault answered to each request (its HTTP status), in arrival order. */
  readonly backendStatuses: number[];
  close(): Promise<void>;
}

/** `spoil(n)` for the n-th request (1-based) says what to do to it; undefined passes it on. */
export async function startFlakyProxy(target: string, spoil: (sequence: number) => Spoil | undefined): Promise<FlakyProxy> {
  const authorizations: string[] = [];
  const backendStatuses: number[] = [];
  const targetUrl = new URL(target);
  let sequence = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      sequence += 1;
      const action = spoil(sequence);
      authorizations.push(String(request.headers.authorization ?? ''));
      const forward = http.request(
        { host: targetUrl.hostname, port: targetUrl.port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            backendStatuses.push(answer.statusCode ?? 0);
            if (action === 'drop-connection') {
              request.socket.destroy();
              return;
            }
            if (action === 'answer-500') {
              response
                .writeHead(500, { 'content-type': 'application/x-amz-json-1.1' })
                .end(JSON.stringify({ __type: 'InternalServiceError', message: 'fake: the answer was lost' }));
              return;
            }
            response.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(body));
          });
        },
      );
      forward.on('error', () => request.socket.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    authorizations,
    backendStatuses,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
