/**
 * The Electronegativity gate (scripts/electronegativity-gate.ts). The judgement is unit-tested;
 * then the real tool runs over small fixture apps: an insecure window fails the gate, the same
 * window with every finding explained passes (so the gate can pass at all), and an inline
 * `eng-disable` comment fails it. `npm test` runs the gate over src/ itself (npm run security:gate).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowListSchema, describeVerdict, judge, type AllowList, type Finding } from '../../scripts/electronegativity/allow-list';

const ROOT = path.resolve(__dirname, '../..');

const finding = (check: string, file: string, line = 1): Finding => ({ check, file, line, column: 0, severity: 'HIGH', confidence: 'FIRM', manualReview: false });
const entry = (check: string, file: string, occurrences = 1) => ({ check, file, occurrences, reason: 'explained at length, with the test that shows it' });

describe('judge', () => {
  it('explains a finding by its check and file', () => {
    const verdict = judge([finding('SANDBOX_JS_CHECK', 'src/main/window.ts')], { entries: [entry('SANDBOX_JS_CHECK', 'src/main/window.ts')] });
    expect(verdict).toEqual({ unexplained: [], stale: [], explained: 1 });
  });

  it('leaves unexplained a finding of another check, or in another file', () => {
    const allow = { entries: [entry('SANDBOX_JS_CHECK', 'src/main/window.ts')] };
    const other = [finding('NODE_INTEGRATION_JS_CHECK', 'src/main/window.ts'), finding('SANDBOX_JS_CHECK', 'src/main/other.ts')];
    const verdict = judge([finding('SANDBOX_JS_CHECK', 'src/main/window.ts'), ...other], allow);
    expect(verdict.unexplained).toEqual(other);
  });

  it('does not let one reason cover a second occurrence in the same file', () => {
    const verdict = judge([finding('SANDBOX_JS_CHECK', 'a.ts', 10), finding('SANDBOX_JS_CHECK', 'a.ts', 40)], { entries: [entry('SANDBOX_JS_CHECK', 'a.ts')] });
    expect(verdict.unexplained).toEqual([finding('SANDBOX_JS_CHECK', 'a.ts', 40)]);
  });

  it('calls an entry stale when the code no longer has what it explains', () => {
    const verdict = judge([finding('SANDBOX_JS_CHECK', 'a.ts')], { entries: [entry('SANDBOX_JS_CHECK', 'a.ts', 2), entry('AUXCLICK_JS_CHECK', 'a.ts')] });
    expect(verdict.stale.map((s) => [s.entry.check, s.found])).toEqual([
      ['SANDBOX_JS_CHECK', 1],
      ['AUXCLICK_JS_CHECK', 0],
    ]);
    expect(describeVerdict(verdict, 'allow.json').join('\n')).toMatch(/stale entry: AUXCLICK_JS_CHECK in a\.ts allows 1, found 0/);
  });

  it('refuses the same check and file listed twice', () => {
    expect(() => judge([], { entries: [entry('X_CHECK', 'a.ts'), entry('X_CHECK', 'a.ts')] })).toThrow(/twice/);
  });
});

describe('the allow-list file', () => {
  it('needs a reason for every entry, and nothing but known fields', () => {
    expect(AllowListSchema.safeParse({ entries: [{ check: 'X_CHECK', file: 'a.ts' }] }).success).toBe(false);
    expect(AllowListSchema.safeParse({ entries: [{ check: 'X_CHECK', file: 'a.ts', reason: 'ok' }] }).success).toBe(false);
    expect(AllowListSchema.safeParse({ entries: [{ ...entry('X_CHECK', 'a.ts'), ignoreAll: true }] }).success).toBe(false);
    expect(AllowListSchema.safeParse({ entries: [{ check: 'X_CHECK', file: 'a.ts', reason: 'explained at length, with its test' }] }).data?.entries[0]?.occurrences).toBe(1);
  });

  it('security/electronegativity-allow.json is valid, and every entry names a file that exists', () => {
    const list = AllowListSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'security/electronegativity-allow.json'), 'utf8')));
    expect(list.entries.length).toBeGreaterThan(0);
    for (const e of list.entries) expect(readFileSync(path.join(ROOT, e.file), 'utf8').length, e.file).toBeGreaterThan(0);
  });
});

// ── the real tool over fixture apps ─────────────────────────────────────────────────────────

const INSECURE_WINDOW = `const { BrowserWindow } = require('electron');
const win = new BrowserWindow({ webPreferences: { nodeIntegration: true } });
win.loadURL('app://bundle/index.html');
`;

function gate(input: string, allow: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/electronegativity-gate.ts', '--input', input, '--allow', allow], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('the gate, run for real', { timeout: 180_000 }, () => {
  let dir: string;
  const app = (name: string, source: string): string => {
    const input = path.join(dir, name);
    mkdirSync(input, { recursive: true });
    writeFileSync(path.join(input, 'main.js'), source);
    return input;
  };
  const allowList = (name: string, list: AllowList): string => {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(list));
    return file;
  };
  /** Everything the insecure window triggers except nodeIntegration, explained. */
  const allBut = (input: string, ...left: string[]): AllowList => ({
    entries: [
      ...['CSP_GLOBAL_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK'].map((check) => entry(check, 'N/A')),
      ...['AUXCLICK_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK'].map((check) => entry(check, path.join(input, 'main.js'))),
    ].filter((e) => !left.includes(e.check)),
  });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'foundry-gate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on a window with nodeIntegration: true that nobody explained, and names it', async () => {
    const input = app('insecure', INSECURE_WINDOW);
    const result = await gate(input, allowList('insecure', allBut(input, 'NODE_INTEGRATION_JS_CHECK')));
    expect(result.code, result.out).toBe(1);
    expect(result.out).toMatch(/unexplained: NODE_INTEGRATION_JS_CHECK in .*main\.js:2:/);
    // Only that one: the rest is explained.
    expect(result.out.match(/unexplained:/g)).toHaveLength(1);
  });

  it('passes the same app once every finding is explained (the gate can pass)', async () => {
    const input = app('explained', INSECURE_WINDOW);
    const result = await gate(input, allowList('explained', allBut(input)));
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/electronegativity gate: 1 files, \d+ checks, 7 findings, all explained/);
  });

  it('fails on an inline eng-disable comment, which would hide a finding from the tool', async () => {
    const input = app('inline', `// eng-disable NODE_INTEGRATION_JS_CHECK\n${INSECURE_WINDOW}`);
    const result = await gate(input, allowList('inline', allBut(input, 'NODE_INTEGRATION_JS_CHECK')));
    expect(result.code, result.out).toBe(1);
    expect(result.out).toMatch(/inline eng-disable in .*main\.js/);
  });
});
