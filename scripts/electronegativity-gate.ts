/**
 * `npm run security:gate`: Electronegativity over src/, failing on any finding that
 * security/electronegativity-allow.json does not explain with a reason — and on an allow-list
 * entry that no longer matches, a file the tool could not parse, or an inline `eng-disable`
 * comment (explanations live in the allow-list, where they are reviewed, not beside the code).
 * The findings are written as JSON to a temporary directory, named at the end.
 *
 *   --input <dir>   what to scan (default src)
 *   --allow <file>  the allow-list (default security/electronegativity-allow.json)
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AllowListSchema, describeVerdict, judge } from './electronegativity/allow-list';
import { runElectronegativity } from './electronegativity/run';

const { values } = parseArgs({
  options: {
    input: { type: 'string', default: 'src' },
    allow: { type: 'string', default: 'security/electronegativity-allow.json' },
  },
});
const input = values.input;
const allowPath = values.allow;
const root = process.cwd();
const started = Date.now();

/** The files Electronegativity reads from a directory (its own filter: scripts, HTML, package manifests). */
function scannedFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || full.includes('node_modules')) continue;
    if (/\.(jsx?|tsx?|html?)$/i.test(entry.name) || /^(package(-lock)?\.json|yarn\.lock)$/i.test(entry.name)) files.push(full);
  }
  return files;
}

/** The same comment forms Electronegativity honours (util/exceptions.js). */
const INLINE_DISABLE = /(?:\/\*|\/\/|<!--)[ \t]*eng-disable\b/i;

function fail(lines: readonly string[]): never {
  console.error(['electronegativity gate: FAILED', ...lines].join('\n'));
  process.exit(1);
}

const files = scannedFiles(input);
if (files.length === 0) fail([`  nothing to scan in ${input}: is the path right?`]);

const allowList = AllowListSchema.safeParse(JSON.parse(readFileSync(allowPath, 'utf8')));
if (!allowList.success) {
  fail([`  ${allowPath} is not a valid allow-list:`, ...allowList.error.issues.map((i) => `    ${i.path.join('.')}: ${i.message}`)]);
}

const inlineDisables = files.filter((file) => INLINE_DISABLE.test(readFileSync(file, 'utf8')));

const run = await runElectronegativity(input, root);
const reportDir = mkdtempSync(path.join(tmpdir(), 'foundry-electronegativity-'));
const report = path.join(reportDir, 'findings.json');
writeFileSync(report, `${JSON.stringify({ input, checks: run.checks, files: files.length, unparsed: run.unparsed, findings: run.findings }, null, 2)}\n`);

const verdict = judge(run.findings, allowList.data);
const problems = [
  ...run.unparsed.map((u) => `  not checked: ${u.file} could not be parsed (${u.message})`),
  ...inlineDisables.map((file) => `  inline eng-disable in ${path.relative(root, file)}: explain the finding in ${allowPath} instead`),
  ...describeVerdict(verdict, allowPath),
];
if (run.checks === 0) problems.unshift('  Electronegativity loaded no checks');
if (problems.length > 0) fail([...problems, `  findings: ${report}`]);

console.log(
  `electronegativity gate: ${files.length} files, ${run.checks} checks, ${run.findings.length} findings, ` +
    `all explained by ${allowPath} (${allowList.data.entries.length} entries); ${Date.now() - started} ms. Findings: ${report}`,
);
