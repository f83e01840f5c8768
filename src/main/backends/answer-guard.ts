/**
 * A backend's answers are input too. The SDK deserializes an answer's JSON without checking its
 * types against the model: a ListSecrets page whose SecretList holds `null`, or a Name that is a
 * number, reaches the code that reads it and fails there as a TypeError, which is not a backend
 * error to the rest of the app: the fleet snapshot stayed "loading" for good and a listing answered
 * INTERNAL (review finding). This middleware holds the answers the app reads (ListSecrets,
 * DescribeSecret) to the shape Secrets Manager documents before anything reads them, and refuses any
 * other shape as a backend error of its own (MALFORMED_ANSWER), which sdk-errors.ts tells the person
 * about: the endpoint answered something that is not a Secrets Manager answer.
 *
 * Lenient where real backends differ: every field may be missing or null (the SDK drops a null
 * member of a structure on its own; a null list item or map value reaches this check), and fields
 * the app does not read are not looked at. What is refused is a field the app reads with the
 * wrong type. The error names the field's path (from this schema: field names and
 * indexes), never what was there.
 */
import type { SecretsManagerClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-secrets-manager';
import type { InitializeMiddleware } from '@smithy/types';
import { z } from 'zod';

export const MALFORMED_ANSWER = 'MalformedAnswer';

export class MalformedAnswerError extends Error {
  override readonly name = MALFORMED_ANSWER;
  /** Marks it as the backend's doing (sdk-errors.ts cameFromBackend), as the SDK's own errors are. */
  readonly $metadata = {};
  constructor(
    readonly operation: string,
    readonly fieldPath: string,
  ) {
    super(`The backend answered ${operation} with something that is not a Secrets Manager answer (${fieldPath}).`);
  }
}

const text = z.string().nullish();
/** A real date: the SDK turns a timestamp it cannot read into an Invalid Date. */
const date = z.date().nullish();
const stages = z.record(z.string(), z.array(z.string())).nullish();
const tag = z.looseObject({ Key: text, Value: text });
const tags = z.array(tag).nullish();

/** What status.ts reads from a secret's metadata, in a ListSecrets entry or a DescribeSecret answer. */
const metadata = { Description: text, CreatedDate: date, LastChangedDate: date, LastAccessedDate: date, DeletedDate: date, Tags: tags };
/** listing.ts and fleet/list.ts also need every entry's Name. */
const listEntry = z.looseObject({ Name: z.string(), ...metadata, SecretVersionsToStages: stages });
const listAnswer = z.looseObject({ SecretList: z.array(listEntry).nullish(), NextToken: text });
const describeAnswer = z.looseObject({ Name: text, ...metadata, VersionIdsToStages: stages });

const ANSWERS: Readonly<Record<string, z.ZodType>> = { ListSecretsCommand: listAnswer, DescribeSecretCommand: describeAnswer };

/** The field names of the shapes above: any other text in a path is a key the backend chose. */
const FIELDS: ReadonlySet<string> = new Set([listAnswer, listEntry, describeAnswer, tag].flatMap((shape) => Object.keys(shape.shape)));

/**
 * Where an answer first breaks the shape: "SecretList[3].Name". A key the backend chose (a version
 * id in a stages map) is shown as […]: it is the backend's text, of any length and characters.
 */
function pathOf(path: readonly PropertyKey[]): string {
  const parts = path.map((part, index) => {
    if (typeof part === 'number') return `[${part}]`;
    if (typeof part !== 'string' || !FIELDS.has(part)) return '[…]';
    return `${index === 0 ? '' : '.'}${part}`;
  });
  return parts.join('') || 'the answer itself';
}

/** Throws MalformedAnswerError when `output` of `commandName` is not shaped as the app reads it. */
export function checkAnswer(commandName: string, output: unknown): void {
  const schema = ANSWERS[commandName];
  if (!schema) return;
  const parsed = schema.safeParse(output);
  if (parsed.success) return;
  throw new MalformedAnswerError(commandName.replace(/Command$/, ''), pathOf(parsed.error.issues[0]?.path ?? []));
}

const guard: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
  const result = await next(args);
  checkAnswer(context.commandName ?? '', result.output);
  return result;
};

export const ANSWER_GUARD_NAME = 'foundryAnswerShapeGuard';

/**
 * Adds the guard to a client; returns it. In the initialize step, outside the retry loop (a
 * malformed answer is not retried: the same endpoint would answer the same way), on the
 * deserialized output.
 */
export function addAnswerGuard(client: SecretsManagerClient): SecretsManagerClient {
  client.middlewareStack.add(guard, { step: 'initialize', name: ANSWER_GUARD_NAME, priority: 'low' });
  return client;
}
