import { createHmac, timingSafeEqual } from 'node:crypto';
import { awsErrors } from './errors';

/**
 * Opaque, unforgeable NextToken values: a cursor plus the hash of the query it belongs to, signed
 * with a key derived from the vault's data key. A forged, altered or foreign token is
 * InvalidNextTokenException, as AWS answers.
 */
export class PageTokens {
  constructor(private readonly key: Buffer) {}

  issue(query: string, cursor: unknown): string {
    const body = Buffer.from(JSON.stringify({ q: this.digest(query), c: cursor }), 'utf8').toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  read(query: string, token: string): unknown {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) throw awsErrors.invalidNextToken();
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw awsErrors.invalidNextToken();
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { q: string; c: unknown };
    if (parsed.q !== this.digest(query)) throw awsErrors.invalidNextToken();
    return parsed.c;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private digest(query: string): string {
    return createHmac('sha256', this.key).update(`query:${query}`).digest('base64url').slice(0, 16);
  }
}
