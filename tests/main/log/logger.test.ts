import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, parseLogLevel, stderrSink, type LogLevel } from '../../../src/main/log/index';
import { AppError } from '../../../src/shared/errors';
import { contract } from '../../../src/shared/contract';
import { SecretValue } from '../../../src/shared/secret-value';

const CANARY = 'sk-LOGCANARY-4b1d9e';
const NOW = new Date('2026-11-24T10:00:00.000Z');

function capture(level: LogLevel = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({ level, sink: (line) => lines.push(line), clock: () => NOW });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, parsed };
}

describe('the logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one JSON object per line with time, level, message and fields', () => {
    const { logger, lines, parsed } = capture();
    logger.info('profile selected', { profileId: 'ls', count: 2, ok: true });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(parsed()[0]).toEqual({ time: NOW.toISOString(), level: 'info', msg: 'profile selected', profileId: 'ls', count: 2, ok: true });
  });

  it('drops lines below its level', () => {
    const { logger, parsed } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(parsed().map((l) => l['level'])).toEqual(['warn', 'error']);
    expect(logger.level).toBe('warn');
  });

  it('adds a child logger\'s fields to every line; fields cannot overwrite time, level or msg', () => {
    const { logger, parsed } = capture();
    const child = logger.child({ component: 'audit' }).child({ profileId: 'p' });
    child.warn('x', { level: 'debug', msg: 'forged', time: 'then' });
    expect(parsed()[0]).toEqual({ time: NOW.toISOString(), level: 'warn', msg: 'x', component: 'audit', profileId: 'p' });
  });

  it('never throws, even when its sink does', () => {
    const logger = createLogger({ sink: () => {
      throw new Error('disk full');
    } });
    expect(() => logger.error('still fine')).not.toThrow();
  });

  it('writes to stderr by default, one line each', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    stderrSink('{"a":1}');
    expect(write).toHaveBeenCalledWith('{"a":1}\n');
  });

  it('reads its level from text, with a fallback', () => {
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel(' warn ')).toBe('warn');
    expect(parseLogLevel('verbose')).toBe('info');
    expect(parseLogLevel(undefined, 'error')).toBe('error');
  });
});

describe('redaction: a value passed to a write cannot be logged', () => {
  it('prints a SecretValue as [redacted], in fields, nested, in arrays and in the message', () => {
    const { logger, lines } = capture();
    const value = new SecretValue(CANARY);
    logger.info(`writing ${value}`, { value, nested: { deep: [value, { v: value }] }, other: value });
    logger.info('input', { input: contract.writeSecret.input.parse({ orgId: 'acme', secretName: 'openai_api_key', value: CANARY }) });
    expect(lines.join('\n')).not.toContain('LOGCANARY');
    expect(lines.join('\n')).toContain('[redacted]');
  });

  it('redacts secret-named fields whatever their type', () => {
    const { logger, parsed } = capture();
    logger.info('x', { SecretString: CANARY, password: CANARY, secret_access_key: CANARY, 'x-api-key': CANARY, token: { a: CANARY }, secretId: 'agentfoundry/dev/a/shared/b' });
    const line = parsed()[0];
    expect(JSON.stringify(line)).not.toContain('LOGCANARY');
    expect(line).toMatchObject({ SecretString: '[redacted]', password: '[redacted]', secret_access_key: '[redacted]', 'x-api-key': '[redacted]', token: '[redacted]', secretId: 'agentfoundry/dev/a/shared/b' });
  });

  it('never walks class instances such as an SDK command carrying the value', () => {
    const { logger, parsed } = capture();
    const command = new PutSecretValueCommand({ SecretId: 'x', SecretString: CANARY });
    logger.info('sending', { command, map: new Map([['k', CANARY]]) });
    expect(JSON.stringify(parsed())).not.toContain('LOGCANARY');
    expect(parsed()[0]).toMatchObject({ command: '[PutSecretValueCommand]', map: '[Map]' });
  });

  it('keeps an AppError\'s code and message, but only the name and system code of any other error', () => {
    const { logger, parsed } = capture();
    const system = Object.assign(new Error(`EISDIR: illegal operation ${CANARY}`), { code: 'EISDIR', syscall: 'open' });
    logger.error('failed', { app: new AppError('NOT_FOUND', 'agentfoundry/dev/a/shared/b does not exist.'), other: new TypeError(`bad ${CANARY}`), system });
    expect(JSON.stringify(parsed())).not.toContain('LOGCANARY');
    expect(parsed()[0]).toMatchObject({
      app: { name: 'AppError', code: 'NOT_FOUND', message: 'agentfoundry/dev/a/shared/b does not exist.' },
      other: { name: 'TypeError' },
      system: { name: 'Error', code: 'EISDIR', syscall: 'open' },
    });
  });

  it('writes no binary data, not even its length', () => {
    const { logger, lines } = capture();
    logger.info('x', { payload: Buffer.from(CANARY), bytes: new TextEncoder().encode(CANARY) });
    expect(lines[0]).not.toContain('LOGCANARY');
    expect(lines[0]).not.toContain(String(CANARY.length));
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ payload: '[binary redacted]', bytes: '[binary redacted]' });
  });

  it('survives cycles, depth and size', () => {
    const { logger, parsed } = capture();
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic['self'] = cyclic;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10; i++) deep = { deep };
    logger.info('x'.repeat(5000), { cyclic, deep, long: 'y'.repeat(5000), many: Array.from({ length: 60 }, (_, i) => i), when: NOW, big: 10n, fn: () => 1 });
    const line = parsed()[0] ?? {};
    expect(line['cyclic']).toEqual({ name: 'a', self: '[cycle]' });
    expect(JSON.stringify(line['deep'])).toContain('[depth]');
    expect(String(line['msg']).length).toBeLessThanOrEqual(2000);
    expect(String(line['long']).length).toBeLessThan(2100);
    expect((line['many'] as unknown[]).at(-1)).toBe('[10 more]');
    expect(line).toMatchObject({ when: NOW.toISOString(), big: '10', fn: '[function]' });
  });
});
