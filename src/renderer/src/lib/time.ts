/**
 * Dates as people read them: "3 minutes ago" on the card, the exact moment on hover or focus.
 *
 * The relative form is written out in English (the window's language) instead of
 * Intl.RelativeTimeFormat: the first call into Intl loads ICU's locale data, 25–75 ms on the main
 * thread, and every secret card shows one. It says what `Intl.RelativeTimeFormat('en',
 * { numeric: 'auto' })` says ("yesterday", "last week", "3 days ago", "in 2 hours"); a unit test
 * holds the two equal. The exact forms, shown only on demand, still use Intl and the person's
 * locale, one formatter each, built on first use.
 */

type Unit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

const UNITS: readonly [Unit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** Words for -1, 0 and +1 of a unit, as numeric: 'auto' has them. */
const NAMED: Readonly<Record<Unit, readonly [string, string, string]>> = {
  year: ['last year', 'this year', 'next year'],
  month: ['last month', 'this month', 'next month'],
  week: ['last week', 'this week', 'next week'],
  day: ['yesterday', 'today', 'tomorrow'],
  hour: ['1 hour ago', 'this hour', 'in 1 hour'],
  minute: ['1 minute ago', 'this minute', 'in 1 minute'],
  second: ['1 second ago', 'now', 'in 1 second'],
};

/** `Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(value, unit)`, for an integer value. */
export function formatRelative(value: number, unit: Unit): string {
  if (value >= -1 && value <= 1) return NAMED[unit][value + 1] as string;
  const amount = Math.abs(value);
  const words = `${amount >= 1000 ? amount.toLocaleString('en-US') : String(amount)} ${unit}s`;
  return value < 0 ? `${words} ago` : `in ${words}`;
}

export function relativeTime(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return formatRelative(Math.round(seconds / size), unit);
  }
  return formatRelative(seconds, 'second');
}

let exactFormat: Intl.DateTimeFormat | undefined;
let calendarFormat: Intl.DateTimeFormat | undefined;

export function exactTime(iso: string): string {
  exactFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });
  return exactFormat.format(new Date(iso));
}

export function calendarDate(iso: string): string {
  calendarFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
  return calendarFormat.format(new Date(iso));
}
