/**
 * The preload exposes exactly the contract, nothing else. The BUILT bundle (out/preload/index.cjs,
 * what Electron really loads) runs in a fresh vm context whose `require('electron')` is the fake;
 * any other require fails the test, because a sandboxed preload cannot load anything else.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildBridge } from '../../src/preload/bridge';
import { EVENT_NAMES, channelNames, eventChannel, ipcChannel } from '../../src/shared/contract';
import * as fake from '../fakes/fake-electron';

const repo = path.resolve(__dirname, '../..');
const built = path.join(repo, 'out', 'preload', 'index.cjs');

function newestSource(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
      .map((e) => statSync(path.join(e.parentPath, e.name)).mtimeMs),
  );
}

/** Builds when out/ is missing or older than the preload's sources, so the test never checks a stale bundle. */
function ensureBuilt(): void {
  const sources = Math.max(newestSource(path.join(repo, 'src', 'preload')), newestSource(path.join(repo, 'src', 'shared')));
  let builtAt = 0;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    // not built yet
  }
  if (builtAt < sources) {
    execFileSync(process.execPath, [path.join(repo, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: repo,
      stdio: 'pipe',
    });
  }
}

interface Loaded {
  required: string[];
  exposed: Map<string, unknown>;
}

function loadBuiltPreload(): Loaded {
  const required: string[] = [];
  const module = { exports: {} };
  // The globals a sandboxed preload finds in a renderer (web APIs, no Node).
  const context = vm.createContext({
    TextEncoder,
    TextDecoder,
    URL,
    console,
    module,
    exports: module.exports,
    require: (id: string) => {
      required.push(id);
      if (id === 'electron') return fake;
      throw new Error(`the sandboxed preload may not require ${id}`);
    },
  });
  vm.runInContext(readFileSync(built, 'utf8'), context, { filename: built });
  return { required, exposed: new Map(fake.contextBridge.exposed) };
}

describe('the built preload (out/preload/index.cjs)', () => {
  let loaded: Loaded;
  beforeAll(() => {
    ensureBuilt();
    fake.resetFakeElectron();
    loaded = loadBuiltPreload();
  }, 180_000);
  beforeEach(() => {
    fake.calls.length = 0;
  });

  it('requires nothing but electron', () => {
    expect([...new Set(loaded.required)]).toEqual(['electron']);
  });

  it('exposes exactly one key, foundry', () => {
    expect([...loaded.exposed.keys()]).toEqual(['foundry']);
  });

  it('exposes exactly the contract channels, each a frozen function, on a frozen object', () => {
    const api = loaded.exposed.get('foundry') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...channelNames, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const name of channelNames) {
      expect(typeof api[name]).toBe('function');
      expect(Object.isFrozen(api[name])).toBe(true);
    }
  });

  it('exposes one frozen subscribe function per declared event, which hands over the payload alone and can be undone', () => {
    const on = (loaded.exposed.get('foundry') as { on: Record<string, (listener: unknown) => () => void> }).on;
    expect(Object.keys(on)).toEqual([...EVENT_NAMES]);
    expect(Object.isFrozen(on)).toBe(true);
    for (const name of EVENT_NAMES) {
      expect(Object.isFrozen(on[name])).toBe(true);
      const received: unknown[][] = [];
      const stop = on[name]?.((...args: unknown[]) => received.push(args));
      fake.ipcRenderer.emit(eventChannel(name), { step: 1 });
      // Only the payload: the IPC event object (its sender, ports) never reaches the page.
      expect(received).toEqual([[{ step: 1 }]]);
      expect(Object.isFrozen(stop)).toBe(true);
      stop?.();
      fake.ipcRenderer.emit(eventChannel(name), { step: 2 });
      expect(received).toHaveLength(1);
      expect(() => on[name]?.('not a function')).toThrow('a listener function is required');
    }
    // No other channel can be listened to: there is no generic "on(channel)".
    expect(typeof on).toBe('object');
  });

  it('maps each call to ipcRenderer.invoke("foundry:<name>", input) and nothing else', async () => {
    const api = loaded.exposed.get('foundry') as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const name of channelNames) {
      const input = { probe: name };
      await expect(api[name]?.(input, 'extra-argument')).resolves.toEqual({ ok: true, value: { channel: `foundry:${name}` } });
    }
    expect(fake.calls).toEqual(channelNames.map((name) => ['ipcRenderer.invoke', `foundry:${name}`, { probe: name }]));
  });
});

describe('buildBridge (source)', () => {
  it('builds the same surface from any invoke function', async () => {
    const seen: Array<[string, unknown]> = [];
    const api = buildBridge(
      async (channel, input) => {
        seen.push([channel, input]);
        return { ok: true, value: null };
      },
      () => () => undefined,
    );
    expect(Object.keys(api)).toEqual([...channelNames, 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    await api.listCatalog({});
    expect(seen).toEqual([[ipcChannel('listCatalog'), {}]]);
    expect(() => {
      (api as unknown as Record<string, unknown>)['invoke'] = () => undefined;
    }).toThrow(TypeError);
  });
});
