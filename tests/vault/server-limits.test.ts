/**
 * The served vault's limits against a local client that holds connections open (slowloris), with
 * raw sockets: headers sent a byte at a time forever, a body never finished, a connection that
 * sends nothing, and more connections than the cap. Limits are shortened so the tests take
 * seconds; the defaults are the same mechanism with longer times (server.ts).
 */
import net from 'node:net';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../../src/main/vault/server';
import type { VaultServer } from '../../src/main/vault/index';
import { HTTP_CREDENTIALS, startVault } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function served(limits: Partial<ServerLimits>): Promise<{ server: VaultServer; client: SecretsManagerClient }> {
  const { vault } = await startVault();
  const server = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS, limits });
  const client = new SecretsManagerClient({ region: vault.region, endpoint: server.endpoint, credentials: HTTP_CREDENTIALS, maxAttempts: 1 });
  cleanups.push(() => server.close(), () => client.destroy());
  return { server, client };
}

interface RawConnection {
  readonly socket: net.Socket;
  /** Resolves when the server closes the connection, with what it sent and how long it was open. */
  readonly closed: Promise<{ received: string; openMs: number }>;
}

function connect(endpoint: string): Promise<RawConnection> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined); // a reset is one way to be cut off
    const closed = new Promise<{ received: string; openMs: number }>((done) => socket.on('close', () => done({ received, openMs: performance.now() - started })));
    cleanups.push(() => void socket.destroy());
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const SHORT: Partial<ServerLimits> = { headersTimeoutMs: 600, requestTimeoutMs: 1_200, keepAliveTimeoutMs: 500, checkIntervalMs: 100 };

describe('slow clients are cut off', () => {
  it('headers sent a byte at a time, forever: closed after the headers timeout', async () => {
    const { server } = await served(SHORT);
    const { socket, closed } = await connect(server.endpoint);
    socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const drip = setInterval(() => socket.writable && socket.write('a'), 50);
    try {
      const { openMs } = await closed;
      expect(openMs).toBeLessThan(600 + 100 + 1_500); // the timeout, a check interval, and room for a loaded machine
    } finally {
      clearInterval(drip);
    }
  }, 10_000);

  it('a connection that sends nothing: closed after the headers timeout', async () => {
    const { server } = await served(SHORT);
    const { closed } = await connect(server.endpoint);
    expect((await closed).openMs).toBeLessThan(600 + 100 + 1_500);
  }, 10_000);

  it('a body that never ends: answered 408 and closed after the request timeout', async () => {
    const { server } = await served(SHORT);
    const { socket, closed } = await connect(server.endpoint);
    socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 1000\r\n\r\n{"Name":');
    const drip = setInterval(() => socket.writable && socket.write(' '), 50);
    try {
      const { received, openMs } = await closed;
      expect(openMs).toBeLessThan(1_200 + 100 + 1_500);
      expect(received === '' || received.startsWith('HTTP/1.1 408')).toBe(true);
    } finally {
      clearInterval(drip);
    }
  }, 10_000);

  it('an ordinary request is not affected by the short limits', async () => {
    const { client } = await served(SHORT);
    expect((await client.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
  });
});

describe('connections beyond the cap', () => {
  it('are closed as they arrive; once the holders go, requests are served again', async () => {
    const { server, client } = await served({ maxConnections: 4, headersTimeoutMs: 20_000, requestTimeoutMs: 30_000 });
    const holders = await Promise.all(Array.from({ length: 4 }, () => connect(server.endpoint)));
    // Held open by the server (well inside its headers timeout)…
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const holder of holders) expect(holder.socket.destroyed).toBe(false);

    // …so one more connection is closed at once, and so is the SDK's.
    const extra = await connect(server.endpoint);
    const { received, openMs } = await extra.closed;
    expect(received).toBe('');
    expect(openMs).toBeLessThan(1_000);
    await expect(client.send(new ListSecretsCommand({}))).rejects.toThrow();

    for (const holder of holders) holder.socket.destroy();
    await until(async () => {
      try {
        await client.send(new ListSecretsCommand({}));
        return true;
      } catch {
        return false;
      }
    }, 'a request to be served once the holders left');
  }, 15_000);

  it('the defaults cap connections and read time', () => {
    expect(DEFAULT_SERVER_LIMITS.maxConnections).toBeGreaterThanOrEqual(40); // the fleet bench's widest setting
    expect(DEFAULT_SERVER_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(DEFAULT_SERVER_LIMITS.requestTimeoutMs);
    expect(DEFAULT_SERVER_LIMITS.checkIntervalMs).toBeLessThanOrEqual(1_000);
  });
});
