/**
 * The blind line in code: the SecretsManagerClient the app uses cannot read a secret value, even
 * by a bug. Two guards refuse the read operations before anything is signed or sent:
 *  1. an `initialize`-step middleware that checks the command name (the first step of a call);
 *  2. a `build`-step middleware that checks the serialised `X-Amz-Target` header, so a hand-made
 *     command whose class name differs is still refused (signing happens later, in `finalizeRequest`).
 * The operations are matched by name: the command classes are banned from src/ by lint.
 */
import type { SecretsManagerClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-secrets-manager';
import type { BuildMiddleware, InitializeMiddleware } from '@smithy/types';
import { AppError } from '../../shared/errors';

/** Operations that return secret values. The app never calls them. */
export const FORBIDDEN_OPERATIONS: readonly string[] = ['GetSecretValue', 'BatchGetSecretValue'];

const FORBIDDEN_COMMANDS = new Set(FORBIDDEN_OPERATIONS.map((op) => `${op}Command`));
const FORBIDDEN_TARGETS = new Set(FORBIDDEN_OPERATIONS.map((op) => `secretsmanager.${op}`.toLowerCase()));

export const BLIND_GUARD_NAME = 'foundryBlindGuard';
const BLIND_WIRE_GUARD_NAME = 'foundryBlindWireGuard';

function refusal(operation: string): AppError {
  return new AppError('INTERNAL', `The app never reads secret values: ${operation} was refused before it was sent.`, {
    operation,
  });
}

const guardCommand: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
  const name = context.commandName ?? '';
  if (FORBIDDEN_COMMANDS.has(name)) throw refusal(name.replace(/Command$/, ''));
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
  const target = targetHeader(args.request);
  if (target && FORBIDDEN_TARGETS.has(target.toLowerCase())) throw refusal(target.replace(/^secretsmanager\./i, ''));
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
