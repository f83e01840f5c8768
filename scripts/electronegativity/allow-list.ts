/**
 * The Electronegativity gate's judgement, apart from running the tool: which findings are
 * explained by the allow-list (security/electronegativity-allow.json), which are not, and which
 * allow-list entries no longer match anything. Pure, so tests feed it findings directly.
 */
import { z } from 'zod';

/** One finding, as the gate keeps it: the check, where, and how sure the tool is. */
export const FindingSchema = z.object({
  check: z.string().min(1),
  /** Relative to the repository root, with forward slashes. */
  file: z.string().min(1),
  line: z.number().int(),
  column: z.number().int(),
  severity: z.string(),
  confidence: z.string(),
  manualReview: z.boolean(),
});
export type Finding = z.infer<typeof FindingSchema>;

/**
 * An explained finding: the check and the file it is in, how many times (so a second window in
 * the same file is not waved through by the first one's reason), and why it is acceptable.
 */
export const AllowEntrySchema = z.strictObject({
  check: z.string().regex(/^[A-Z0-9_]+$/, 'a check id as Electronegativity prints it, e.g. CONTEXT_ISOLATION_JS_CHECK'),
  file: z.string().regex(/^[^\\]+$/, 'a path relative to the repository root, with forward slashes'),
  occurrences: z.number().int().min(1).default(1),
  reason: z.string().trim().min(30, 'say why the finding is acceptable and where that is tested (30 characters at least)'),
});
export type AllowEntry = z.infer<typeof AllowEntrySchema>;

export const AllowListSchema = z.strictObject({
  $comment: z.string().optional(),
  entries: z.array(AllowEntrySchema),
});
export type AllowList = z.infer<typeof AllowListSchema>;

export interface Verdict {
  /** Findings no entry explains, or more of them than the entry allows. */
  readonly unexplained: readonly Finding[];
  /** Entries that match fewer findings than they allow: the code changed, the entry must too. */
  readonly stale: readonly { readonly entry: AllowEntry; readonly found: number }[];
  readonly explained: number;
}

const keyOf = (check: string, file: string): string => `${check}\u0000${file}`;

export function judge(findings: readonly Finding[], allowList: AllowList): Verdict {
  const byKey = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = keyOf(finding.check, finding.file);
    byKey.set(key, [...(byKey.get(key) ?? []), finding]);
  }
  const entries = new Map<string, AllowEntry>();
  for (const entry of allowList.entries) {
    const key = keyOf(entry.check, entry.file);
    if (entries.has(key)) throw new Error(`The allow-list names ${entry.check} in ${entry.file} twice; keep one entry and set its occurrences.`);
    entries.set(key, entry);
  }
  const unexplained: Finding[] = [];
  let explained = 0;
  for (const [key, group] of byKey) {
    const allowed = entries.get(key)?.occurrences ?? 0;
    explained += Math.min(allowed, group.length);
    if (group.length > allowed) unexplained.push(...group.slice(allowed));
  }
  const stale = [...entries.entries()]
    .map(([key, entry]) => ({ entry, found: byKey.get(key)?.length ?? 0 }))
    .filter(({ entry, found }) => found < entry.occurrences);
  return { unexplained, stale, explained };
}

/** The gate's closing words: what is wrong and what to do, or one line that all is well. */
export function describeVerdict(verdict: Verdict, allowListPath: string): string[] {
  const lines: string[] = [];
  for (const f of verdict.unexplained) {
    lines.push(`  unexplained: ${f.check} in ${f.file}:${f.line}:${f.column} (${f.severity}, ${f.confidence}${f.manualReview ? ', review required' : ''})`);
  }
  for (const { entry, found } of verdict.stale) {
    lines.push(`  stale entry: ${entry.check} in ${entry.file} allows ${entry.occurrences}, found ${found}`);
  }
  if (verdict.unexplained.length > 0) {
    lines.push(`Fix the code, or explain each finding in ${allowListPath} (check, file, occurrences, reason).`);
  }
  if (verdict.stale.length > 0) lines.push(`Remove or update the stale entries in ${allowListPath}.`);
  return lines;
}
