import { createHmac, timingSafeEqual } from 'node:crypto';
import { awsErrors } from './errors';

const DIGESTS_KEPT = 64;

/**
 * Opaque, unforgeable NextToken values: a cursor plus the hash of the query it belongs to, signed
 * with a key derived from the vault's data key. A forged, altered or foreign token is
 * InvalidNextTokenException, as AWS answers.
 */
export class PageTokens {
  /**
   * Query digests by query, for the queries paged through lately: a walk reads and issues a token
   * per page, always for the same query, and hashed it twice a page.
   */
  private readonly digests = new Map<string, string>();

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
    let digest = this.digests.get(query);
    if (digest === undefined) {
      digest = createHmac('sha256', this.key).update(`query:${query}`).digest('base64url').slice(0, 16);
      // A handful of queries are paged at a time; any number may come and go (filters are free text).
      if (this.digests.size >= DIGESTS_KEPT) this.digests.delete(this.digests.keys().next().value as string);
      this.digests.set(query, digest);
    }
    return digest;
  }
}
