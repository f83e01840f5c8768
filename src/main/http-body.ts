import type http from 'node:http';

/**
 * A request body up to `maxBytes`, or null when it is larger (the rest is drained, not kept), so a
 * local server never buffers more than it is willing to parse. Rejects when the connection closes
 * before the body ends (a client that gave up, or a server timeout cutting a slow one off), so a
 * handler waiting on it is never left pending.
 */
export function readBodyLimited(request: http.IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      ended = true;
      resolve(size > maxBytes ? null : Buffer.concat(chunks));
    });
    request.on('error', reject);
    request.on('close', () => {
      if (!ended) reject(new Error('The connection closed before the request body ended.'));
    });
  });
}
