/**
 * Reads electron-builder's output after a failed run and says, in plain words, whether it failed
 * because something could not be downloaded — the Electron binary itself, or a packaging tool
 * (fpm, appimagetool, NSIS) that electron-builder fetches from GitHub on first use — and what to
 * do about it. Pure: scripts/dist.ts feeds it the text, tests/build/dist.test.ts feeds it samples.
 */

/** Node's and got's names for "the network did not answer". */
const NETWORK_ERROR =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|EPROTO|CERT_HAS_EXPIRED|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|socket hang up|Timeout awaiting '\w+')\b|RequestError|HTTPError: Response code \d+/;

/** electron-builder's fatal line: `  ⨯ <message>  failedTask=… stackTrace=…`. */
const FATAL_LINE = /^\s*⨯\s+(.*?)(?:\s{2,}failedTask=.*)?$/m;

/** electron-builder's "packaging platform=linux arch=x64 electron=45.4.1 …" line. */
const PACKAGING_LINE = /•\s+packaging\s+platform=(\S+)\s+arch=(\S+)\s+electron=(\S+)/;

/** A URL electron-builder logged before the failure (tools are logged with theirs). */
const URL_IN_OUTPUT = /https?:\/\/[^\s'"]+/g;

export type DistFailure =
  | {
      readonly kind: 'download';
      /** The network error as electron-builder reported it, e.g. "getaddrinfo ENOTFOUND github.com". */
      readonly reason: string;
      /** What could not be fetched: the Electron zip's name, or a tool's URL. */
      readonly what: string;
    }
  | { readonly kind: 'other'; readonly reason: string };

function lastMatch(text: string, pattern: RegExp): string | undefined {
  return [...text.matchAll(pattern)].at(-1)?.[0];
}

/** Terminal colour codes (electron-builder colours its output on a terminal). */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Classifies a failed electron-builder run from everything it printed. */
export function classifyDistFailure(printed: string): DistFailure {
  const output = printed.replace(ANSI, '');
  // Without its usual logger (e.g. under a test runner) it prints the error as `message {fields}`.
  const fatal = FATAL_LINE.exec(output)?.[1]?.trim() ?? output.split('\n').find((line) => NETWORK_ERROR.test(line))?.replace(/\s*\{\s*$/, '').trim();
  const reason = fatal || output.trim().split('\n').at(-1)?.trim() || 'electron-builder printed no error';
  if (!NETWORK_ERROR.test(fatal ?? output)) return { kind: 'other', reason };
  // Before any target is built, the only download is Electron itself; after, a tool's URL is logged.
  const beforeFatal = fatal ? output.slice(0, output.indexOf(fatal)) : output;
  const toolUrl = /building\s+target=/.test(beforeFatal) ? lastMatch(beforeFatal, URL_IN_OUTPUT) : undefined;
  const packaging = PACKAGING_LINE.exec(beforeFatal);
  const what = toolUrl
    ? toolUrl
    : packaging
      ? `electron-v${packaging[3]}-${packaging[1]}-${packaging[2]}.zip (the Electron ${packaging[3]} binary)`
      : 'the Electron binary';
  return { kind: 'download', reason, what };
}

/** The few lines `npm run dist` prints after a failure (electron-builder's own output is above them). */
export function explainDistFailure(failure: DistFailure, exitCode: number): string {
  if (failure.kind === 'other') {
    return `npm run dist: electron-builder failed (exit ${exitCode}): ${failure.reason}\nIts output above says where.`;
  }
  return [
    `npm run dist: packaging stopped because a download failed: ${failure.reason}`,
    `  It could not fetch ${failure.what}.`,
    '  electron-builder downloads the Electron binary — and, per target, fpm, appimagetool and NSIS — from GitHub the first',
    '  time it packages, and this machine could not reach it. Nothing was packaged.',
    'What to do:',
    '  - run npm run dist on a machine that reaches github.com (downloads are cached in ~/.cache/electron and ~/.cache/electron-builder);',
    '  - or set ELECTRON_MIRROR to an Electron mirror you trust and run it again;',
    '  - the app itself still builds (npm run build) and its tests run without the Electron binary (npm test).',
  ].join('\n');
}
