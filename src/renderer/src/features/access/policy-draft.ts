/**
 * The Least privilege form as typed (text, not yet valid) and what it means: the generator's
 * options, or a problem per field. The rules are the generator's own (naming, account, region),
 * so the screen cannot accept what `generatePolicy` and main's save channel would refuse.
 */
import { accountIdSchema, generatePolicy, type GeneratedPolicy, type IamRole, type PolicyOptions } from '../../../../shared/iam-policy';
import { nameSegmentProblem, type Env } from '../../../../shared/naming';
import { awsRegionSchema } from '../../../../shared/profiles';

export interface PolicyDraft {
  readonly role: IamRole;
  readonly env: Env;
  readonly org: string;
  readonly account: string;
  readonly region: string;
  readonly denyForceDelete: boolean;
}

export type PolicyDraftField = 'org' | 'account' | 'region';
export type PolicyDraftProblems = Partial<Record<PolicyDraftField, string>>;

export type PolicyDraftResult =
  | { readonly ok: true; readonly options: PolicyOptions; readonly generated: GeneratedPolicy }
  | { readonly ok: false; readonly problems: PolicyDraftProblems };

export function initialDraft(env: Env): PolicyDraft {
  return { role: 'support', env, org: '', account: '', region: '', denyForceDelete: false };
}

/** The first problem of each field, as a sentence that states the rule (never the text typed). */
function problemsOf(draft: PolicyDraft): PolicyDraftProblems {
  const problems: PolicyDraftProblems = {};
  const org = draft.org.trim();
  if (org !== '') {
    const problem = nameSegmentProblem('orgId', org);
    if (problem) problems.org = `The organization id ${problem}.`;
  }
  const account = draft.account.trim();
  if (account !== '' && !accountIdSchema.safeParse(account).success) problems.account = 'The account must be a 12-digit AWS account id, such as 123456789012.';
  const region = draft.region.trim();
  if (region !== '' && !awsRegionSchema.safeParse(region).success) problems.region = 'The region must be an AWS region name, such as eu-central-1.';
  return problems;
}

export function resolveDraft(draft: PolicyDraft): PolicyDraftResult {
  const problems = problemsOf(draft);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const options: PolicyOptions = {
    role: draft.role,
    env: draft.env,
    ...(draft.org.trim() !== '' && { org: draft.org.trim() }),
    ...(draft.account.trim() !== '' && { account: draft.account.trim() }),
    ...(draft.region.trim() !== '' && { region: draft.region.trim() }),
    ...(draft.role === 'admin' && draft.denyForceDelete && { denyForceDelete: true }),
  };
  return { ok: true, options, generated: generatePolicy(options) };
}
