/**
 * `requestTimeoutMs` bounds every attempt, whatever the backend does with the connection: accepts
 * it and never answers, sends the headers and never the body, or streams without end. A timed-out
 * read is the reader's own UNREACHABLE error, nothing is printed (the SDK's handler would
 * otherwise console.warn), and the key is not stuck: the shared in-flight read ends with it, so the
 * next read asks again. The backend is a local HTTP server that does what each test sets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSecretReader, SecretReaderError, type SecretReader, type SecretReaderOptions } from '../../src/runtime/index';
import { watchOutput } from './helpers';

const ORG = 'acme-corp';
const VALUE = 'timeouts-value';

type Mode = 'silent' | 'headers-only' | 'oversized' | 'answer';

let mode: Mode = 'answer';
let received = 0;
let server: http.Server;
let endpoint: string;
const readers: SecretReader[] = [];
const writes: string[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    received += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = { 'content-type': 'application/x-amz-json-1.1' };
      if (mode === 'silent') return; // accepted, read, never answered
      if (mode === 'headers-only') {
        response.writeHead(200, headers);
        response.write('{"Name":"agentfoundry/dev/');
        return; // the body never ends
      }
      if (mode === 'oversized') {
        // 12 MB of one string, then a valid end: without a cap it would all be read and returned.
        response.writeHead(200, headers);
        response.write(`{"Name":"x","SecretString":"`);
        const chunk = 'a'.repeat(256 * 1024);
        let left = 48;
        const pump = (): void => {
          while (left > 0 && !response.destroyed) {
            left -= 1;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          if (!response.destroyed) response.end('"}');
        };
        pump();
        return;
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      if (request.headers['x-amz-target'] === 'secretsmanager.BatchGetSecretValue') {
        response.writeHead(200, headers).end(JSON.stringify({ SecretValues: [{ Name: `agentfoundry/dev/${ORG}/shared/openai_api_key`, SecretString: VALUE }], Errors: [] }));
        return;
      }
      response.writeHead(200, headers).end(JSON.stringify({ Name: input.SecretId, SecretString: VALUE }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const reader of readers.splice(0)) reader.close();
  mode = 'answer';
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function readerWith(options: SecretReaderOptions = {}): SecretReader {
  const reader = createSecretReader({ environment: {}, endpoint, maxAttempts: 1, connectTimeoutMs: 1_000, requestTimeoutMs: 300, ...options });
  readers.push(reader);
  return reader;
}

/** What `promise` settles with, or 'still running' after `ms` (a hang fails the test instead of timing it out). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | SecretReaderError | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((resolve) => {
    timer = setTimeout(() => resolve('still running'), ms);
  });
  try {
    return await Promise.race([promise.catch((error: unknown) => error as SecretReaderError), late]);
  } finally {
    clearTimeout(timer);
  }
}

const ref = { orgId: ORG, secretName: 'openai_api_key' };

describe('requestTimeoutMs is enforced', () => {
  it('a backend that accepts and never answers: getSecret fails UNREACHABLE in time, prints nothing, and the key is not stuck', async () => {
    mode = 'silent';
    writes.length = 0;
    watchOutput(writes);
    const reader = readerWith();
    const started = performance.now();
    // Two reads of one key share the request; both end with it.
    const outcomes = await Promise.all([within(reader.getSecret(ref), 5_000), within(reader.getSecret(ref), 5_000)]);
    const elapsed = performance.now() - started;
    vi.restoreAllMocks();
    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(SecretReaderError);
      expect((outcome as SecretReaderError).code).toBe('UNREACHABLE');
      expect((outcome as SecretReaderError).message).toContain(endpoint);
    }
    expect(elapsed).toBeLessThan(3_000);
    expect(writes).toEqual([]);
    // The backend answers again: the same reader reads the same key (no hung request to join).
    mode = 'answer';
    expect(await within(reader.getSecret(ref), 5_000)).toBe(VALUE);
  });

  it('each attempt has the deadline: with maxAttempts 2 the call ends after two timed-out attempts', async () => {
    mode = 'silent';
    const before = received;
    const outcome = await within(readerWith({ maxAttempts: 2 }).getSecret(ref), 8_000);
    expect((outcome as SecretReaderError).code).toBe('UNREACHABLE');
    expect(received - before).toBe(2);
  });

  it('warm() against a backend that never answers fails UNREACHABLE in time (it does not hang)', async () => {
    mode = 'silent';
    const outcome = await within(readerWith().warm(ORG), 5_000);
    expect(outcome).toBeInstanceOf(SecretReaderError);
    expect((outcome as SecretReaderError).code).toBe('UNREACHABLE');
  });

  it('headers sent, body never finished: the deadline covers the body too', async () => {
    mode = 'headers-only';
    writes.length = 0;
    watchOutput(writes);
    const outcome = await within(readerWith().getSecret(ref), 5_000);
    vi.restoreAllMocks();
    expect(outcome).toBeInstanceOf(SecretReaderError);
    expect((outcome as SecretReaderError).code).toBe('UNREACHABLE');
    expect(writes).toEqual([]);
  });

  it('an answer larger than any Secrets Manager answer (12 MB) is cut off past 8 MB (BACKEND), not returned', async () => {
    mode = 'oversized';
    const started = performance.now();
    const outcome = await within(readerWith({ requestTimeoutMs: 20_000 }).getSecret(ref), 15_000);
    expect(outcome).toBeInstanceOf(SecretReaderError);
    expect((outcome as SecretReaderError).code).toBe('BACKEND');
    expect((outcome as SecretReaderError).message).not.toContain('aaaa');
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('a normal answer still comes through (the bounds change nothing for a working backend)', async () => {
    mode = 'answer';
    const reader = readerWith();
    expect(await reader.getSecret(ref)).toBe(VALUE);
    expect(await reader.warm(ORG)).toEqual({ loaded: 1, requests: 1 });
  });
});
