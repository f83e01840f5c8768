import type http from 'node:http';

/**
 * A request body up to `maxBytes`, or null when it is larger (the rest is drained, not kept), so a
 * local server never buffers more than it is willing to parse.
 */
export function readBodyLimited(request: http.IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
