/**
 * A secret value that cannot be printed. The write schema turns the validated string into one, so
 * from the IPC router onward the value is never a plain string: string conversion, JSON, Node's
 * `util.inspect` (console.*, loggers, assertion messages) and structured cloning all yield
 * "[redacted]" or nothing. The text comes out only through `reveal()`, which is called where the
 * SDK command is built and nowhere else.
 *
 * Pure (no Node import): the shared schemas are bundled into the renderer too.
 */
export const REDACTED = '[redacted]';

export class SecretValue {
  /** A private field: not an own enumerable property, so spreads, Object.keys and clones miss it. */
  readonly #content: string | Uint8Array;

  /** Text (stored as SecretString) or bytes (a picked binary file, stored as SecretBinary). */
  constructor(content: string | Uint8Array) {
    this.#content = content;
    Object.freeze(this);
  }

  /** Whether the value is bytes rather than text; says nothing about the value itself. */
  get isBinary(): boolean {
    return typeof this.#content !== 'string';
  }

  /**
   * The plain value. Call it only where the value leaves for where it belongs: the backend request
   * that stores it, or the provider request that checks it.
   */
  reveal(): string | Uint8Array {
    return this.#content;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  /** Node's util.inspect hook (console.log, vitest diffs); a registered symbol, so no Node import. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

export function isSecretValue(value: unknown): value is SecretValue {
  return value instanceof SecretValue;
}
