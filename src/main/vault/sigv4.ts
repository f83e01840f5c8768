import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsServiceError } from './errors';
import { headerOf, type WireRequest } from './protocol';

export interface VaultCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const SERVICE = 'secretsmanager';
/** How far a request's X-Amz-Date may be from the server's clock, either way (AWS: 15 minutes). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const AUTH_PATTERN = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

// AWS JSON services answer signature problems with HTTP 400 (the SDK reads the error name, not the status).
const denied = (type: string, message: string) => new AwsServiceError(type, message, 400);

/**
 * Headers that must be covered by the signature. Without x-amz-target signed, a captured request
 * could be replayed as another operation (DescribeSecret → GetSecretValue). The SDK and the AWS
 * CLI sign all four.
 */
const REQUIRED_SIGNED_HEADERS = ['host', 'x-amz-date', 'x-amz-target', 'content-type'] as const;

function parseAmzDate(value: string | undefined): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/**
 * What ties a signature to the server checking it, beyond the credentials: a request signed for
 * another server with the same credentials, or for an earlier run of this one, is refused even
 * though its signature holds — the replay guard remembers only what this run has served.
 */
export interface ServerBinding {
  /** Whether the signed Host header (lower-cased) names this server. */
  readonly acceptsHost: (host: string) => boolean;
  /** This server's address as a client writes it, for the refusal's message. */
  readonly address: string;
  /** Epoch ms before which no request for this server can have been signed (its start, to the second). */
  readonly notSignedBefore: number;
}

/** A signature that holds, and until when it would keep holding (for the replay guard). */
export interface VerifiedSignature {
  readonly signature: string;
  /** Epoch ms after which the request's date is out of the window, so the signature fails on its own. */
  readonly validUntil: number;
}

/**
 * Verifies a request's AWS Signature Version 4 by signing it again with the SDK's own signer
 * (`@smithy/signature-v4`) over exactly the headers the client says it signed, and comparing in
 * constant time. Throws the error AWS would answer; returns the signature when it holds.
 *
 * Header names come from the request (SignedHeaders), so every lookup is an own-property one
 * (`headerOf`) into objects without a prototype: `SignedHeaders=constructor` must read as a
 * missing header, not as `Object.prototype.constructor`.
 *
 * With a `binding`, the request must also have been signed for this server (its Host) and during
 * this run of it (its X-Amz-Date) — see ServerBinding.
 */
export async function verifySigV4(
  request: WireRequest,
  credentials: VaultCredentials,
  region: string,
  now: Date,
  binding?: ServerBinding,
): Promise<VerifiedSignature> {
  const authorization = headerOf(request, 'authorization');
  if (!authorization) throw denied('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const match = AUTH_PATTERN.exec(authorization.trim());
  if (!match) throw new AwsServiceError('IncompleteSignatureException', 'The Authorization header is not a valid AWS Signature Version 4 header.');
  const [, accessKeyId, scopeDate, scopeRegion, scopeService, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string, string];

  if (accessKeyId !== credentials.accessKeyId) {
    throw denied('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (scopeService !== SERVICE) throw denied('InvalidSignatureException', `Credential should be scoped to correct service: '${SERVICE}'.`);
  if (scopeRegion !== region) throw denied('InvalidSignatureException', `Credential should be scoped to a valid region, not '${scopeRegion}'.`);
  const amzDate = headerOf(request, 'x-amz-date');
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt) throw new AwsServiceError('IncompleteSignatureException', 'The X-Amz-Date header is missing or malformed.');
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw denied('InvalidSignatureException', 'Signature expired: the request time is more than 15 minutes from the server time.');
  }
  if (!amzDate?.startsWith(scopeDate)) {
    throw denied('InvalidSignatureException', 'The credential scope date does not match X-Amz-Date.');
  }
  if (binding && signedAt.getTime() < binding.notSignedBefore) {
    throw denied(
      'InvalidSignatureException',
      'Signature expired: the request was signed before this server started (for an earlier run of it, or it is a replay). Sign it again: run the command again.',
    );
  }
  const signedHeaders = signedHeaderList.split(';');
  for (const required of REQUIRED_SIGNED_HEADERS) {
    if (!signedHeaders.includes(required)) throw denied('InvalidSignatureException', `The ${required} header must be signed.`);
  }
  // Host is signed (required above), so this is the host the signature was made for.
  if (binding && !binding.acceptsHost((headerOf(request, 'host') ?? '').toLowerCase())) {
    throw denied(
      'InvalidSignatureException',
      `The request was signed for another host, not this server: sign it for ${binding.address} (use --endpoint-url http://${binding.address}).`,
    );
  }

  const contentHash = headerOf(request, 'x-amz-content-sha256');
  if (contentHash !== undefined && contentHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw denied('InvalidSignatureException', 'The x-amz-content-sha256 header does not match the request body.');
  }

  // No prototype: the signer walks these names, and none of them may resolve to an inherited member.
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of signedHeaders) {
    const value = headerOf(request, name);
    if (value === undefined) throw denied('InvalidSignatureException', `The signed header ${name} is missing from the request.`);
    headers[name] = value;
  }
  const signer = new SignatureV4({ credentials, region, service: SERVICE, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const resigned = await signer.sign(
    new HttpRequest({ method: request.method, protocol: 'http:', hostname: headerOf(request, 'host') ?? '', path: request.path, headers, body: request.body }),
    { signingDate: signedAt, signableHeaders: new Set(signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})$/.exec(String(resigned.headers['authorization']))?.[1] ?? '';
  if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw denied(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return { signature, validUntil: signedAt.getTime() + MAX_CLOCK_SKEW_MS };
}
