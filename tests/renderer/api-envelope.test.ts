/**
 * The window checks the envelope of each answer by hand (api.ts): main has already parsed the value
 * with the channel's schema, strictly, so only `{ ok, value }` or a known error is taken here.
 */
import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../src/renderer/src/api';

describe('readEnvelope', () => {
  it('takes an answer and its value as main sent it', () => {
    const value = { orgs: [{ orgId: 'acme' }] };
    expect(readEnvelope({ ok: true, value })).toEqual({ ok: true, value });
    expect(readEnvelope({ ok: true, value: null })).toEqual({ ok: true, value: null });
  });

  it('takes a failure with a known code, keeping flat details only', () => {
    expect(readEnvelope({ ok: false, error: { code: 'NOT_FOUND', message: 'No such secret.' } })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such secret.' },
    });
    expect(readEnvelope({ ok: false, error: { code: 'UNREACHABLE', message: 'Down.', details: { transport: true, endpoint: 'http://x', tries: 3 } } })).toEqual({
      ok: false,
      error: { code: 'UNREACHABLE', message: 'Down.', details: { transport: true, endpoint: 'http://x', tries: 3 } },
    });
    expect(readEnvelope({ ok: false, error: { code: 'INTERNAL', message: 'x', details: { nested: { a: 1 } } } })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'x' },
    });
  });

  it('refuses anything else', () => {
    for (const raw of [
      undefined,
      null,
      'ok',
      [],
      { ok: true },
      { ok: 'true', value: 1 },
      { ok: false },
      { ok: false, error: { code: 'NOPE', message: 'x' } },
      { ok: false, error: { code: 'NOT_FOUND' } },
      { ok: false, error: { code: 'NOT_FOUND', message: 42 } },
      { ok: false, error: 'NOT_FOUND' },
    ]) {
      expect(readEnvelope(raw), JSON.stringify(raw) ?? 'undefined').toBeNull();
    }
  });
});
