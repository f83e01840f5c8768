export { createLogger, parseLogLevel, silentLogger, stderrSink, LOG_LEVELS, type LogFields, type Logger, type LoggerOptions, type LogLevel, type LogSink } from './logger';
export { isSensitiveKey, redact, type JsonValue } from './redact';
