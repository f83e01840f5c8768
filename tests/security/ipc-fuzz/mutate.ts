/**
 * Near-valid payloads: a valid input with one or two small changes, the way a probing script (or a
 * buggy renderer) would send them. Unchanged inputs are kept on purpose, so a good share passes
 * validation and reaches the services.
 */
import fc from 'fast-check';
import { TOKEN } from './canary';
import { PROTO_KEYS, fromPool } from './hostile';

type Path = readonly (string | number)[];

/**
 * Fields where a mutation may put the canary. Each rejects text with a space, so the canary can
 * never be stored there and come back in a status (a description or a profile name would).
 */
const CANARY_SAFE_FIELDS = new Set(['orgId', 'domainId', 'secretName', 'id', 'jobId', 'sourceId', 'handle', 'snapshotId', 'file', 'format', 'kind', 'mode', 'orgIds', 'whitespace']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Contract inputs nest three levels at most; a hostile value from a first mutation may nest thousands. */
const MAX_DEPTH = 6;

/** Every path to a value inside `value` (objects and arrays, down to MAX_DEPTH), the root excluded. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length >= MAX_DEPTH) return out;
  if (Array.isArray(value)) {
    value.slice(0, 16).forEach((item, index) => {
      out.push([...prefix, index]);
      pathsOf(item, [...prefix, index], out);
    });
  } else if (isRecord(value)) {
    for (const key of Object.keys(value).slice(0, 16)) {
      out.push([...prefix, key]);
      pathsOf(value[key], [...prefix, key], out);
    }
  }
  return out;
}

/** Containers (objects) inside `value`, the root included, for adding keys. */
function objectPaths(value: unknown): Path[] {
  return [[], ...pathsOf(value).filter((path) => isRecord(getAt(value, path)))];
}

function getAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) current = (current as Record<string | number, unknown>)[key];
  return current;
}

/** A copy of plain data down to MAX_DEPTH (own keys kept as own data properties, `__proto__` included); deeper parts are shared. */
function copy(value: unknown, depth = 0): unknown {
  if (depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, copy(value[key], depth + 1));
  return out;
}

function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1)) as object;
  setOwn(parent, path[path.length - 1] as string | number, value);
  return root;
}

function deleteAt(root: unknown, path: Path): unknown {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1] as string | number;
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else Reflect.deleteProperty(parent as object, key);
  return root;
}

/** The field name a path ends in (an array index counts as its array's name). */
function fieldOf(path: Path): string | undefined {
  for (let i = path.length - 1; i >= 0; i -= 1) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

type Mutation =
  | { kind: 'keep' }
  | { kind: 'drop'; pick: number }
  | { kind: 'replace'; pick: number; value: unknown }
  | { kind: 'retype'; pick: number }
  | { kind: 'add-key'; pick: number; key: string; value: unknown }
  | { kind: 'canary-field'; pick: number; n: number }
  | { kind: 'canary-key'; pick: number; n: number }
  | { kind: 'wrap'; how: 'array' | 'json-string' | 'nested' | 'inherited' | 'null-prototype' | 'frozen' };

function mutation(hostile: readonly unknown[]): fc.Arbitrary<Mutation> {
  const hostileValue = fromPool(hostile);
  return fc.oneof(
  { weight: 10, arbitrary: fc.constant({ kind: 'keep' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retype' as const), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('add-key' as const),
      pick: fc.nat(),
      key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.constantFrom('value', 'extra', 'SecretString', 'orgId', 'profile', 'endpoint'), fc.string({ maxLength: 12 })),
      value: fc.oneof(hostileValue, fc.constant({ polluted: true })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('canary-field' as const), pick: fc.nat(), n: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('canary-key' as const), pick: fc.nat(), n: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wrap' as const), how: fc.constantFrom('array', 'json-string', 'nested', 'inherited', 'null-prototype', 'frozen' as const) }) },
  );
}

/** One of the common type confusions: a string in an array, a number as text, true as "true", an object as null. */
function retype(value: unknown): unknown {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (Array.isArray(value)) return value[0] ?? {};
  return null;
}

function apply(valid: unknown, m: Mutation): unknown {
  if (m.kind === 'keep') return valid;
  const root = copy(valid);
  const paths = pathsOf(root);
  const pick = <T>(list: readonly T[], n: number): T | undefined => list[n % Math.max(1, list.length)];
  switch (m.kind) {
    case 'drop': {
      const path = pick(paths, m.pick);
      return path ? deleteAt(root, path) : undefined;
    }
    case 'replace': {
      const path = pick(paths, m.pick) ?? [];
      return setAt(root, path, m.value);
    }
    case 'retype': {
      const path = pick(paths, m.pick) ?? [];
      return setAt(root, path, retype(getAt(root, path)));
    }
    case 'add-key': {
      const path = pick(objectPaths(root), m.pick) ?? [];
      const target = getAt(root, path);
      if (isRecord(target)) setOwn(target, m.key, m.value);
      return root;
    }
    case 'canary-field': {
      const safe = paths.filter((path) => CANARY_SAFE_FIELDS.has(fieldOf(path) ?? ''));
      const path = pick(safe, m.pick);
      return path ? setAt(root, path, `${TOKEN}-${m.n}`) : root;
    }
    case 'canary-key': {
      const path = pick(objectPaths(root), m.pick) ?? [];
      const target = getAt(root, path);
      if (isRecord(target)) setOwn(target, `${TOKEN}-${m.n}`, `${TOKEN}-${m.n}`);
      return root;
    }
    case 'wrap':
      switch (m.how) {
        case 'array':
          return [root];
        case 'json-string':
          try {
            return JSON.stringify(root);
          } catch {
            return String(root); // a BigInt, or nesting deeper than JSON.stringify goes
          }
        case 'nested':
          return { input: root };
        // Fields on the prototype, not own: structured clone drops them, a direct caller might not.
        case 'inherited':
          return isRecord(root) ? Object.create(root) : root;
        case 'null-prototype':
          return isRecord(root) ? Object.assign(Object.create(null) as object, root) : root;
        case 'frozen':
          return Object.freeze(root);
      }
  }
}

/**
 * A valid input (drawn from `valid`, pre-drawn valid inputs of the channel) with zero to two
 * mutations using `hostile` values; about a third stay unchanged.
 */
export function nearValid(valid: readonly unknown[], hostile: readonly unknown[]): fc.Arbitrary<unknown> {
  const change = mutation(hostile);
  return fc.tuple(fromPool(valid), change, fc.option(change, { freq: 4, nil: undefined })).map(([input, first, second]) => {
    const once = apply(input, first);
    return second ? apply(once, second) : once;
  });
}
