/**
 * The first call into Intl loads ICU's locale data: 25–75 ms on the window's main thread, measured
 * in Chromium on 2 busy cores. Nothing on the way to the first secret card needs it, so the
 * contract's schemas (built when the window's script is evaluated), the counts and the relative
 * times on the cards are formatted without it — and say exactly what Intl would say in English.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatCount } from '../../src/renderer/src/lib/numbers';
import { formatRelative, relativeTime } from '../../src/renderer/src/lib/time';

/** Spies on every way into Intl's formatting that this code could take. */
function spyOnIntl() {
  return [
    vi.spyOn(Number.prototype, 'toLocaleString'),
    vi.spyOn(Date.prototype, 'toLocaleString'),
    vi.spyOn(Date.prototype, 'toLocaleDateString'),
    vi.spyOn(Intl, 'NumberFormat'),
    vi.spyOn(Intl, 'DateTimeFormat'),
    vi.spyOn(Intl, 'RelativeTimeFormat'),
  ];
}
const calls = (spies: ReturnType<typeof spyOnIntl>): number => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('no Intl on the way to the first card', () => {
  it('building the contract’s schemas formats nothing through Intl', async () => {
    vi.resetModules();
    const spies = spyOnIntl();
    const { contract } = await import('../../src/shared/contract');
    expect(Object.keys(contract).length).toBeGreaterThan(0);
    expect(calls(spies)).toBe(0);
  });

  it('counts and relative times are formatted without Intl', () => {
    const spies = spyOnIntl();
    formatCount(1_234_567);
    relativeTime('2026-01-01T00:00:00Z', Date.parse('2026-03-04T05:06:07Z'));
    expect(calls(spies)).toBe(0);
  });
});

describe('what they say', () => {
  it('a count reads as en-US groups it', () => {
    for (const n of [0, 7, 999, 1000, 65_536, 1_000_000, 123_456_789, -4321, 12.5]) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });

  it('a relative time reads as Intl.RelativeTimeFormat("en", { numeric: "auto" }) says it', () => {
    const intl = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    for (const unit of ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const) {
      for (const value of [-1500, -45, -2, -1, 0, 1, 2, 45, 1500]) expect(formatRelative(value, unit), `${value} ${unit}`).toBe(intl.format(value, unit));
    }
  });

  it('picks the unit as before: just now, minutes, days, weeks', () => {
    const now = Date.parse('2026-03-04T12:00:00Z');
    const ago = (seconds: number) => relativeTime(new Date(now - seconds * 1000).toISOString(), now);
    expect(ago(10)).toBe('just now');
    expect(ago(3 * 60)).toBe('3 minutes ago');
    expect(ago(26 * 3600)).toBe('yesterday');
    expect(ago(3 * 24 * 3600)).toBe('3 days ago');
    expect(ago(8 * 24 * 3600)).toBe('last week');
    expect(ago(-2 * 3600)).toBe('in 2 hours');
  });
});
