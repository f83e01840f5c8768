/**
 * The blind line in code: the SecretsManagerClient the app uses can make only the calls listed in
 * src/shared/secret-operations.ts — the same list the IAM policy generator grants — so it cannot
 * read a secret value, even by a bug, nor call anything else the app does not need. Two guards
 * refuse any other operation before anything is signed or sent:
 *  1. an `initialize`-step middleware that checks the command name (the first step of a call);
 *  2. a `build`-step middleware that checks the serialised `X-Amz-Target` header, so a hand-made
 *     command whose class name differs is still refused (signing happens later, in `finalizeRequest`).
 * The read operations are matched by name: their command classes are banned from src/ by lint.
 */
import type { SecretsManagerClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-secrets-manager';
import type { BuildMiddleware, InitializeMiddleware } from '@smithy/types';
import { AppError } from '../../shared/errors';
import { SECRET_OPERATIONS, VALUE_READING_OPERATIONS } from '../../shared/secret-operations';

/** Operations that return secret values. The app never calls them. */
export const FORBIDDEN_OPERATIONS: readonly string[] = VALUE_READING_OPERATIONS;

/** The only operations the client sends: the shared list, nothing else. */
export const ALLOWED_OPERATIONS: readonly string[] = SECRET_OPERATIONS.map((operation) => operation.name);

const ALLOWED_COMMANDS = new Set(ALLOWED_OPERATIONS.map((op) => `${op}Command`));
const ALLOWED_TARGETS = new Set(ALLOWED_OPERATIONS.map((op) => `secretsmanager.${op}`.toLowerCase()));
const FORBIDDEN = new Set(FORBIDDEN_OPERATIONS.map((op) => op.toLowerCase()));

export const BLIND_GUARD_NAME = 'foundryBlindGuard';
const BLIND_WIRE_GUARD_NAME = 'foundryBlindWireGuard';

/** Operation names come from SDK class names or a header; only a plain identifier is quoted back. */
function shown(operation: string): string {
  return /^[A-Za-z]{1,64}$/.test(operation) ? operation : 'an unnamed operation';
}

function refusal(operation: string): AppError {
  const name = shown(operation);
  if (FORBIDDEN.has(operation.toLowerCase())) {
    return new AppError('INTERNAL', `The app never reads secret values: ${name} was refused before it was sent.`, { operation: name });
  }
  return new AppError(
    'INTERNAL',
    `${name} is not one of the calls the app makes (src/shared/secret-operations.ts), so it was refused before it was sent. Add it there if the app needs it; the IAM policy generator then grants it too.`,
    { operation: name },
  );
}

const guardCommand: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
  const name = context.commandName;
  // No name (not an SDK command class): the wire guard decides from the serialised target.
  if (name !== undefined && !ALLOWED_COMMANDS.has(name)) throw refusal(name.replace(/Command$/, ''));
  return next(args);
};

function targetHeader(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const headers = (request as { headers?: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === 'x-amz-target' && typeof value === 'string') return value;
  }
  return undefined;
}

const guardWire: BuildMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
  // Every Secrets Manager request names its operation in X-Amz-Target: one without it is refused too.
  const target = targetHeader(args.request) ?? '';
  if (!ALLOWED_TARGETS.has(target.toLowerCase())) throw refusal(target.replace(/^secretsmanager\./i, ''));
  return next(args);
};

const blinded = new WeakSet<SecretsManagerClient>();

/** Adds the guards to `client` (once) and returns it. The client factory always applies this. */
export function makeBlind(client: SecretsManagerClient): SecretsManagerClient {
  if (blinded.has(client)) return client;
  client.middlewareStack.add(guardCommand, { step: 'initialize', priority: 'high', name: BLIND_GUARD_NAME });
  client.middlewareStack.add(guardWire, { step: 'build', priority: 'high', name: BLIND_WIRE_GUARD_NAME });
  blinded.add(client);
  return client;
}

export function isBlind(client: SecretsManagerClient): boolean {
  return blinded.has(client);
}
