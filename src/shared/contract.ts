/**
 * The IPC contract: every channel between the renderer and main, declared once. Main registers a
 * handler per channel from it (input and answer both parsed with these schemas), the preload builds
 * `window.foundry` from it, and the renderer's types come from it.
 *
 * Each channel is status-class (answers metadata) or write-class (takes a value or a change,
 * answers status). No output schema has a field for a secret value, and all are strict, so an
 * answer carrying one is refused rather than passed on.
 */
import { z } from 'zod';
import type { WireError } from './errors';
import { exportAuditInputSchema, exportAuditResultSchema, listAuditInputSchema, listAuditResultSchema } from './audit';
import { catalogListSchema } from './catalog';
import {
  connectionReportSchema,
  profileIdInputSchema,
  profileListSchema,
  saveProfileInputSchema,
  testConnectionInputSchema,
} from './profiles';
import { CHANNEL_NAMES, CHANNEL_PREFIX, EVENT_NAMES, EVENT_PREFIX, eventChannel, ipcChannel, type ChannelName, type EventName } from './channels';
import {
  cancelFleetInputSchema,
  cancelFleetResultSchema,
  exportFleetInputSchema,
  exportFleetResultSchema,
  fleetProgressSchema,
  fleetSettingsAnswerSchema,
  fleetSnapshotSchema,
  loadFleetInputSchema,
} from './fleet';
import {
  cancelJobResultSchema,
  exportJobReportInputSchema,
  exportJobReportResultSchema,
  forgetImportSourceInputSchema,
  forgetImportSourceResultSchema,
  importPreviewSchema,
  jobProgressSchema,
  jobRefInputSchema,
  jobReportSchema,
  openImportSourceInputSchema,
  openImportSourceResultSchema,
  previewImportInputSchema,
  startBulkInputSchema,
  startImportInputSchema,
} from './jobs';
import {
  cancelDriftInputSchema,
  cancelDriftResultSchema,
  compareDriftInputSchema,
  driftReportSchema,
  exportDriftInputSchema,
  exportDriftResultSchema,
} from './drift';
import { policyOptionsSchema, saveIamPolicyResultSchema } from './iam-policy';
import { keyCheckSettingsSchema } from './key-checks';
import { strictObject } from './schema-kit';
import { checkBlindAccessInputSchema, selfCheckVerdictSchema } from './self-check';
import { diagnosticsReportSchema, runDiagnosticsInputSchema } from './diagnostics';
import { discardValueFileInputSchema, discardValueFileResultSchema, pickValueFileResultSchema } from './value-files';
import {
  addOrgInputSchema,
  listSecretStatusInputSchema,
  orgListSchema,
  removeSecretInputSchema,
  secretRefSchema,
  secretStatusListSchema,
  secretStatusSchema,
  writeSecretInputSchema,
  writeSecretResultSchema,
} from './secrets';

export * from './audit';
export * from './catalog';
export * from './diagnostics';
export * from './drift';
export * from './fleet';
export * from './jobs';
export * from './key-checks';
export * from './profiles';
export * from './secrets';
export * from './self-check';
export * from './value-files';
export * from './value-rules';
export { wireErrorSchema } from './schema-kit';
export type { WireError } from './errors';

export { CHANNEL_NAMES, CHANNEL_PREFIX, EVENT_NAMES, EVENT_PREFIX, eventChannel, ipcChannel, type ChannelName, type EventName };

export type ChannelClass = 'status' | 'write';

export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly class: ChannelClass;
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

function status<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): ChannelSpec<I, O> {
  return Object.freeze({ class: 'status', input, output, summary });
}

function write<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): ChannelSpec<I, O> {
  return Object.freeze({ class: 'write', input, output, summary });
}

/** Channels that need no input take `{}` (and nothing else). */
const noInput = strictObject({});
const keyCheckSettingsAnswerSchema = strictObject({ settings: keyCheckSettingsSchema });

export const contract = /* @__PURE__ */ Object.freeze({
  listCatalog: /* @__PURE__ */ status(noInput, catalogListSchema, 'The well-known secrets, grouped by category.'),
  listProfiles: /* @__PURE__ */ status(noInput, profileListSchema, 'All profiles, the active one, AWS profile names found in ~/.aws, and warnings.'),
  selectProfile: /* @__PURE__ */ write(profileIdInputSchema, profileListSchema, 'Make a profile the active one.'),
  saveProfile: /* @__PURE__ */ write(saveProfileInputSchema, profileListSchema, 'Create or replace a profile (by id).'),
  removeProfile: /* @__PURE__ */ write(profileIdInputSchema, profileListSchema, 'Delete a profile (not its secrets).'),
  testConnection: /* @__PURE__ */ status(testConnectionInputSchema, connectionReportSchema, "Check a profile's backend (the active one when no id is given)."),
  checkBlindAccess: /* @__PURE__ */ status(
    checkBlindAccessInputSchema,
    selfCheckVerdictSchema,
    "The blind self-check of a profile (the active one when no id is given): whether IAM's policy simulator lets its identity read secret values. Cached a few minutes in main; refresh asks again.",
  ),
  runDiagnostics: /* @__PURE__ */ status(
    runDiagnosticsInputSchema,
    diagnosticsReportSchema,
    "Diagnose a profile (the active one when no id is given): endpoint and latency, LocalStack health, STS identity, region, clock skew, credential source and expiry, and optionally where the app looks for one secret and its near misses. Metadata only, never a value or a credential.",
  ),
  listOrgs: /* @__PURE__ */ status(noInput, orgListSchema, "Organizations in the active profile's env: discovered from secret names plus those added here."),
  addOrg: /* @__PURE__ */ write(addOrgInputSchema, orgListSchema, 'Add an organization to the list (no secret is created).'),
  removeOrg: /* @__PURE__ */ write(addOrgInputSchema, orgListSchema, 'Remove an organization added by hand from the list (its secrets, if any, are untouched).'),
  loadFleet: /* @__PURE__ */ status(
    loadFleetInputSchema,
    fleetSnapshotSchema,
    "The active env's fleet snapshot (every org × domain × secret, metadata only) as main has it; starts building it when there is none (or on refresh). Batches follow as fleetProgress events.",
  ),
  cancelFleet: /* @__PURE__ */ status(cancelFleetInputSchema, cancelFleetResultSchema, 'Stop building a fleet snapshot (what was listed stays).'),
  exportFleet: /* @__PURE__ */ write(exportFleetInputSchema, exportFleetResultSchema, 'Write the coverage matrix (status only) as CSV where the person picks in a save dialog; only the path and count come back.'),
  compareDrift: /* @__PURE__ */ status(
    compareDriftInputSchema,
    driftReportSchema,
    "Compare two sides (two profiles, or two envs of one backend) org × domain × secret from each side's fleet snapshot (metadata only): present on one side only, scheduled for deletion on one side, last-changed skew beyond a threshold. Answers when both sides are listed, or cancelled.",
  ),
  cancelDrift: /* @__PURE__ */ status(cancelDriftInputSchema, cancelDriftResultSchema, 'Stop a drift comparison still listing its sides (by the request id the window chose).'),
  exportDrift: /* @__PURE__ */ write(exportDriftInputSchema, exportDriftResultSchema, 'Write a drift report kept in main (status only) as CSV where the person picks in a save dialog; only the path and count come back.'),
  getSecretStatus: /* @__PURE__ */ status(secretRefSchema, secretStatusSchema, 'Status of one secret, with the fallback to the org-wide shared one.'),
  listSecretStatus: /* @__PURE__ */ status(listSecretStatusInputSchema, secretStatusListSchema, 'Status of every secret of an org domain (default: shared).'),
  pickValueFile: /* @__PURE__ */ write(
    secretRefSchema,
    pickValueFileResultSchema,
    'Main asks for a file (a native open dialog) and holds its bytes for a write of that one secret; the window gets a handle and facts (text or binary, lines, whitespace at the ends), never the content, path or size.',
  ),
  discardValueFile: /* @__PURE__ */ write(discardValueFileInputSchema, discardValueFileResultSchema, 'Forget a picked file (the form was cancelled).'),
  writeSecret: /* @__PURE__ */ write(
    writeSecretInputSchema,
    writeSecretResultSchema,
    'Create a secret or add a new value to it, typed or from a picked file, optionally after a live check with its provider. The value is never returned.',
  ),
  removeSecret: /* @__PURE__ */ write(removeSecretInputSchema, secretStatusSchema, 'Schedule a secret for deletion (7–30 days) or delete it at once.'),
  restoreSecret: /* @__PURE__ */ write(secretRefSchema, secretStatusSchema, 'Cancel the scheduled deletion of a secret.'),
  listAudit: /* @__PURE__ */ status(listAuditInputSchema, listAuditResultSchema, 'Audit entries (who did what, never a value), newest first, filtered and paged, with the verification of the whole chain.'),
  exportAudit: /* @__PURE__ */ write(exportAuditInputSchema, exportAuditResultSchema, 'Write the matching audit entries to a CSV or JSON file the person picks in a save dialog; only the path and count come back.'),
  getKeyCheckSettings: /* @__PURE__ */ status(noInput, keyCheckSettingsAnswerSchema, 'Whether live key checks are on, and the provider base URLs they use.'),
  saveKeyCheckSettings: /* @__PURE__ */ write(keyCheckSettingsAnswerSchema, keyCheckSettingsAnswerSchema, 'Turn live key checks on or off and set provider base URLs (https, or http to this machine only).'),
  getFleetSettings: /* @__PURE__ */ status(noInput, fleetSettingsAnswerSchema, 'The stale policy: after how many days without a change a secret counts as stale.'),
  saveFleetSettings: /* @__PURE__ */ write(fleetSettingsAnswerSchema, fleetSettingsAnswerSchema, 'Set the stale policy.'),
  openImportSource: /* @__PURE__ */ write(
    openImportSourceInputSchema,
    openImportSourceResultSchema,
    "Main reads a .env file (a native open dialog) or the app's environment and keeps the values; the window gets a handle, the file's name, the number of keys, the line numbers that are not assignments and those of key material dotenv would read as a key (never their content).",
  ),
  forgetImportSource: /* @__PURE__ */ write(forgetImportSourceInputSchema, forgetImportSourceResultSchema, 'Forget an opened import source (its values are dropped from memory).'),
  previewImport: /* @__PURE__ */ status(
    previewImportInputSchema,
    importPreviewSchema,
    'The blind plan of an import into one org and domain: per key, the target secret, whether it exists, a format warning, duplicates and what the run will do. Never a value, its length or a hash.',
  ),
  startImport: /* @__PURE__ */ write(startImportInputSchema, jobReportSchema, 'Run an import plan as a job in main (progress follows as jobProgress events).'),
  startBulk: /* @__PURE__ */ write(
    startBulkInputSchema,
    jobReportSchema,
    'Set one secret (one value typed once, a version per org), schedule its deletion or restore it across many orgs, as a job in main. On prod the env name must be typed to confirm.',
  ),
  cancelJob: /* @__PURE__ */ status(jobRefInputSchema, cancelJobResultSchema, 'Stop a job: nothing more is started; what is in flight finishes and is reported.'),
  getJob: /* @__PURE__ */ status(jobRefInputSchema, jobReportSchema, 'The report of a job: every item with its state and why (no value).'),
  exportJobReport: /* @__PURE__ */ write(exportJobReportInputSchema, exportJobReportResultSchema, 'Write a job report (CSV or JSON, no value) where the person picks in a save dialog; only the path and count come back.'),
  saveIamPolicy: /* @__PURE__ */ write(
    policyOptionsSchema,
    saveIamPolicyResultSchema,
    'Generate the least-privilege IAM policy for these options again in main and write it where the person picks in a save dialog; only the path comes back.',
  ),
  // `satisfies` over an object literal: every name of channels.ts, and no other.
} satisfies Record<ChannelName, ChannelSpec>);

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly class: ChannelClass;
  readonly payload: P;
  readonly summary: string;
}

/** Events main sends to the window; main parses every payload with its schema before sending. */
export const events = /* @__PURE__ */ Object.freeze({
  fleetProgress: /* @__PURE__ */ Object.freeze({
    class: 'status',
    payload: fleetProgressSchema,
    summary: 'A batch of the fleet snapshot being built (secrets listed by a finished shard, progress counts), or a change made by a write.',
  }),
  jobProgress: /* @__PURE__ */ Object.freeze({
    class: 'write',
    payload: jobProgressSchema,
    summary: 'Progress of a bulk job: counts and the items whose state changed (secret ids, states, reasons; never a value).',
  }),
} satisfies Record<EventName, EventSpec>);

export type EventPayload<E extends EventName> = z.output<(typeof events)[E]['payload']>;

/** Every channel, in declaration order (stable: the bridge and the snapshot follow it). */
export const channelNames: readonly ChannelName[] = CHANNEL_NAMES;

export const WRITE_CHANNELS: readonly ChannelName[] = /* @__PURE__ */ (() => Object.freeze(channelNames.filter((name) => contract[name].class === 'write')))();
export const STATUS_CHANNELS: readonly ChannelName[] = /* @__PURE__ */ (() => Object.freeze(channelNames.filter((name) => contract[name].class === 'status')))();

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

export function isWriteChannel(name: ChannelName): boolean {
  return contract[name].class === 'write';
}


export type ChannelInput<C extends ChannelName> = z.input<(typeof contract)[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<(typeof contract)[C]['output']>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** Subscribes to an event; the function it returns unsubscribes. */
export type Subscribe<E extends EventName> = (listener: (payload: EventPayload<E>) => void) => () => void;

export type FoundryApi = {
  readonly [C in ChannelName]: (input: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>;
} & {
  /** One subscribe function per declared event. Payloads are unchecked here: the renderer parses them. */
  readonly on: { readonly [E in EventName]: Subscribe<E> };
};

export interface SurfaceChannel {
  readonly name: ChannelName;
  readonly ipcChannel: string;
  readonly class: ChannelClass;
  readonly summary: string;
  readonly input: unknown;
  readonly output: unknown;
}

/**
 * The whole IPC surface as plain JSON (JSON Schema for each input and answer). A committed
 * snapshot of it turns any change of the surface into a reviewable diff.
 */
export interface SurfaceEvent {
  readonly name: EventName;
  readonly ipcChannel: string;
  readonly class: ChannelClass;
  readonly summary: string;
  readonly payload: unknown;
}

export function describeSurface(): {
  readonly channelPrefix: string;
  readonly channels: readonly SurfaceChannel[];
  readonly eventPrefix: string;
  readonly events: readonly SurfaceEvent[];
} {
  return {
    channelPrefix: CHANNEL_PREFIX,
    eventPrefix: EVENT_PREFIX,
    events: EVENT_NAMES.map((name) => {
      const spec: EventSpec = events[name];
      return { name, ipcChannel: eventChannel(name), class: spec.class, summary: spec.summary, payload: z.toJSONSchema(spec.payload, { io: 'output' }) };
    }),
    channels: channelNames.map((name) => {
      const spec: ChannelSpec = contract[name];
      return {
        name,
        ipcChannel: ipcChannel(name),
        class: spec.class,
        summary: spec.summary,
        input: z.toJSONSchema(spec.input, { io: 'input' }),
        output: z.toJSONSchema(spec.output, { io: 'output' }),
      };
    }),
  };
}
