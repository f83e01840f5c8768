/**
 * A tiny stand-in for a LocalStack server (none can run here): it answers `/_localstack/health`
 * with a configurable body, `/_localstack/info` (edition, version, `is_license_activated`), STS
 * GetCallerIdentity (`POST /`, form-encoded, as LocalStack serves every service on one port),
 * and Secrets Manager's ListSecrets (`POST /`, AWS JSON 1.1) with a canned list (empty, or `listedNames`) and
 * DescribeSecret with ResourceNotFoundException. Anything else gets a 400
 * `UnknownOperationException`. It records every request's path and `X-Amz-Target`, so tests can
 * see what reached the "server".
 *
 * The states diagnostics tell apart, as real LocalStack shows them (sources in
 * src/main/diagnostics/localstack-info.ts): healthy (the default); a missing or invalid auth token
 * with the container still running (`licenseActivated: false` on a non-community edition); Secrets
 * Manager not running (`services: { secretsmanager: 'stopped' }`); down (`healthStatus: 503`); a
 * container that quit (no token on a 2026 image) is a closed port: `closedEndpoint()`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLocalStackOptions {
  /** The `services` map of the health answer; default `{ secretsmanager: 'available' }`. */
  services?: Record<string, string>;
  version?: string;
  edition?: string;
  /** Answer the health check with this HTTP status and a non-LocalStack body instead. */
  healthStatus?: number;
  /** `/_localstack/info`'s `is_license_activated`; default: true except for the community edition. */
  licenseActivated?: boolean;
  /** Every answer's `Date` header is this far from the real time (clock skew); default 0. */
  dateOffsetMs?: number;
  /** What STS GetCallerIdentity answers; default LocalStack's root of account 000000000000. */
  callerArn?: string;
  /** What STS GetCallerIdentity answers as the account; default the 12 digits in `callerArn`. */
  callerAccount?: string;
  /** The names ListSecrets answers (any text: a hostile backend's); default none. */
  listedNames?: string[];
}

export interface FakeRequest {
  path: string;
  target?: string;
  accessKeyId?: string;
}

export interface FakeLocalStack {
  readonly endpoint: string;
  /** Path, X-Amz-Target and the signing access key id (from SigV4's `Credential=`) of each request. */
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

export async function startFakeLocalStack(options: FakeLocalStackOptions = {}): Promise<FakeLocalStack> {
  const requests: FakeRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const accessKeyId = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
      requests.push({ path: req.url ?? '', ...(typeof target === 'string' ? { target } : {}), ...(accessKeyId ? { accessKeyId } : {}) });
      if (options.dateOffsetMs) res.setHeader('date', new Date(Date.now() + options.dateOffsetMs).toUTCString());
      if (req.method === 'GET' && req.url === '/_localstack/info') {
        const edition = options.edition ?? 'community';
        const body = { version: options.version ?? '4.4.0', edition, is_license_activated: options.licenseActivated ?? edition !== 'community', is_docker: true };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        return;
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (req.method === 'POST' && target === undefined && form.get('Action') === 'GetCallerIdentity') {
        const arn = options.callerArn ?? 'arn:aws:iam::000000000000:root';
        const account = options.callerAccount ?? /::(\d{12}):/.exec(arn)?.[1] ?? '000000000000';
        res
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>${account}</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake-ls-sts</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
        return;
      }
      if (req.method === 'POST' && target === 'secretsmanager.DescribeSecret') {
        res
          .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
        return;
      }
      if (req.method === 'GET' && req.url === '/_localstack/health') {
        if (options.healthStatus) {
          res.writeHead(options.healthStatus, { 'content-type': 'text/plain' }).end('not here');
          return;
        }
        const body = {
          services: options.services ?? { secretsmanager: 'available', s3: 'running' },
          edition: options.edition ?? 'community',
          version: options.version ?? '4.4.0',
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        return;
      }
      if (req.method === 'POST' && target === 'secretsmanager.ListSecrets') {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ SecretList: (options.listedNames ?? []).map((Name) => ({ Name })) }));
        return;
      }
      res
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify({ __type: 'UnknownOperationException', message: 'fake LocalStack does not serve this' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** An endpoint on which nothing listens: a port that was just free. */
export async function closedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
