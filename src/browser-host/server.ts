/**
 * The browser host (test and development only — never packaged): a loopback server that serves
 * the built renderer to an ordinary browser and answers `window.foundry` calls with the SAME
 * main-process router, service and embedded vault the Electron app uses.
 *
 * Access: the URL it prints carries a random token; opening it sets an HttpOnly, SameSite=Strict
 * cookie and redirects to `/`. Every other request needs that cookie, and IPC calls must also come
 * from the host's own origin, so neither another local process nor another web page can call it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { composeMain, type ComposeOptions, type MainServices } from '../main/composition';
import { createRouter } from '../main/ipc/router';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveInside } from '../main/security';
import { CHANNEL_PREFIX } from '../shared/channels';
import { bridgeScript } from './bridge-script';

const LOOPBACK = '127.0.0.1';
const COOKIE = 'foundry_host';
const MAX_BODY_BYTES = 1024 * 1024;

export interface BrowserHostOptions {
  readonly userDataDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The built renderer (electron-vite build). */
  readonly rendererDir?: string;
  readonly port?: number;
  readonly clock?: ComposeOptions['clock'];
  readonly log?: (message: string) => void;
}

export interface BrowserHost {
  /** Open this (it carries the token). */
  readonly url: string;
  readonly origin: string;
  readonly services: MainServices;
  close(): Promise<void>;
}

export const DEFAULT_RENDERER_DIR = path.resolve(import.meta.dirname, '..', '..', 'out', 'renderer');

function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function cookieValue(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}

function readBody(request: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const indexFile = path.join(rendererDir, 'index.html');
  const index = await fs.readFile(indexFile, 'utf8').catch(() => {
    throw new Error(`The renderer is not built (${indexFile} is missing). Run npm run build first.`);
  });
  // The bridge goes first, so window.foundry exists before the app's module runs.
  const page = index.replace('<script type="module"', '<script src="/foundry-bridge.js"></script>\n    <script type="module"');
  const log = options.log ?? ((message: string) => console.error(message));
  const services = await composeMain({ userDataDir: options.userDataDir, env: options.env ?? process.env, ...(options.clock && { clock: options.clock }) });
  const token = randomBytes(24).toString('base64url');
  // Both are known once the server listens (the port is chosen by the OS).
  const bound: { origin: string; router?: ReturnType<typeof createRouter> } = { origin: '' };

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const { origin, router } = bound;
    if (!router) return void response.writeHead(503).end();
    const url = new URL(request.url ?? '/', origin);
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { ...SECURITY_HEADERS, ...headers });
      response.end(body);
    };

    if (request.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (!sameSecret(url.searchParams.get('token') ?? undefined, token)) return send(403, 'Forbidden');
      return send(303, '', { location: '/', 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` });
    }
    if (!sameSecret(cookieValue(request.headers.cookie), token)) return send(403, 'Forbidden: open the URL the host printed.');

    if (url.pathname.startsWith('/ipc/')) {
      // A cross-site page cannot send the cookie (SameSite=Strict); checking Origin as well costs nothing.
      if (request.method !== 'POST' || request.headers.origin !== origin) return send(403, 'Forbidden');
      const body = await readBody(request);
      if (body === null) return send(413, 'Too large');
      let input: unknown;
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        input = undefined; // the router answers VALIDATION, without quoting anything
      }
      const result = await router.dispatch(`${CHANNEL_PREFIX}${url.pathname.slice('/ipc/'.length)}`, { url: `${origin}/`, isMainFrame: true }, input);
      return send(200, JSON.stringify(result), { 'content-type': 'application/json' });
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'Method not allowed');
    // Browsers ask for a favicon on their own; Electron does not. Answer it rather than log a 404.
    if (url.pathname === '/favicon.ico') return send(204, '');
    if (url.pathname === '/foundry-bridge.js') return send(200, bridgeScript(), { 'content-type': 'text/javascript; charset=utf-8' });
    if (url.pathname === '/' || url.pathname === '/index.html') return send(200, page, { 'content-type': 'text/html; charset=utf-8' });
    const file = resolveInside(rendererDir, url.pathname);
    if (!file) return send(404, 'Not found');
    try {
      return send(200, await fs.readFile(file), { 'content-type': contentTypeFor(file) });
    } catch {
      return send(404, 'Not found');
    }
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`[browser-host] request failed: ${error instanceof Error ? error.name : 'error'}`);
      if (!response.headersSent) {
        response.writeHead(500);
        response.end('Internal error');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, resolve);
  });
  const origin = `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;
  // The host's own origin plays the part app://bundle plays in Electron.
  bound.origin = origin;
  bound.router = createRouter(services.handlers, { devServerUrl: origin, log });

  let closed = false;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    services,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await services.close();
    },
  };
}
