/**
 * Diagnostics of a profile: one report, the same for the window and `foundry-secrets doctor`, made
 * only of metadata (endpoint, health, identity, region, clock, credential source, secret ids). It
 * cannot carry a secret value: the app never reads one, and nothing here has a field for it.
 */
import { z } from 'zod';
import { domainIdSchema, envSchema, orgIdSchema, secretNameSchema } from './naming';
import { profileIdSchema, profileKindSchema, profileNameSchema } from './profiles';
import { strictObject } from './schema-kit';

export const DIAGNOSTIC_STATUSES = ['ok', 'warn', 'fail', 'skipped'] as const;
export type DiagnosticStatus = (typeof DIAGNOSTIC_STATUSES)[number];

/** The checks, in the order they are shown. */
export const DIAGNOSTIC_CHECK_IDS = ['endpoint', 'localstack-health', 'identity', 'region', 'clock', 'credentials', 'looking-for'] as const;
export type DiagnosticCheckId = (typeof DIAGNOSTIC_CHECK_IDS)[number];

/** Clock skew: a warning above this, a failure above SigV4's window (AWS refuses requests signed 5 minutes off). */
export const CLOCK_SKEW_WARN_MS = 5_000;
export const CLOCK_SKEW_FAIL_MS = 5 * 60_000;

/** Bounds of a check's fields: the runner clips to them (with an ellipsis) before it parses. */
export const DIAGNOSTIC_LIMITS = { title: 200, detail: 2000, factKey: 40, factValue: 300, facts: 16 } as const;

const factValue = z.union([z.string().max(DIAGNOSTIC_LIMITS.factValue), z.number().finite()]);

export const diagnosticCheckSchema = strictObject({
  id: z.enum(DIAGNOSTIC_CHECK_IDS),
  status: z.enum(DIAGNOSTIC_STATUSES),
  title: z.string().max(DIAGNOSTIC_LIMITS.title),
  /** Plain words: what was found, and what to do about it. */
  detail: z.string().max(DIAGNOSTIC_LIMITS.detail),
  /** Small facts for a script (`--json`) or a support ticket: ids, states, milliseconds. Never a credential or a value. */
  facts: z
    .record(z.string().max(DIAGNOSTIC_LIMITS.factKey), factValue)
    .refine((facts) => Object.keys(facts).length <= DIAGNOSTIC_LIMITS.facts, { error: `at most ${DIAGNOSTIC_LIMITS.facts} facts` })
    .optional(),
  durationMs: z.number().nonnegative().optional(),
});
export type DiagnosticCheck = z.output<typeof diagnosticCheckSchema>;

export const diagnosticsReportSchema = strictObject({
  profile: strictObject({ id: profileIdSchema, name: profileNameSchema, kind: profileKindSchema, env: envSchema }),
  generatedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  /** No check failed (warnings allowed). */
  healthy: z.boolean(),
  /** The run was stopped before every check finished. */
  cancelled: z.boolean(),
  checks: z.array(diagnosticCheckSchema).max(DIAGNOSTIC_CHECK_IDS.length),
});
export type DiagnosticsReport = z.output<typeof diagnosticsReportSchema>;

/** "Looking for" a secret: the parts of its id (the env is the profile's). */
export const diagnosticsSecretSchema = strictObject({
  orgId: orgIdSchema,
  domainId: domainIdSchema.optional(),
  secretName: secretNameSchema,
});
export type DiagnosticsSecret = z.output<typeof diagnosticsSecretSchema>;

export const runDiagnosticsInputSchema = strictObject({
  profileId: profileIdSchema.optional(),
  secret: diagnosticsSecretSchema.optional(),
});
export type RunDiagnosticsInput = z.input<typeof runDiagnosticsInputSchema>;

const STATUS_WORD: Readonly<Record<DiagnosticStatus, string>> = { ok: 'OK', warn: 'WARN', fail: 'FAIL', skipped: 'SKIP' };

/** The status as a word, for a person (the UI shows it next to its icon). */
export function diagnosticStatusWord(status: DiagnosticStatus): string {
  return STATUS_WORD[status];
}

/**
 * C0 and C1 controls (the line feed aside), DEL, and the bidi marks and overrides: what a terminal
 * acts on (escape sequences clear the screen, set the title, colour a forged line) or what reorders
 * text on screen. None belongs in a report.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Terminal escape sequences as a whole (CSI `ESC [ … final`, its C1 form, OSC `ESC ] … BEL|ST`), so no parameters are left behind. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPE_SEQUENCES = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;

/** One line of text, inert: escapes and controls dropped, and a line break (which could forge a report line) made a space. */
function inert(text: string): string {
  return text.replace(/\n/g, ' ').replace(ESCAPE_SEQUENCES, '').replace(CONTROL_CHARACTERS, '');
}

/**
 * The one copyable plain-text report (CLI output, the window's "Copy report"). Built from the
 * report's own fields only, which hold no value. Those fields may carry text a backend sent (names,
 * an identity): the checks only pass text of known forms, and, as a last line of defence, every
 * field is printed without control characters, a detail's own line breaks indented under its check.
 */
export function formatDiagnosticsText(report: DiagnosticsReport, header: readonly string[] = []): string {
  const { profile: raw } = report;
  const profile = { id: inert(raw.id), name: inert(raw.name), kind: inert(raw.kind), env: inert(raw.env) };
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  const warned = report.checks.filter((check) => check.status === 'warn').length;
  const verdict = report.cancelled
    ? 'CANCELLED: not every check finished.'
    : report.healthy
      ? `HEALTHY${warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}`
      : `NOT HEALTHY: ${failed} check${failed === 1 ? '' : 's'} failed${warned > 0 ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}.`;
  const lines: string[] = [
    'Foundry Secrets diagnostics',
    `Profile: ${profile.name} (${profile.id}) · ${profile.kind} · env ${profile.env}`,
    ...header.map(inert),
    `Generated: ${report.generatedAt} (${Math.round(report.durationMs)} ms)`,
    `Result: ${verdict}`,
    '',
  ];
  for (const check of report.checks) {
    lines.push(`[${STATUS_WORD[check.status].padEnd(4)}] ${inert(check.title)}`);
    for (const line of check.detail.split('\n')) lines.push(`       ${inert(line)}`);
    for (const [key, value] of Object.entries(check.facts ?? {})) lines.push(`       · ${inert(key)}: ${inert(String(value))}`);
  }
  return `${lines.join('\n')}\n`;
}
