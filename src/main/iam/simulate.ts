/**
 * Asks IAM's policy simulator whether a principal may read secret values, and flattens its answer
 * into one decision per action and secret ARN.
 *
 * Distrustful by design, because the worst answer this feature can give is a false "cannot read":
 * every page is followed, every requested (action, ARN) pair must come back with a decision (a pair
 * IAM left out counts as unanswered, never as a deny), and all decisions are returned — capping
 * what is shown is the caller's business, after it has looked for an allow.
 */
import { SimulatePrincipalPolicyCommand, type EvaluationResult, type IAMClient, type Statement } from '@aws-sdk/client-iam';
import { EVAL_DECISIONS, READ_ACTIONS, type EvalDecision, type ReadAction, type SelfCheckDecision } from '../../shared/self-check';

export interface Simulation {
  /** Every decision IAM gave, in its order (may be thousands). */
  readonly decisions: readonly SelfCheckDecision[];
  /** Context keys the simulator said a condition needed and it did not have. */
  readonly missingContext: readonly string[];
  /** Decisions the app does not know (a future IAM value): the answer cannot be trusted as "cannot read". */
  readonly unknownDecisions: boolean;
  /** Requested (action, ARN) pairs IAM gave no decision for. */
  readonly unanswered: number;
  /** How many (action, ARN) pairs were asked. */
  readonly asked: number;
}

/** Resource ARNs per SimulatePrincipalPolicy call: keeps each request small. */
export const SIMULATE_CHUNK = 100;
// IAM's largest page; a chunk (2 actions × 100 ARNs) normally fits in one.
const MAX_ITEMS = 1000;

export async function simulateReads(iam: IAMClient, principalArn: string, resourceArns: readonly string[], chunkSize = SIMULATE_CHUNK): Promise<Simulation> {
  const decisions: SelfCheckDecision[] = [];
  const missing = new Set<string>();
  let unknownDecisions = false;
  let unanswered = 0;
  const size = Math.max(1, Math.floor(chunkSize));
  for (let start = 0; start < resourceArns.length; start += size) {
    const chunk = resourceArns.slice(start, start + size);
    const pending = new Set(READ_ACTIONS.flatMap((action) => chunk.map((resource) => pairKey(action, resource))));
    // Every page holds at least one result, so more pages than pairs means a looping Marker.
    const maxPages = pending.size + 1;
    let marker: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const answer = await iam.send(
        new SimulatePrincipalPolicyCommand({ PolicySourceArn: principalArn, ActionNames: [...READ_ACTIONS], ResourceArns: chunk, MaxItems: MAX_ITEMS, ...(marker && { Marker: marker }) }),
      );
      for (const result of answer.EvaluationResults ?? []) {
        for (const flat of flatten(result)) {
          if (flat === 'unknown') {
            unknownDecisions = true;
            continue;
          }
          decisions.push(flat);
          pending.delete(pairKey(flat.action, flat.resource));
        }
        for (const key of contextKeys(result)) missing.add(key);
      }
      const next = answer.IsTruncated ? answer.Marker : undefined;
      if (!next || next === marker) break;
      marker = next;
    }
    unanswered += pending.size;
  }
  return { decisions, missingContext: [...missing].slice(0, 50), unknownDecisions, unanswered, asked: READ_ACTIONS.length * resourceArns.length };
}

function pairKey(action: string, resource: string): string {
  return `${action}\u0000${resource}`;
}

/**
 * One decision per resource: the per-resource results when IAM gives them (its answer when it
 * evaluates an action on several resources at once), else the result's own. A result-level
 * "allowed" is kept too, so an allow is never lost between the two forms.
 */
function flatten(result: EvaluationResult): (SelfCheckDecision | 'unknown')[] {
  const action = READ_ACTIONS.find((name) => name === result.EvalActionName);
  if (!action) return [];
  const own = decision(action, result.EvalResourceName ?? '*', result.EvalDecision, result.MatchedStatements);
  const perResource = result.ResourceSpecificResults ?? [];
  if (perResource.length === 0) return [own];
  const specific = perResource.map((entry) => decision(action, entry.EvalResourceName ?? '*', entry.EvalResourceDecision, entry.MatchedStatements ?? result.MatchedStatements));
  return own !== 'unknown' && own.decision === 'allowed' ? [...specific, own] : specific;
}

function decision(action: ReadAction, resource: string, value: string | undefined, matched: readonly Statement[] | undefined): SelfCheckDecision | 'unknown' {
  const known = EVAL_DECISIONS.find((name) => name === value);
  if (!known) return 'unknown';
  return { action, resource: resource.slice(0, 2048), decision: known satisfies EvalDecision, matchedStatements: statementNames(matched) };
}

function statementNames(statements: readonly Statement[] | undefined): string[] {
  return (statements ?? [])
    .slice(0, 20)
    .map((statement) => {
      const where = statement.StartPosition?.Line !== undefined ? ` (line ${statement.StartPosition.Line})` : '';
      const type = statement.SourcePolicyType ? ` [${statement.SourcePolicyType}]` : '';
      return `${statement.SourcePolicyId ?? 'unnamed policy'}${type}${where}`.slice(0, 512);
    });
}

function contextKeys(result: EvaluationResult): string[] {
  return [...(result.MissingContextValues ?? []), ...(result.ResourceSpecificResults ?? []).flatMap((specific) => specific.MissingContextValues ?? [])]
    .filter((key) => /^[\w:/.-]{1,128}$/.test(key));
}
