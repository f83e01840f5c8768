/**
 * FAKE IAM and STS (they cannot exist here): one small HTTP server speaking the awsQuery protocol
 * (form-encoded POST, XML answers) that the real SDK clients talk to. It answers
 * STS GetCallerIdentity, IAM GetRole and IAM SimulatePrincipalPolicy, the last from configurable
 * rules (action + resource pattern → allowed / implicitDeny / explicitDeny; IAM-style `*` globs).
 * It can refuse GetRole or the simulation (AccessDenied), expire the caller's token, and it knows
 * only the principals it was given (NoSuchEntity otherwise), like IAM. Signatures are not checked.
 * To test the check's distrust it can also answer the way real IAM sometimes does, or worse: pages
 * (MaxItems/Marker), the per-resource form (ResourceSpecificResults), missing context keys, pairs
 * left unanswered, and error messages that echo the request's credentials (a hostile or verbose
 * server).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeDecision = 'allowed' | 'implicitDeny' | 'explicitDeny';

export interface FakeRule {
  /** An action name (`secretsmanager:GetSecretValue`) or a glob (`secretsmanager:*`). */
  readonly action: string;
  /** A resource ARN glob (`arn:aws:secretsmanager:*:*:secret:agentfoundry/prod/*`). */
  readonly resource: string;
  readonly decision: FakeDecision;
  /** The matched policy's name, answered as SourcePolicyId. */
  readonly policy?: string;
  /** More matched statements (SourcePolicyId each), after `policy`. */
  readonly morePolicies?: readonly string[];
  /** Context keys the decision needed and did not have (MissingContextValues), e.g. `aws:MultiFactorAuthPresent`. */
  readonly missingContext?: readonly string[];
}

export interface FakeIamStsState {
  /** What GetCallerIdentity answers. */
  caller: { arn: string; account: string };
  /** Roles IAM knows, by name → full ARN (with its path). */
  roles: Map<string, string>;
  /** Users IAM knows (full ARNs). */
  users: Set<string>;
  getRole: 'answer' | 'deny';
  simulate: 'answer' | 'deny';
  /** STS answers this error instead of the identity (e.g. ExpiredToken). */
  stsError?: string;
  /** First match wins; no match is implicitDeny. */
  rules: FakeRule[];
  /** Results per page (IAM's MaxItems is honoured when smaller); unset: one page. */
  pageSize?: number;
  /** `per-action`: one result per action, its resources in ResourceSpecificResults (IAM's other form). */
  resultForm?: 'per-pair' | 'per-action';
  /** Resources whose results are silently left out of the answer (an incomplete answer). */
  dropResources?: readonly string[];
  /** Error messages echo the request's Authorization and X-Amz-Security-Token headers. */
  echoCredentials?: boolean;
}

export interface FakeIamSts {
  readonly endpoint: string;
  readonly state: FakeIamStsState;
  /** Each request's action, its form parameters and its SigV4 credential scope (`date/region/service`). */
  readonly requests: { action: string; params: URLSearchParams; scope: string; sessionToken: boolean }[];
  close(): Promise<void>;
}

export const FAKE_IAM_ACCOUNT = '123456789012';

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function members(params: URLSearchParams, name: string): string[] {
  const found: string[] = [];
  for (let index = 1; params.has(`${name}.member.${index}`); index++) found.push(params.get(`${name}.member.${index}`) ?? '');
  return found;
}

type Headers = Record<string, string | string[] | undefined>;

function errorFor(code: string, state: FakeIamStsState, headers: Headers): string {
  const echoed = state.echoCredentials
    ? ` for request signed ${String(headers.authorization ?? '')} with token ${String(headers['x-amz-security-token'] ?? '')}`
    : '';
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>fake refusal${escapeXml(echoed)}</Message></Error><RequestId>fake-req</RequestId></ErrorResponse>`;
}

function statementsXml(policies: readonly string[]): string {
  if (policies.length === 0) return '<MatchedStatements/>';
  const members = policies.map(
    (policy, index) =>
      `<member><SourcePolicyId>${escapeXml(policy)}</SourcePolicyId><SourcePolicyType>IAM Policy</SourcePolicyType><StartPosition><Line>${index + 1}</Line><Column>1</Column></StartPosition><EndPosition><Line>${index + 9}</Line><Column>1</Column></EndPosition></member>`,
  );
  return `<MatchedStatements>${members.join('')}</MatchedStatements>`;
}

function contextXml(keys: readonly string[]): string {
  return keys.length === 0 ? '<MissingContextValues/>' : `<MissingContextValues>${keys.map((key) => `<member>${escapeXml(key)}</member>`).join('')}</MissingContextValues>`;
}

interface PairAnswer {
  readonly resource: string;
  readonly decision: FakeDecision;
  readonly body: string;
}

function pairAnswer(state: FakeIamStsState, action: string, resource: string): PairAnswer {
  const rule = state.rules.find((candidate) => glob(candidate.action).test(action) && glob(candidate.resource).test(resource));
  const decision = rule?.decision ?? 'implicitDeny';
  const policies = [...(rule?.policy ? [rule.policy] : []), ...(rule?.morePolicies ?? [])];
  return { resource, decision, body: `${statementsXml(policies)}${contextXml(rule?.missingContext ?? [])}` };
}

function simulateXml(state: FakeIamStsState, actions: string[], resources: string[], params: URLSearchParams): string {
  const results: string[] = [];
  const asked = resources.filter((resource) => !(state.dropResources ?? []).includes(resource));
  for (const action of actions) {
    const pairs = asked.map((resource) => pairAnswer(state, action, resource));
    if (state.resultForm === 'per-action') {
      // IAM's overall decision for the action, and one entry per resource inside it.
      const overall = pairs.some((pair) => pair.decision === 'explicitDeny') ? 'explicitDeny' : pairs.every((pair) => pair.decision === 'allowed') ? 'allowed' : 'implicitDeny';
      const specific = pairs.map((pair) => `<member><EvalResourceName>${escapeXml(pair.resource)}</EvalResourceName><EvalResourceDecision>${pair.decision}</EvalResourceDecision>${pair.body}</member>`);
      results.push(
        `<member><EvalActionName>${escapeXml(action)}</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>${overall}</EvalDecision><MatchedStatements/><MissingContextValues/><ResourceSpecificResults>${specific.join('')}</ResourceSpecificResults></member>`,
      );
      continue;
    }
    for (const pair of pairs) {
      results.push(`<member><EvalActionName>${escapeXml(action)}</EvalActionName><EvalResourceName>${escapeXml(pair.resource)}</EvalResourceName><EvalDecision>${pair.decision}</EvalDecision>${pair.body}</member>`);
    }
  }
  const maxItems = Number(params.get('MaxItems') ?? '100');
  const size = Math.min(state.pageSize ?? Number.MAX_SAFE_INTEGER, maxItems > 0 ? maxItems : 100);
  const start = Number(params.get('Marker') ?? '0');
  const page = results.slice(start, start + size);
  const next = start + size < results.length ? `<Marker>${start + size}</Marker>` : '';
  return `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult><IsTruncated>${next !== ''}</IsTruncated>${next}<EvaluationResults>${page.join('')}</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>fake-sim</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`;
}

function answer(state: FakeIamStsState, action: string, params: URLSearchParams, headers: Headers): { status: number; body: string } {
  const errorXml = (code: string): string => errorFor(code, state, headers);
  switch (action) {
    case 'GetCallerIdentity':
      if (state.stsError) return { status: 403, body: errorXml(state.stsError) };
      return {
        status: 200,
        body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${escapeXml(state.caller.arn)}</Arn><UserId>AIDAFAKE</UserId><Account>${state.caller.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake-sts</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      };
    case 'GetRole': {
      if (state.getRole === 'deny') return { status: 403, body: errorXml('AccessDenied') };
      const name = params.get('RoleName') ?? '';
      const arn = state.roles.get(name);
      if (!arn) return { status: 404, body: errorXml('NoSuchEntity') };
      const rolePath = arn.slice(arn.indexOf(':role') + 5, arn.length - name.length);
      return {
        status: 200,
        body: `<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>${escapeXml(rolePath)}</Path><RoleName>${escapeXml(name)}</RoleName><RoleId>AROAFAKE</RoleId><Arn>${escapeXml(arn)}</Arn><CreateDate>2025-01-01T00:00:00Z</CreateDate></Role></GetRoleResult><ResponseMetadata><RequestId>fake-role</RequestId></ResponseMetadata></GetRoleResponse>`,
      };
    }
    case 'SimulatePrincipalPolicy': {
      if (state.simulate === 'deny') return { status: 403, body: errorXml('AccessDenied') };
      const source = params.get('PolicySourceArn') ?? '';
      if (![...state.roles.values()].includes(source) && !state.users.has(source)) return { status: 404, body: errorXml('NoSuchEntity') };
      return { status: 200, body: simulateXml(state, members(params, 'ActionNames'), members(params, 'ResourceArns'), params) };
    }
    default:
      return { status: 400, body: errorXml('InvalidAction') };
  }
}

export async function startFakeIamSts(initial: Partial<FakeIamStsState> = {}): Promise<FakeIamSts> {
  const state: FakeIamStsState = {
    caller: { arn: `arn:aws:sts::${FAKE_IAM_ACCOUNT}:assumed-role/support/someone@example.com`, account: FAKE_IAM_ACCOUNT },
    roles: new Map([['support', `arn:aws:iam::${FAKE_IAM_ACCOUNT}:role/support`]]),
    users: new Set(),
    getRole: 'answer',
    simulate: 'answer',
    rules: [],
    ...initial,
  };
  const requests: FakeIamSts['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = params.get('Action') ?? '';
      const scope = /Credential=[^/]+\/([^,]+)\/aws4_request/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      requests.push({ action, params, scope, sessionToken: typeof req.headers['x-amz-security-token'] === 'string' });
      const { status, body } = answer(state, action, params, req.headers);
      res.writeHead(status, { 'content-type': 'text/xml' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    state,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
