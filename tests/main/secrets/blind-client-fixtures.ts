/** What the blind-client tests share: a handler that records targets, an unblinded client, SDK commands by name. */
import * as sdk from '@aws-sdk/client-secrets-manager';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HttpResponse, type HttpHandler, type HttpRequest } from '@smithy/protocol-http';

/** A request handler that answers every call with `body` (JSON) and records each call's X-Amz-Target. */
export function recordingHandler(body: unknown = {}): HttpHandler & { targets: string[] } {
  const targets: string[] = [];
  return {
    targets,
    async handle(request: HttpRequest) {
      targets.push(String(request.headers['x-amz-target'] ?? ''));
      return {
        response: new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: new TextEncoder().encode(JSON.stringify(body)) }),
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
}

export function client(handler: HttpHandler, credentialCalls = { count: 0 }): SecretsManagerClient {
  return new SecretsManagerClient({
    region: 'us-east-1',
    endpoint: 'http://blind.invalid',
    // Counted so a test can show nothing was signed (signing is what asks for credentials).
    credentials: async () => {
      credentialCalls.count++;
      return { accessKeyId: 'test', secretAccessKey: 'test' };
    },
    requestHandler: handler,
    maxAttempts: 1,
  });
}

export const sdkExports = sdk as unknown as Record<string, unknown>;

// Commands are looked up by name: src/ may not even name the read commands (lint), tests prove the guard.
export type AnyCommandCtor = new (input: object) => Parameters<SecretsManagerClient['send']>[0];
export function sdkCommand(op: string): AnyCommandCtor {
  const ctor = sdkExports[`${op}Command`] as AnyCommandCtor | undefined;
  if (!ctor) throw new Error(`the SDK no longer exports ${op}Command`);
  return ctor;
}
