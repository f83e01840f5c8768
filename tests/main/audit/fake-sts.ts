/**
 * A tiny STS stand-in (LocalStack's and AWS's STS speak the same Query protocol): it answers
 * `Action=GetCallerIdentity` with a fixed identity, or with an error status when told to, and
 * records each request's action and signing access key id.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSts {
  readonly endpoint: string;
  readonly requests: { action?: string; accessKeyId?: string }[];
  /** HTTP status to answer with; 200 gives the identity. */
  status: number;
  close(): Promise<void>;
}

export const FAKE_ACCOUNT = '000000000000';
export const FAKE_ARN = 'arn:aws:iam::000000000000:root';

export async function startFakeSts(): Promise<FakeSts> {
  const requests: FakeSts['requests'] = [];
  const state = { status: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const accessKeyId = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
      requests.push({ ...(body.get('Action') && { action: body.get('Action') ?? '' }), ...(accessKeyId && { accessKeyId }) });
      if (state.status !== 200) {
        res.writeHead(state.status, { 'content-type': 'text/xml' }).end(
          '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error><RequestId>r</RequestId></ErrorResponse>',
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' }).end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
          `<Arn>${FAKE_ARN}</Arn><UserId>AKIAIOSFODNN7EXAMPLE</UserId><Account>${FAKE_ACCOUNT}</Account>` +
          `</GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    get status() {
      return state.status;
    },
    set status(value: number) {
      state.status = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
