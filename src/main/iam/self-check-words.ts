/**
 * The self-check's fixed wording: what a verdict does not prove, and how IAM's refusals are
 * recognised. Errors are matched by name only; a server's message is never copied (sdk-errors.ts).
 */

/** What the simulator does not see; shown with every simulated verdict. */
export const SELF_CHECK_LIMITS: readonly string[] = Object.freeze([
  "Resource policies attached to the secrets themselves are not included: a secret's own policy can grant reads this check does not see.",
  'Service control policies and permission boundaries count only as far as IAM\u2019s simulator includes them.',
  'Session policies (passed when a role is assumed) are not seen; they can only narrow access, so a "can read" may be narrower in practice.',
  'Conditions that depend on the request (source IP or VPC endpoint, MFA, time, request tags) are evaluated without that context.',
  'Checked: every existing secret of the env, a made-up new secret in each of its organizations and one in a made-up new organization. A policy that matches only names created later in another pattern is not tested.',
  'Reading a secret encrypted with a customer-managed KMS key also needs kms:Decrypt, which is not checked.',
]);

function nameOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : '';
}

export function isAccessDenied(error: unknown): boolean {
  return ['AccessDenied', 'AccessDeniedException'].includes(nameOf(error));
}

/** STS's and IAM's refusals of the request or of its signature (awsQuery names, no "Exception"). */
export function isRefused(error: unknown): boolean {
  return isAccessDenied(error) || ['InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'IncompleteSignature', 'MissingAuthenticationToken'].includes(nameOf(error));
}

export function isNoSuchEntity(error: unknown): boolean {
  return ['NoSuchEntity', 'NoSuchEntityException'].includes(nameOf(error));
}

/** An error's name for a note, when it looks like an AWS or Node error name (never its message). */
export function errorNameOf(error: unknown): string {
  const name = nameOf(error);
  return /^[A-Za-z]{1,64}$/.test(name) ? name : 'an error';
}

/**
 * Up to `shown` items joined, then "and N more": verdict texts have schema maxima (reason 2000,
 * limits 500), and a verdict over them is withheld by the router, loud alert included.
 */
export function listSome(items: readonly string[], shown: number, separator = '; '): string {
  const head = items.slice(0, shown).join(separator);
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}

/** `text` cut to `max` characters, marked with an ellipsis when cut. */
export function fitText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}
