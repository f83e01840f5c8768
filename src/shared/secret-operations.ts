/**
 * The one list of Secrets Manager operations the app's client may call. Two things are built from
 * it, so they cannot drift apart: the blind client's allow-list (src/main/secrets/blind-client.ts
 * refuses any other operation before it is signed) and the IAM policy generator
 * (src/shared/iam-policy.ts grants exactly these actions). A test reads the app's source and fails
 * when it constructs a Secrets Manager command that is not listed here.
 *
 * Pure data: shared by main, the CLI and the renderer (the Least privilege screen).
 */

/** `status` reads metadata only (never a value); `change` writes, rotates, deletes or restores. */
export type OperationClass = 'status' | 'change';

export interface SecretOperation {
  /** The API operation (and SDK command without `Command`). */
  readonly name: string;
  readonly class: OperationClass;
  /** Whether IAM can scope it to secret ARNs; ListSecrets has no resource type and needs `*`. */
  readonly resourceScoped: boolean;
  /**
   * IAM actions the call needs beyond `secretsmanager:<name>`. CreateSecret needs
   * secretsmanager:TagResource only when it passes `Tags`; the app never does, so none are listed.
   */
  readonly alsoNeeds: readonly string[];
  /** Why the app makes this call (shown next to the action on the Least privilege screen). */
  readonly why: string;
}

export const SECRET_OPERATIONS = [
  { name: 'ListSecrets', class: 'status', resourceScoped: false, alsoNeeds: [], why: 'Lists the names and dates under an env or org prefix (the org list, cards, the fleet matrix).' },
  { name: 'DescribeSecret', class: 'status', resourceScoped: true, alsoNeeds: [], why: 'Reads one secret’s metadata: configured or not, dates, deletion date. Never the value.' },
  { name: 'CreateSecret', class: 'change', resourceScoped: true, alsoNeeds: [], why: 'Stores the first value of a secret (no tags are passed).' },
  { name: 'PutSecretValue', class: 'change', resourceScoped: true, alsoNeeds: [], why: 'Stores a new value of an existing secret (rotation).' },
  { name: 'UpdateSecret', class: 'change', resourceScoped: true, alsoNeeds: [], why: 'Changes a secret’s description.' },
  { name: 'UpdateSecretVersionStage', class: 'change', resourceScoped: true, alsoNeeds: [], why: 'Takes AWSPREVIOUS off the replaced value after a rotation.' },
  { name: 'DeleteSecret', class: 'change', resourceScoped: true, alsoNeeds: [], why: 'Schedules a deletion (with a recovery window) or deletes at once when asked to.' },
  { name: 'RestoreSecret', class: 'change', resourceScoped: true, alsoNeeds: [], why: 'Cancels a scheduled deletion.' },
] as const satisfies readonly SecretOperation[];

export type SecretOperationName = (typeof SECRET_OPERATIONS)[number]['name'];

/** Operations that return secret values. No list in this project may grant them. */
export const VALUE_READING_OPERATIONS = ['GetSecretValue', 'BatchGetSecretValue'] as const;

/** `secretsmanager:<Op>` — the IAM action of an operation. */
export function iamAction(operation: string): string {
  return `secretsmanager:${operation}`;
}

export function operationsOfClass(cls: OperationClass): readonly SecretOperation[] {
  return SECRET_OPERATIONS.filter((operation) => operation.class === cls);
}
