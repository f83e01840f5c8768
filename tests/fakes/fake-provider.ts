/**
 * A FAKE provider API for the key-check tests: a real node:http server on 127.0.0.1 (random port)
 * that records every request it receives and answers with whatever the current test set.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as received. */
  readonly url: string;
  /** Lower-cased names, as node:http gives them. */
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type FakeAnswer = (request: RecordedRequest, response: http.ServerResponse) => void;

export interface FakeProvider {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Sets the answer for the next requests (default: 200 with a small JSON body). */
  answer(handler: FakeAnswer): void;
  close(): Promise<void>;
}

/** Answers `status` with a body that echoes the key, as real providers partly do. */
export function status(code: number, headers: http.OutgoingHttpHeaders = {}): FakeAnswer {
  return (request, response) => {
    response.writeHead(code, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify({ error: 'echo', authorization: request.headers.authorization ?? null, all: request.headers }));
  };
}

/** Never answers (the request stays open until the client gives up or the server closes). */
export const never: FakeAnswer = () => undefined;

/**
 * `code`, then body chunks forever; `closed` resolves when the client hung up (what a check that
 * cancels the body does).
 */
export function endless(code = 200): { answer: FakeAnswer; closed: Promise<void> } {
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const answer: FakeAnswer = (_request, response) => {
    response.writeHead(code, { 'content-type': 'application/json', 'content-length': String(1024 ** 4) });
    const pump = (): void => {
      while (!response.destroyed && response.write(chunk));
      if (!response.destroyed) response.once('drain', pump);
    };
    response.on('close', markClosed);
    pump();
  };
  return { answer, closed };
}

export async function startFakeProvider(): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  let handler: FakeAnswer = status(200);
  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: RecordedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    answer(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (a server was there a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const fake = await startFakeProvider();
  await fake.close();
  return fake.baseUrl;
}
