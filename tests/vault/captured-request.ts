/**
 * A request signed once with the SDK's own signer, kept as a capture of it would hold it (headers
 * and body), so tests can send it again byte for byte or alter one header of it.
 */
import http from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { HTTP_CREDENTIALS } from './helpers';

export interface Captured {
  readonly headers: Record<string, string>;
  readonly body: string;
}

export async function captureSigned(endpoint: string, region: string, target: string, input: object = {}): Promise<Captured> {
  const url = new URL(endpoint);
  const body = JSON.stringify(input);
  const signer = new SignatureV4({ credentials: HTTP_CREDENTIALS, region, service: 'secretsmanager', sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `secretsmanager.${target}` },
      body,
    }),
  );
  return { headers: { ...signed.headers }, body };
}

/**
 * Sends a captured request (with `headers` replaced or added) to `endpoint` and reads the JSON
 * answer. Its headers go as captured, Host included (fetch would put the endpoint's own host in),
 * as a replay would send them to another server.
 */
export function sendCaptured(
  endpoint: string,
  captured: Captured,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: { __type?: string; message?: string } }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method: 'POST', path: '/', headers: { ...captured.headers, ...headers, 'content-length': Buffer.byteLength(captured.body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { __type?: string; message?: string } });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(captured.body);
  });
}
