import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsServiceError } from './errors';
import type { SecretsEngine } from './engine';
import { errorResponse, handleWireRequest, type WireRequest, type WireResponse } from './protocol';
import { verifySigV4, type VaultCredentials } from './sigv4';
import { readBodyLimited } from '../http-body';

const MAX_BODY_BYTES = 1024 * 1024;
export const LOOPBACK = '127.0.0.1';

export interface VaultServer {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

function send(response: http.ServerResponse, wire: WireResponse): void {
  response.writeHead(wire.status, wire.headers);
  response.end(wire.body);
}

/**
 * Serves the vault over HTTP on 127.0.0.1 only, for the AWS CLI and other local tools. Every
 * request must carry a valid SigV4 signature made with the vault's credentials, so another local
 * process without them cannot read or change anything.
 */
export function serveVault(
  engine: SecretsEngine,
  options: { port: number; credentials: VaultCredentials; region: string; clock: () => Date },
): Promise<VaultServer> {
  const server = http.createServer((request, response) => {
    const requestId = randomUUID();
    void (async () => {
      const body = await readBodyLimited(request, MAX_BODY_BYTES);
      if (body === null) {
        send(response, errorResponse(new AwsServiceError('RequestEntityTooLarge', 'The request body is too large.', 413), requestId));
        return;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
      const wire: WireRequest = { method: request.method ?? 'GET', path: request.url ?? '/', headers, body };
      try {
        await verifySigV4(wire, options.credentials, options.region, options.clock());
      } catch (error) {
        const failure = error instanceof AwsServiceError ? error : new AwsServiceError('InternalServiceError', 'Signature check failed.', 500);
        send(response, errorResponse(failure, requestId));
        return;
      }
      send(response, await handleWireRequest(engine, wire, requestId));
    })().catch(() => {
      if (!response.headersSent) send(response, errorResponse(new AwsServiceError('InternalServiceError', 'An error occurred on the server side.', 500), requestId));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      const { port } = server.address() as AddressInfo;
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
