/**
 * From what happened to an outcome and a FIXED reason. Nothing a server or the network stack said
 * is copied: providers echo parts of a key in bodies and messages, so reasons are built here from
 * the status number or an error code only.
 */
import type { KeyCheckOutcome } from '../../shared/key-checks';

export interface Verdict {
  readonly outcome: KeyCheckOutcome;
  readonly reason: string;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A status that came back; `rateLimited`: the provider said so in a 403 (GitHub does). */
export function verdictFromStatus(status: number, rateLimited = false): Verdict {
  if (rateLimited) return { outcome: 'unverified', reason: `rate limited (HTTP ${status})` };
  if (status >= 200 && status < 300) return { outcome: 'valid', reason: `key accepted (HTTP ${status})` };
  if (status === 401 || status === 403) return { outcome: 'rejected', reason: `key refused (HTTP ${status})` };
  if (status === 429) return { outcome: 'unverified', reason: 'rate limited (HTTP 429)' };
  // Never followed: the key would go along to wherever the Location header points.
  if (REDIRECT_STATUSES.has(status)) return { outcome: 'unverified', reason: `redirected (HTTP ${status}), not followed` };
  if (status >= 500 && status < 600) return { outcome: 'unverified', reason: `HTTP ${status}` };
  return { outcome: 'unverified', reason: `unexpected answer (HTTP ${status})` };
}

/** Error codes from undici's `TypeError: fetch failed`, its cause chain and AggregateErrors. */
function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 4 || typeof error !== 'object' || error === null) return [];
  const codes: string[] = [];
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown; message?: unknown };
  if (typeof record.code === 'string') codes.push(record.code);
  // undici refuses the fetch spec's "bad ports" with a bare Error('bad port'): compared, never copied.
  if (record.message === 'bad port') codes.push('BAD_PORT');
  codes.push(...errorCodes(record.cause, depth + 1));
  if (Array.isArray(record.errors)) for (const inner of record.errors) codes.push(...errorCodes(inner, depth + 1));
  return codes;
}

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)|^EPROTO$/;

function reasonForCode(code: string): string | null {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return 'host not found';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the server';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'could not connect in time';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EADDRNOTAVAIL':
      return 'network unreachable';
    case 'UND_ERR_HEADERS_OVERFLOW':
      return 'the answer’s headers were too large';
    case 'BAD_PORT':
      return 'the port is blocked for HTTP requests';
  }
  if (TLS_CODE.test(code)) return 'TLS error (certificate or handshake)';
  return null;
}

/** A fetch that failed without an HTTP answer (not a timeout or cancel: the caller tells those apart). */
export function verdictFromError(error: unknown): Verdict {
  for (const code of errorCodes(error)) {
    const reason = reasonForCode(code);
    if (reason) return { outcome: 'unverified', reason };
  }
  return { outcome: 'unverified', reason: 'network error' };
}
