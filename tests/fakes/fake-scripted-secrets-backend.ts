/**
 * A FAKE Secrets Manager endpoint (tests only) that answers exactly what a test scripts, for the
 * answers no real backend here can be made to give: a SecretString that is a number or an object,
 * a BatchGetSecretValue page whose NextToken comes back again, entries of the wrong shape.
 * The script gets the operation (`GetSecretValue`, from X-Amz-Target) and the request's JSON body
 * and returns the JSON to answer with 200, undefined for a ResourceNotFoundException, THROTTLE, or
 * a Refusal of another AWS error type.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A script's answer that is a throttled refusal (HTTP 400, ThrottlingException), as AWS rate limits answer. */
export const THROTTLE = Symbol('throttle');

/** A script's answer that is a refusal of this AWS error type (HTTP 400), e.g. LimitExceededException. */
export class Refusal {
  constructor(
    readonly type: string,
    readonly message = `scripted: ${type}`,
  ) {}
}

export type ScriptedAnswer = (operation: string, input: Record<string, unknown>) => unknown;

export interface ScriptedSecretsBackend {
  readonly endpoint: string;
  /** Operations received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startScriptedSecretsBackend(answer: ScriptedAnswer): Promise<ScriptedSecretsBackend> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const operation = typeof target === 'string' ? target.replace(/^secretsmanager\./, '') : '';
      requests.push(operation);
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // Not JSON: the script sees an empty input.
      }
      const body = answer(operation, input);
      const headers = { 'content-type': 'application/x-amz-json-1.1' };
      if (body instanceof Refusal) {
        response.writeHead(400, headers).end(JSON.stringify({ __type: body.type, message: body.message }));
      } else if (body === THROTTLE) {
        response.writeHead(400, headers).end(JSON.stringify({ __type: 'ThrottlingException', message: 'scripted: rate exceeded' }));
      } else if (body === undefined) {
        response.writeHead(400, headers).end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'scripted: not found' }));
      } else {
        response.writeHead(200, headers).end(JSON.stringify(body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
