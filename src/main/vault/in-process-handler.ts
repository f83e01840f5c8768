import { randomUUID } from 'node:crypto';
import { HttpResponse, type HttpHandler, type HttpRequest } from '@smithy/protocol-http';
import type { SecretsEngine } from './engine';
import { handleWireRequest } from './protocol';

function bodyBytes(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('The embedded vault accepts string or byte request bodies only.');
}

/**
 * A request handler for `new SecretsManagerClient({ requestHandler })`: the SDK serialises and
 * parses exactly as it would against AWS (it does not sign: in-process-auth.ts), but the bytes go
 * to the vault in this process instead of a socket. No port is opened, so no other process can reach the vault this way.
 */
export class InProcessHandler implements HttpHandler {
  constructor(private readonly engine: SecretsEngine) {}

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    const wire = await handleWireRequest(
      this.engine,
      { method: request.method, path: request.path, headers, body: bodyBytes(request.body) },
      randomUUID(),
    );
    // A copy, never a view: a small answer sits in Node's shared 8 KiB buffer pool next to recent
    // request bodies (written values among them), and a view carries the whole pool along.
    return { response: new HttpResponse({ statusCode: wire.status, headers: wire.headers, body: new Uint8Array(wire.body) }) };
  }

  updateHttpClientConfig(): void {
    // Nothing to configure: there is no connection.
  }

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}
