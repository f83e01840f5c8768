/**
 * The browser host (test and development only — never packaged): a loopback server that serves
 * the built renderer to an ordinary browser and answers `window.foundry` calls with the SAME
 * main-process router, service and embedded vault the Electron app uses.
 *
 * Access: the URL it prints carries a random token. The page and the bridge script are served only
 * with it; IPC calls must carry it in a header (which only the bridge, running in the page, has),
 * come from the host's own origin and name the host's own Host (no DNS rebinding). The static
 * bundle itself holds nothing secret and is served to anyone who asks the right Host.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { composeMain, type ComposeOptions, type MainServices } from '../main/composition';
import { createRouter } from '../main/ipc/router';
import { createLogger, type Logger } from '../main/log/index';
import { contentTypeFor, RESPONSE_SECURITY_HEADERS, resolveInside } from '../main/security';
import { CHANNEL_PREFIX, EVENT_PREFIX } from '../shared/channels';
import { bridgeScript } from './bridge-script';
import { createConfirmationDesk, type ConfirmationDesk, type PendingConfirmation } from './confirmations';
import { readBodyLimited } from '../main/http-body';

const LOOPBACK = '127.0.0.1';
const TOKEN_HEADER = 'x-foundry-token';
const MAX_BODY_BYTES = 1024 * 1024;
/** Events kept while no page listens (a bound: a host nobody looks at must not grow). */
const MAX_UNHEARD_EVENTS = 2000;

export interface BrowserHostOptions {
  readonly userDataDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The built renderer (electron-vite build). */
  readonly rendererDir?: string;
  readonly port?: number;
  readonly clock?: ComposeOptions['clock'];
  /** Main's logger, shared with the services (default: JSON lines on stderr). */
  readonly logger?: Logger;
  /** The live key check (tests may pass their own; provider URLs are settings either way). */
  readonly checkKey?: ComposeOptions['checkKey'];
  /** Who answers profile-change confirmations; default: the host's desk (`host.confirmations`), which waits for an answer. */
  readonly confirmProfileChange?: ComposeOptions['confirmProfileChange'];
  /** Told of each request that reaches the desk (the preview CLI asks at the terminal). */
  readonly onConfirmationRequest?: (pending: PendingConfirmation) => void;
  /** Test-only: where `aws` profiles' calls go (a served vault, fake STS/IAM); see ComposeOptions. */
  readonly awsEndpoints?: ComposeOptions['awsEndpoints'];
}

export interface BrowserHost {
  /** Open this (it carries the token). */
  readonly url: string;
  readonly origin: string;
  readonly services: MainServices;
  /** Profile changes waiting for the person's word, as main's native box would hold them. */
  readonly confirmations: ConfirmationDesk;
  close(): Promise<void>;
}

/**
 * A browser cannot show the app's save dialog, so audit exports land in `<data>/exports/`
 * (the path is shown to the person, as the dialog's choice would be).
 */
function exportsInto(dir: string): (defaultName: string) => Promise<string> {
  return async (defaultName) => {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    return path.join(dir, path.basename(defaultName));
  };
}

/**
 * Nor its open dialog: "From file…" reads the newest file in `<data>/imports/` (put the file there
 * first). Nothing when the folder is empty or missing, as if the dialog was cancelled.
 */
function newestImport(dir: string): () => Promise<string | null> {
  return async () => {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    let newest: { file: string; mtimeMs: number } | null = null;
    for (const name of names) {
      const file = path.join(dir, name);
      const stat = await fs.stat(file).catch(() => null);
      if (stat?.isFile() && (!newest || stat.mtimeMs > newest.mtimeMs)) newest = { file, mtimeMs: stat.mtimeMs };
    }
    return newest?.file ?? null;
  };
}

/** Where the browser host's "Import .env…" reads from (the newest file). */
export const ENV_IMPORTS_DIR = 'env-imports';

export const DEFAULT_RENDERER_DIR = path.resolve(import.meta.dirname, '..', '..', 'out', 'renderer');

function sameSecret(given: string | string[] | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Lengths in bytes, not characters: timingSafeEqual throws on buffers of different sizes.
  return a.length === b.length && timingSafeEqual(a, b);
}

// no-store rather than no-cache: the page carries the access token in its URL and its bridge.
const SECURITY_HEADERS = { ...RESPONSE_SECURITY_HEADERS, 'cache-control': 'no-store' } as const;

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const indexFile = path.join(rendererDir, 'index.html');
  const index = await fs.readFile(indexFile, 'utf8').catch(() => {
    throw new Error(`The renderer is not built (${indexFile} is missing). Run npm run build first.`);
  });
  // The bridge goes first, so window.foundry exists before the app's module runs. (Its token is added per request.)
  const page = index.replace('<script type="module"', '<script src="/foundry-bridge.js"></script>\n    <script type="module"');
  const logger = options.logger ?? createLogger({ fields: { component: 'browser-host' } });
  // Pages following events (server-sent events): each gets every event, as a window gets webContents.send.
  const streams = new Set<http.ServerResponse>();
  const unheard: string[] = [];
  const confirmations = createConfirmationDesk(options.onConfirmationRequest);
  const services = await composeMain({
    confirmProfileChange: options.confirmProfileChange ?? confirmations.confirm,
    emit: (channel, payload) => {
      const name = channel.slice(EVENT_PREFIX.length);
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      // No page listening yet (its stream is still connecting): kept for the next one, as a window
      // that exists gets every webContents.send. Pages drop events of snapshots and jobs not theirs.
      if (streams.size === 0 && unheard.push(frame) > MAX_UNHEARD_EVENTS) unheard.shift();
      for (const stream of streams) stream.write(frame);
    },
    userDataDir: options.userDataDir,
    env: options.env ?? process.env,
    logger,
    chooseSavePath: exportsInto(path.join(options.userDataDir, 'exports')),
    chooseValueFile: newestImport(path.join(options.userDataDir, 'imports')),
    // "Import .env…" reads its own folder (<data>/env-imports/), so a value file is never parsed as a .env.
    chooseImportFile: newestImport(path.join(options.userDataDir, ENV_IMPORTS_DIR)),
    ...(options.checkKey && { checkKey: options.checkKey }),
    ...(options.clock && { clock: options.clock }),
    ...(options.awsEndpoints && { awsEndpoints: options.awsEndpoints }),
  });
  const token = randomBytes(24).toString('base64url');
  const realRoot = await fs.realpath(rendererDir);
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

    if (request.headers.host !== url.host) return send(403, 'Forbidden');
    const hasToken = sameSecret(url.searchParams.get('token'), token);

    if (url.pathname.startsWith('/ipc/')) {
      if (request.method !== 'POST' || request.headers.origin !== origin || !sameSecret(request.headers[TOKEN_HEADER], token)) return send(403, 'Forbidden');
      const body = await readBodyLimited(request, MAX_BODY_BYTES);
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
    if (url.pathname === '/events') {
      if (!hasToken) return send(403, 'Forbidden');
      response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
      response.write(': connected\n\n');
      for (const frame of unheard.splice(0)) response.write(frame);
      streams.add(response);
      response.on('close', () => streams.delete(response));
      return;
    }
    // Browsers ask for a favicon on their own; Electron does not. Answer it rather than log a 404.
    if (url.pathname === '/favicon.ico') return send(204, '');
    if (url.pathname === '/foundry-bridge.js') {
      return hasToken ? send(200, bridgeScript(token), { 'content-type': 'text/javascript; charset=utf-8' }) : send(403, 'Forbidden');
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!hasToken) return send(403, 'Forbidden: open the URL the host printed (it carries the access token).');
      return send(200, page.replace('/foundry-bridge.js', `/foundry-bridge.js?token=${token}`), { 'content-type': 'text/html; charset=utf-8' });
    }
    const file = resolveInside(rendererDir, url.pathname);
    if (!file) return send(404, 'Not found');
    try {
      // A symlink inside the bundle must not lead out of it.
      if (!(await fs.realpath(file)).startsWith(realRoot + path.sep)) return send(404, 'Not found');
      return send(200, await fs.readFile(file), { 'content-type': contentTypeFor(file) });
    } catch {
      return send(404, 'Not found');
    }
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('browser-host request failed', { error });
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
  bound.router = createRouter(services.handlers, { devServerUrl: origin, log: (message) => logger.error(message, { component: 'ipc' }) });

  let closed = false;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    services,
    confirmations,
    async close() {
      if (closed) return;
      closed = true;
      confirmations.declineAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await services.close();
    },
  };
}
