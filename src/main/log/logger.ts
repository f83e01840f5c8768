/**
 * The main process's one logger: levels, one JSON object per line, written to a sink (stderr by
 * default; tests and the browser host pass their own). Every field goes through `redact`, so a
 * `SecretValue`, a secret-named field or an SDK command cannot reach a log line; the message is
 * clipped and, like every field, built by the app (never a raw error text).
 *
 * Logging never throws: a sink that fails is ignored rather than failing the operation it reports.
 */
import { MAX_STRING, redact, type JsonValue } from './redact';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Readonly<Record<string, unknown>>;
/** Receives one complete JSON line (without the newline). */
export type LogSink = (line: string) => void;

export interface Logger {
  readonly level: LogLevel;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. `{ component: 'audit' }`) to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lines below this level are dropped. Default `info`. */
  readonly level?: LogLevel;
  readonly sink?: LogSink;
  readonly clock?: () => Date;
  readonly fields?: LogFields;
}

/** Keys every line has; a field of the same name cannot overwrite them. */
const RESERVED = new Set(['time', 'level', 'msg']);

export const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

/** `FOUNDRY_LOG_LEVEL=debug` and friends; anything else is the default. */
export function parseLogLevel(text: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  const wanted = text?.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(wanted ?? '') ? (wanted as LogLevel) : fallback;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const sink = options.sink ?? stderrSink;
  const clock = options.clock ?? (() => new Date());
  const threshold = LOG_LEVELS.indexOf(level);

  function build(base: LogFields): Logger {
    const emit = (at: LogLevel, message: string, fields?: LogFields): void => {
      if (LOG_LEVELS.indexOf(at) < threshold) return;
      try {
        const line: Record<string, JsonValue> = { time: clock().toISOString(), level: at, msg: String(redact(String(message))).slice(0, MAX_STRING) };
        const extra = redact({ ...base, ...fields });
        if (extra && typeof extra === 'object' && !Array.isArray(extra)) {
          for (const [key, value] of Object.entries(extra)) if (!RESERVED.has(key)) line[key] = value;
        }
        sink(JSON.stringify(line));
      } catch {
        // A log line is never worth failing the operation it describes.
      }
    };
    return {
      level,
      debug: (message, fields) => emit('debug', message, fields),
      info: (message, fields) => emit('info', message, fields),
      warn: (message, fields) => emit('warn', message, fields),
      error: (message, fields) => emit('error', message, fields),
      child: (fields) => build({ ...base, ...fields }),
    };
  }
  return build(options.fields ?? {});
}

/** A logger that writes nothing (the default where no logger is injected). */
export const silentLogger: Logger = createLogger({ sink: () => undefined, level: 'error' });
