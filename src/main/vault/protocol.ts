import { AwsServiceError, VaultError } from './errors';
import type { SecretsEngine } from './engine';
import { outputBytes } from './serialised';

/**
 * AWS JSON 1.1 as Secrets Manager speaks it: `POST /`, `X-Amz-Target: secretsmanager.<Op>`,
 * a JSON body, errors as `{"__type": "<Name>", "message": "…"}` (the SDK reads `__type`).
 * Shared by the in-process handler and the HTTP server, so both answer byte for byte alike.
 */
export const TARGET_PREFIX = 'secretsmanager.';
export const CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>; // lower-case names
  readonly body: Buffer;
}

/**
 * A request header by its lower-case name, own properties only: names can come from the request
 * itself (SignedHeaders), and `constructor` or `__proto__` must not reach Object.prototype.
 */
export function headerOf(request: WireRequest, name: string): string | undefined {
  if (!Object.hasOwn(request.headers, name)) return undefined;
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Request headers as a prototype-less map of lower-case names (repeated headers joined with ","). */
export function wireHeaders(entries: Iterable<readonly [string, string | readonly string[] | undefined]>): Record<string, string> {
  const headers = Object.create(null) as Record<string, string>;
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = typeof value === 'string' ? value : value.join(',');
  }
  return headers;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

function respond(status: number, payload: Readonly<Record<string, unknown>>, requestId: string): WireResponse {
  const body = outputBytes(payload);
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'content-length': String(body.length), 'x-amzn-requestid': requestId },
    body,
  };
}

export function errorResponse(error: AwsServiceError, requestId: string): WireResponse {
  return respond(error.status, { __type: error.type, message: error.message }, requestId);
}

export async function handleWireRequest(engine: SecretsEngine, request: WireRequest, requestId: string): Promise<WireResponse> {
  try {
    if (request.method !== 'POST' || request.path !== '/') {
      throw new AwsServiceError('UnknownOperationException', 'Only POST / is served.', 404);
    }
    const target = headerOf(request, 'x-amz-target') ?? '';
    if (!target.startsWith(TARGET_PREFIX)) throw new AwsServiceError('UnknownOperationException', 'Missing or unknown X-Amz-Target.');
    let input: unknown;
    try {
      input = request.body.length === 0 ? {} : JSON.parse(request.body.toString('utf8'));
    } catch {
      throw new AwsServiceError('SerializationException', 'The request body is not valid JSON.');
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new AwsServiceError('SerializationException', 'The request body must be a JSON object.');
    }
    const output = await engine.execute(target.slice(TARGET_PREFIX.length), input);
    return respond(200, output, requestId);
  } catch (error) {
    if (error instanceof AwsServiceError) return errorResponse(error, requestId);
    if (error instanceof VaultError) {
      // The vault's own failure (disk, closed): a server fault, and the SDK's retry applies.
      return errorResponse(new AwsServiceError('InternalServiceError', error.message, 500), requestId);
    }
    return errorResponse(new AwsServiceError('InternalServiceError', 'An error occurred on the server side.', 500), requestId);
  }
}
