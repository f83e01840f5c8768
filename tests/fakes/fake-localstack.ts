/**
 * A tiny stand-in for a LocalStack server (none can run here): it answers `/_localstack/health`
 * with a configurable body, and Secrets Manager's ListSecrets (`POST /`, AWS JSON 1.1) with a
 * canned, empty list. Anything else gets a 400 `UnknownOperationException`. It records every
 * request's path and `X-Amz-Target`, so tests can see what reached the "server".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLocalStackOptions {
  /** The `services` map of the health answer; default `{ secretsmanager: 'available' }`. */
  services?: Record<string, string>;
  version?: string;
  edition?: string;
  /** Answer the health check with this HTTP status and a non-LocalStack body instead. */
  healthStatus?: number;
}

export interface FakeRequest {
  path: string;
  target?: string;
  accessKeyId?: string;
}

export interface FakeLocalStack {
  readonly endpoint: string;
  /** Path, X-Amz-Target and the signing access key id (from SigV4's `Credential=`) of each request. */
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

export async function startFakeLocalStack(options: FakeLocalStackOptions = {}): Promise<FakeLocalStack> {
  const requests: FakeRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const accessKeyId = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
      requests.push({ path: req.url ?? '', ...(typeof target === 'string' ? { target } : {}), ...(accessKeyId ? { accessKeyId } : {}) });
      if (req.method === 'GET' && req.url === '/_localstack/health') {
        if (options.healthStatus) {
          res.writeHead(options.healthStatus, { 'content-type': 'text/plain' }).end('not here');
          return;
        }
        const body = {
          services: options.services ?? { secretsmanager: 'available', s3: 'running' },
          edition: options.edition ?? 'community',
          version: options.version ?? '4.4.0',
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        return;
      }
      if (req.method === 'POST' && target === 'secretsmanager.ListSecrets') {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ SecretList: [] }));
        return;
      }
      res
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify({ __type: 'UnknownOperationException', message: 'fake LocalStack does not serve this' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** An endpoint on which nothing listens: a port that was just free. */
export async function closedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
