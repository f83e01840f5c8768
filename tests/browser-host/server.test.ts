import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src/browser-host/server';
import { silentLogger } from '../../src/main/log/index';
import { CHANNEL_NAMES } from '../../src/shared/channels';

const REPO = path.join(import.meta.dirname, '..', '..');

describe('browser host (loopback server for the UI in a browser; never packaged)', () => {
  let host: BrowserHost;
  let userDataDir: string;
  let token: string;

  beforeAll(async () => {
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'foundry-host-'));
    host = await startBrowserHost({ userDataDir, env: { FOUNDRY_VAULT_KEY: 'host-test-key-0123456789' }, logger: silentLogger });
    token = new URL(host.url).searchParams.get('token') ?? '';
  });
  afterAll(async () => {
    await host.close();
    await rm(userDataDir, { recursive: true, force: true });
  });

  const ipc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${host.origin}/ipc/${channel}`, {
      method: 'POST',
      headers: { origin: host.origin, 'content-type': 'application/json', 'x-foundry-token': token, ...headers },
      body: JSON.stringify(body),
    });

  it('listens on 127.0.0.1 and hands out the page only with the token', async () => {
    expect(new URL(host.origin).hostname).toBe('127.0.0.1');
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect((await fetch(host.url)).status).toBe(200);
    for (const probe of ['/', '/index.html', '/?token=wrong', '/foundry-bridge.js', '/foundry-bridge.js?token=wrong']) {
      expect((await fetch(`${host.origin}${probe}`)).status, probe).toBe(403);
    }
  });

  it('answers a token of another byte length with 403, not a crash', async () => {
    expect((await fetch(`${host.origin}/?token=${encodeURIComponent('é'.repeat(token.length))}`)).status).toBe(403);
    expect((await ipc('listCatalog', {}, { 'x-foundry-token': 'x' })).status).toBe(403);
  });

  it('refuses IPC without the token header, from another origin, or under another Host name', async () => {
    expect((await ipc('listCatalog', {}, { 'x-foundry-token': '' })).status).toBe(403);
    expect((await ipc('listCatalog', {}, { origin: 'http://evil.example' })).status).toBe(403);
    const rebound = await new Promise<number>((resolve, reject) => {
      // fetch() will not send a forged Host header; a raw request can (as a DNS-rebinding page would).
      const request = http.request(`${host.origin}/ipc/listCatalog`, { method: 'POST', headers: { host: 'evil.example', origin: host.origin, 'x-foundry-token': token } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end('{}');
    });
    expect(rebound).toBe(403);
  });

  it('serves the built renderer with the bridge (and its token) first, and the CSP as a header', async () => {
    const page = await fetch(host.url);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain(`/foundry-bridge.js?token=${token}`);
    expect(html.indexOf('/foundry-bridge.js')).toBeLessThan(html.indexOf('type="module"'));
    const bridge = await (await fetch(`${host.origin}/foundry-bridge.js?token=${token}`)).text();
    for (const name of CHANNEL_NAMES) expect(bridge).toContain(`"${name}"`);
  });

  it('does not serve files outside the renderer', async () => {
    for (const probe of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json']) {
      expect((await fetch(`${host.origin}${probe}`)).status).toBe(404);
    }
  });

  it('answers channels through the real router, service and vault', async () => {
    const ref = { orgId: 'acme', secretName: 'openai_api_key' };
    const written = (await (await ipc('writeSecret', { ...ref, value: 'sk-host-test' })).json()) as { ok: boolean; value: { created: boolean } };
    expect(written).toMatchObject({ ok: true, value: { created: true } });
    expect(await (await ipc('getSecretStatus', ref)).json()).toMatchObject({ ok: true, value: { state: 'configured' } });
    expect(await (await ipc('nope', {})).json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const broken = await fetch(`${host.origin}/ipc/listCatalog`, { method: 'POST', headers: { origin: host.origin, 'x-foundry-token': token }, body: '{oops' });
    expect(await broken.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('keeps the events sent while no page listens, and delivers them when a page connects (a fast fleet listing is not lost)', async () => {
    const answer = (await (await ipc('loadFleet', { refresh: true })).json()) as { ok: boolean; value: { snapshotId: string } };
    expect(answer.ok).toBe(true);
    // The listing completes in main before anyone follows its events.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const text = await new Promise<string>((resolve, reject) => {
      const request = http.get(`${host.origin}/events?token=${encodeURIComponent(token)}`, { headers: { host: new URL(host.origin).host } }, (response) => {
        let received = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          received += chunk;
          if (received.includes('"state":"complete"')) {
            request.destroy();
            resolve(received);
          }
        });
      });
      request.on('error', reject);
      setTimeout(() => {
        request.destroy();
        resolve('');
      }, 3000);
    });
    expect(text).toContain('event: fleetProgress');
    expect(text).toContain(answer.value.snapshotId);
  });
});

describe('npm run preview:browser', () => {
  it('prints the URL as its first stdout line and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src', 'browser-host', 'cli.ts')], { env: { ...process.env }, cwd: REPO });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      child.on('close', () => reject(new Error(`exited early: ${stderr}`)));
    });
    expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
    expect((await fetch(line)).status).toBe(200);
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(stderr).toContain('temporary');
  });
});
