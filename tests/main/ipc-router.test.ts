import { beforeEach, describe, expect, it } from 'vitest';
import { channelNames, ipcChannel, type ChannelName } from '../../src/shared/contract';
import { AppError } from '../../src/shared/errors';
import { SecretValue } from '../../src/shared/secret-value';
import { createRouter, type CallContext, type ChannelHandlers } from '../../src/main/ipc/router';
import { registerIpc } from '../../src/main/ipc/electron-adapter';
import * as fake from '../fakes/fake-electron';

const APP = { url: 'app://bundle/index.html', isMainFrame: true };
// Unique text that must never come back in an answer or a log line.
const CANARY = 'CANARY-sk-7f3a9c1e5b2d4068aa11';

type Call = { channel: ChannelName; input: unknown; ctx: CallContext };

/** Handlers that record each call; per-test overrides decide what they answer. */
function recordingHandlers(overrides: Partial<Record<ChannelName, (input: unknown) => Promise<unknown>>> = {}) {
  const calls: Call[] = [];
  const handlers = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      async (input: unknown, ctx: CallContext) => {
        calls.push({ channel, input, ctx });
        const answer = overrides[channel];
        if (!answer) throw new AppError('NOT_FOUND', `No test answer for ${channel}.`);
        return answer(input);
      },
    ]),
  ) as unknown as ChannelHandlers;
  return { handlers, calls };
}

const ref = { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key' };
const validWrite = { ...ref, value: `sk-${CANARY}` };

let logs: string[];
beforeEach(() => {
  logs = [];
});
const router = (handlers: ChannelHandlers) => createRouter(handlers, { log: (m) => logs.push(m) });

describe('createRouter: order of checks', () => {
  it.each(['foundry:nope', 'foundry:constructor', 'foundry:__proto__', 'foundry:toString', 'listCatalog', 'vscode:listCatalog', ''])(
    'refuses the unknown channel %j before anything else',
    async (channel) => {
      const { handlers, calls } = recordingHandlers();
      const result = await router(handlers).dispatch(channel, APP, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(calls).toEqual([]);
    },
  );

  it.each([
    { url: 'https://evil.example/', isMainFrame: true },
    { url: 'app://bundle.evil/index.html', isMainFrame: true },
    { url: 'app://bundle/index.html', isMainFrame: false },
    { url: '', isMainFrame: true },
    { url: 'file:///index.html', isMainFrame: true },
  ])('refuses the untrusted sender %o before the handler runs (even with valid input)', async (sender) => {
    const { handlers, calls } = recordingHandlers({ writeSecret: () => Promise.reject(new Error('must not run')) });
    const result = await router(handlers).dispatch(ipcChannel('writeSecret'), sender, validWrite);
    expect(result).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    expect(calls).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('trusts the dev server page only when it is configured', async () => {
    const dev = { url: 'http://localhost:5173/', isMainFrame: true };
    const { handlers } = recordingHandlers({ listCatalog: async () => ({ categories: [] }) });
    expect((await router(handlers).dispatch(ipcChannel('listCatalog'), dev, {})).ok).toBe(false);
    const devRouter = createRouter(handlers, { devServerUrl: 'http://localhost:5173' });
    expect(await devRouter.dispatch(ipcChannel('listCatalog'), dev, {})).toEqual({ ok: true, value: { categories: [] } });
  });

  it('passes the parsed input and the call context to the handler', async () => {
    const { handlers, calls } = recordingHandlers();
    await router(handlers).dispatch(ipcChannel('writeSecret'), APP, validWrite);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.ctx).toEqual({ channel: 'writeSecret', class: 'write' });
    // The value arrives as an unprintable SecretValue (the schema's output), revealed only on purpose.
    expect(calls[0]?.input).toMatchObject({ ...validWrite, value: expect.any(SecretValue) });
    expect((calls[0]?.input as { value: SecretValue }).value.reveal()).toBe(validWrite.value);
    await router(handlers).dispatch(ipcChannel('listCatalog'), APP, {});
    expect(calls[1]?.ctx).toEqual({ channel: 'listCatalog', class: 'status' });
  });

  it('answers { ok: true, value } with what the output schema accepts', async () => {
    const { handlers } = recordingHandlers({ listCatalog: async () => ({ categories: [] }) });
    expect(await router(handlers).dispatch(ipcChannel('listCatalog'), APP, {})).toEqual({ ok: true, value: { categories: [] } });
  });
});

describe('createRouter: input validation never echoes the input', () => {
  const huge = `${CANARY}${'x'.repeat(70_000)}`;
  it.each<[string, ChannelName, unknown, string]>([
    ['an unknown field whose name and value are the canary', 'writeSecret', { ...validWrite, [CANARY]: CANARY }, '(input)'],
    ['a value over the size limit', 'writeSecret', { ...ref, value: huge }, 'value'],
    ['a value of the wrong type', 'writeSecret', { ...ref, value: [CANARY] }, 'value'],
    ['a description over the limit', 'writeSecret', { ...validWrite, description: huge }, 'description'],
    ['an org id that tries to leave its prefix', 'writeSecret', { ...validWrite, orgId: `../${CANARY}` }, 'orgId'],
    ['a secret name in upper case', 'getSecretStatus', { ...ref, secretName: CANARY }, 'secretName'],
    ['a bare string instead of an object', 'writeSecret', CANARY, '(input)'],
    ['a remove mode with the canary as kind', 'removeSecret', { ...ref, mode: { kind: CANARY } }, 'mode'],
  ])('%s → VALIDATION naming %s', async (_label, channel, input, path) => {
    const { handlers, calls } = recordingHandlers();
    const result = await router(handlers).dispatch(ipcChannel(channel), APP, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.message).toContain(path);
    expect(JSON.stringify(result)).not.toContain('CANARY');
    expect(JSON.stringify(result)).not.toContain('xxxxxxxx');
    expect(calls).toEqual([]);
  });

  it("states each broken rule with the schema's own message, by field path", async () => {
    const { handlers } = recordingHandlers();
    const result = await router(handlers).dispatch(ipcChannel('removeSecret'), APP, { ...ref, value: 42, mode: { kind: 'recoverable', recoveryWindowDays: 3 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (result.ok) return;
    expect(result.error.message).toContain('mode.recoveryWindowDays: must be at least 7 days');
    expect(result.error.message).toContain('(input): has 1 unknown field(s)');
  });

  it('falls back to a schema-derived rule when the message would quote the input', async () => {
    const { handlers } = recordingHandlers();
    // "days" is both the renderer's text and part of the schema's message: the message is not shown.
    const result = await router(handlers).dispatch(ipcChannel('removeSecret'), APP, { ...ref, secretName: 'days', mode: { kind: 'recoverable', recoveryWindowDays: 3 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('mode.recoveryWindowDays: must be at least 7') } });
    if (result.ok) return;
    expect(result.error.message).not.toContain('days');
  });
});

describe('createRouter: handler failures and answers', () => {
  it('maps a thrown AppError to its wire form', async () => {
    const { handlers } = recordingHandlers({
      getSecretStatus: () => Promise.reject(new AppError('SCHEDULED_FOR_DELETION', 'Secret x is scheduled for deletion.', { deletionDate: '2030-01-01' })),
    });
    expect(await router(handlers).dispatch(ipcChannel('getSecretStatus'), APP, ref)).toEqual({
      ok: false,
      error: { code: 'SCHEDULED_FOR_DELETION', message: 'Secret x is scheduled for deletion.', details: { deletionDate: '2030-01-01' } },
    });
  });

  it('holds an error answer to its schema like any other answer (too long, nested details: a fixed INTERNAL)', async () => {
    const long = new AppError('NOT_FOUND', `Secret ${'x'.repeat(9000)} was not found.`);
    const nested = new AppError('NOT_FOUND', 'Not found.', { nested: { a: [1, 2] } } as unknown as Record<string, string>);
    for (const error of [long, nested]) {
      logs = [];
      const { handlers } = recordingHandlers({ getSecretStatus: () => Promise.reject(error) });
      const result = await router(handlers).dispatch(ipcChannel('getSecretStatus'), APP, ref);
      expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      if (result.ok) throw new Error('unreachable');
      expect(result.error.message.length).toBeLessThan(300);
      expect(result.error).not.toHaveProperty('details');
      expect(logs).toHaveLength(1);
      expect(logs[0]).toContain('getSecretStatus');
      expect(logs[0]).not.toContain('xxxx');
    }
  });

  it('turns any other error into INTERNAL without its text, in the answer and in the log', async () => {
    const { handlers } = recordingHandlers({ writeSecret: () => Promise.reject(new Error(`boom while writing ${CANARY}`)) });
    const result = await router(handlers).dispatch(ipcChannel('writeSecret'), APP, validWrite);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(logs.join('\n')).not.toContain(CANARY);
    expect(logs).toHaveLength(1);
  });

  it('withholds an answer with an unexpected field (INTERNAL, logged without the data)', async () => {
    const { handlers } = recordingHandlers({ listCatalog: async () => ({ categories: [], leaked: CANARY }) });
    const result = await router(handlers).dispatch(ipcChannel('listCatalog'), APP, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('listCatalog');
    expect(logs[0]).not.toContain(CANARY);
  });

  it('withholds an answer of the wrong shape', async () => {
    const { handlers } = recordingHandlers({ listCatalog: async () => CANARY });
    const result = await router(handlers).dispatch(ipcChannel('listCatalog'), APP, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result) + logs.join('\n')).not.toContain(CANARY);
  });
});

describe('registerIpc with a fake ipcMain', () => {
  beforeEach(() => fake.resetFakeElectron());

  const frame = (url: string, parent: unknown = null) => ({ url, parent });
  const invoke = (channel: string, event: unknown, input: unknown) => {
    const handler = fake.ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, input);
  };

  it('registers exactly the contract channels, and removes them again', () => {
    const unregister = registerIpc(fake.ipcMain as never, router(recordingHandlers().handlers));
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(channelNames.map((n) => `foundry:${n}`).sort());
    unregister();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('dispatches with the sender frame of the event', async () => {
    const { handlers, calls } = recordingHandlers({ listCatalog: async () => ({ categories: [] }) });
    registerIpc(fake.ipcMain as never, router(handlers));
    const top = frame('app://bundle/index.html');
    expect(await invoke('foundry:listCatalog', { senderFrame: top, sender: { mainFrame: top } }, {})).toEqual({
      ok: true,
      value: { categories: [] },
    });
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['a sub-frame of the app', { senderFrame: frame('app://bundle/index.html', frame('app://bundle/index.html')) }],
    ['a destroyed frame (senderFrame null)', { senderFrame: null }],
    ['a foreign page', { senderFrame: frame('https://evil.example/') }],
    [
      'a disposed frame that throws',
      {
        senderFrame: {
          get url(): string {
            throw new Error('Render frame was disposed');
          },
          parent: null,
        },
      },
    ],
  ])('refuses %s before the handler runs', async (_label, event) => {
    const { handlers, calls } = recordingHandlers({ listCatalog: async () => ({ categories: [] }) });
    registerIpc(fake.ipcMain as never, router(handlers));
    expect(await invoke('foundry:listCatalog', event, {})).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    expect(calls).toEqual([]);
  });
});
