/**
 * The served vault's replay guard (prints numbers; not a test).
 * Run: node --expose-gc --import tsx bench/replay-guard.bench.ts
 *  - heap held by the remembered signatures when full (default capacity), and per entry;
 *  - the cost of one check (verify is not included: the guard runs after the signature holds);
 *  - heap held by kept answers at the echo budget.
 * Timings are wall-clock on a shared machine: re-run when it is quiet.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_ECHO_BYTES, DEFAULT_SEEN_SIGNATURES, ReplayGuard, SeenSignatures } from '../src/main/vault/replay-guard';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function heapMiB(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

const MINUTE = 60_000;
const before = heapMiB();
// The server's guard, as the server feeds it: a fresh Authorization header per request.
const full = new ReplayGuard({ capacity: DEFAULT_SEEN_SIGNATURES, echoWindowMs: 0, echoBytes: 0 });
const started = performance.now();
// Arrivals over 15 minutes, dates jittered ±30 s as clock skew would make them.
for (let index = 0; index < DEFAULT_SEEN_SIGNATURES; index += 1) {
  const now = (index / DEFAULT_SEEN_SIGNATURES) * 15 * MINUTE;
  const header = `AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261130/us-east-1/secretsmanager/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${randomBytes(32).toString('hex')}`;
  const signature = /Signature=([0-9a-f]{64})$/.exec(header)?.[1] ?? '';
  const decision = full.check(signature, now + 15 * MINUTE + (Math.random() - 0.5) * MINUTE, now);
  if (decision.kind === 'serve') decision.settle({ status: 200, headers: {}, body: Buffer.alloc(0) }, now);
}
const fillMs = performance.now() - started;
const held = heapMiB() - before;
console.log(`signatures remembered: ${full.remembered.toLocaleString('en-US')} (the default capacity), each from a fresh Authorization header`);
console.log(`heap held: ${held.toFixed(1)} MiB (${((held * 1024 * 1024) / DEFAULT_SEEN_SIGNATURES).toFixed(0)} bytes per signature)`);
console.log(`check: ${((fillMs * 1000) / DEFAULT_SEEN_SIGNATURES).toFixed(2)} µs per call while filling (random bytes and the header included)`);

const signatures = Array.from({ length: 1_000 }, () => randomBytes(32).toString('hex'));
const seen = new SeenSignatures(DEFAULT_SEEN_SIGNATURES);

// Steady state at capacity: as many arrive as expire.
for (let index = 0; index < DEFAULT_SEEN_SIGNATURES; index += 1) seen.admit(`fill-${index}`, 15 * MINUTE + index, 0);
const steady = 200_000;
const t0 = performance.now();
for (let index = 0; index < steady; index += 1) {
  const now = 15 * MINUTE + (index / steady) * 15 * MINUTE;
  seen.admit(`${index}-${signatures[index % signatures.length] as string}`, now + 15 * MINUTE, now);
}
console.log(`admit at capacity with expiry: ${(((performance.now() - t0) * 1000) / steady).toFixed(2)} µs per call`);

const guard = new ReplayGuard({ capacity: DEFAULT_SEEN_SIGNATURES, echoWindowMs: 5_000, echoBytes: DEFAULT_ECHO_BYTES });
const beforeEcho = heapMiB();
let kept = 0;
for (let index = 0; kept < DEFAULT_ECHO_BYTES; index += 1) {
  const decision = guard.check(`echo-${index}`, 15 * MINUTE, 0);
  if (decision.kind !== 'serve') break;
  decision.settle({ status: 200, headers: {}, body: Buffer.alloc(4096) }, 0);
  kept += 4096;
}
console.log(`answers kept at the echo budget (${DEFAULT_ECHO_BYTES / (1024 * 1024)} MiB of 4 KiB answers): ${(heapMiB() - beforeEcho).toFixed(1)} MiB heap (Buffers are off-heap: rss grows by the budget)`);
