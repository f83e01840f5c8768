/**
 * The renderer's one door to main: the only module that touches `window.foundry`.
 *
 * Each call unwraps the bridge's `IpcResult` and returns its value, or throws a typed `UiError`.
 * Nothing here logs, and no message built here quotes an input: `writeSecret`'s input carries the value.
 *
 * Answers and event payloads are not parsed with the contract's schemas here: main parses every
 * one of them with exactly those schemas, strictly, before it leaves (src/main/ipc/router.ts and
 * events.ts; a field that should not be there withholds the answer), and the trust runs from main
 * to this window, not back (errors too are held to their schema there). Parsing them again here
 * checked nothing new and cost the window's main thread at start: every schema of the contract
 * built before the first screen, and every answer walked (3,000 secrets for 1,000 orgs; a fleet's
 * snapshot events). What is checked here is the envelope, by hand: an answer that is not
 * `{ ok, value }` or a known error is refused as INTERNAL.
 */
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../shared/contract';
import { isErrorCode, type ErrorCode, type ErrorDetails, type WireError } from '../../shared/errors';
import { takeStartupAnswer } from './startup-reads';

/** An error as the store and the screens keep it: plain, JSON-safe data. */
export type UiErrorData = WireError;

export class UiError extends Error {
  override readonly name = 'UiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  toData(): UiErrorData {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** Whatever was thrown, as error data a screen can show. An unknown throw's text is not trusted. */
export function toUiErrorData(error: unknown): UiErrorData {
  if (error instanceof UiError) return error.toData();
  return { code: 'INTERNAL', message: 'Something unexpected failed in the window.' };
}

/** Channels that change something: when no answer comes, whether the change was made is unknown. */
const CHANGES: ReadonlySet<ChannelName> = new Set<ChannelName>(['selectProfile', 'saveProfile', 'removeProfile', 'addOrg', 'writeSecret', 'removeSecret', 'restoreSecret', 'exportAudit', 'saveKeyCheckSettings', 'removeOrg', 'exportFleet', 'saveFleetSettings', 'startImport', 'startBulk', 'cancelJob', 'exportJobReport', 'exportDrift']);

/**
 * The bridge itself failed (the IPC call rejected: main crashed, hung up, or the browser host's
 * request died), as opposed to main answering that the backend is unreachable. Same code set as
 * everywhere (UNREACHABLE), told apart by details.transport so no screen blames the backend.
 */
function transportFailure(channel: ChannelName): UiError {
  const changes = CHANGES.has(channel);
  return new UiError(
    'UNREACHABLE',
    changes
      ? 'The app’s main process did not answer, so whether the change was made is unknown.'
      : 'The app’s main process did not answer this window.',
    { transport: true, outcomeUnknown: changes },
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Details as main sends them: a flat record of strings, numbers and booleans (anything else: none). */
function detailsOf(value: unknown): ErrorDetails | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') ? (value as ErrorDetails) : undefined;
}

type Envelope = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: WireError };

/** The bridge's IpcResult, checked by hand (see the file's comment); null when it is not one. */
export function readEnvelope(raw: unknown): Envelope | null {
  if (!isRecord(raw)) return null;
  if (raw['ok'] === true && 'value' in raw) return { ok: true, value: raw['value'] };
  const error = raw['error'];
  if (raw['ok'] !== false || !isRecord(error) || !isErrorCode(error['code']) || typeof error['message'] !== 'string') return null;
  const details = detailsOf(error['details']);
  return { ok: false, error: details ? { code: error['code'], message: error['message'], details } : { code: error['code'], message: error['message'] } };
}

async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const bridge = typeof window === 'undefined' ? undefined : window.foundry;
  if (!bridge) throw new UiError('INTERNAL', 'The window has no connection to the app (its bridge is missing). Restart the app.');
  let raw: unknown;
  try {
    // Indexing the bridge with a generic channel gives a union of functions; this one takes C's input.
    const send = bridge[channel] as (input: ChannelInput<C>) => Promise<unknown>;
    raw = await (takeStartupAnswer(channel, input) ?? send(input));
  } catch {
    throw transportFailure(channel);
  }
  const result = readEnvelope(raw);
  if (!result) throw new UiError('INTERNAL', `The app answered ${channel} in a shape this window does not understand.`);
  if (!result.ok) {
    const { code, message, details } = result.error;
    throw new UiError(code, message, details);
  }
  // Main parsed it with contract[C].output before sending (router.ts).
  return result.value as ChannelOutput<C>;
}

export const api = {
  listCatalog: () => call('listCatalog', {}),
  listProfiles: () => call('listProfiles', {}),
  selectProfile: (id: string) => call('selectProfile', { id }),
  saveProfile: (profile: ChannelInput<'saveProfile'>['profile']) => call('saveProfile', { profile }),
  removeProfile: (id: string) => call('removeProfile', { id }),
  testConnection: (id?: string) => call('testConnection', id === undefined ? {} : { id }),
  /** The blind self-check (IAM's simulator, through main); `refresh` skips main's few-minute cache. */
  checkBlindAccess: (profileId: string, refresh = false) => call('checkBlindAccess', { profileId, refresh }),
  /** Diagnostics of a profile (metadata only), optionally looking for one secret. */
  runDiagnostics: (input: ChannelInput<'runDiagnostics'>) => call('runDiagnostics', input),
  listOrgs: () => call('listOrgs', {}),
  addOrg: (orgId: string) => call('addOrg', { orgId }),
  removeOrg: (orgId: string) => call('removeOrg', { orgId }),
  loadFleet: (refresh = false) => call('loadFleet', { refresh }),
  cancelFleet: (snapshotId: string) => call('cancelFleet', { snapshotId }),
  /** Main writes the CSV; only its path and the count come back. */
  exportFleet: (orgIds?: readonly string[]) => call('exportFleet', orgIds ? { orgIds: [...orgIds] } : {}),
  /** Both sides listed (from their fleet snapshots) and compared in main: metadata only, never a value. */
  compareDrift: (input: ChannelInput<'compareDrift'>) => call('compareDrift', input),
  cancelDrift: (requestId: string) => call('cancelDrift', { requestId }),
  /** Main writes the CSV (status only); only its path and the count come back. */
  exportDrift: (input: ChannelInput<'exportDrift'>) => call('exportDrift', input),
  saveIamPolicy: (options: ChannelInput<'saveIamPolicy'>) => call('saveIamPolicy', options),
  getFleetSettings: () => call('getFleetSettings', {}),
  saveFleetSettings: (settings: ChannelInput<'saveFleetSettings'>['settings']) => call('saveFleetSettings', { settings }),
  listSecretStatus: (orgId: string, domainId: string) => call('listSecretStatus', { orgId, domainId }),
  /** Main opens a file dialog and keeps the bytes; only a handle and facts about the file come back. */
  pickValueFile: (ref: ChannelInput<'pickValueFile'>) => call('pickValueFile', ref),
  discardValueFile: (handle: string) => call('discardValueFile', { handle }),
  /** The only call that carries a value; it is passed straight through and never kept here. */
  writeSecret: (input: ChannelInput<'writeSecret'>) => call('writeSecret', input),
  removeSecret: (input: ChannelInput<'removeSecret'>) => call('removeSecret', input),
  restoreSecret: (ref: ChannelInput<'restoreSecret'>) => call('restoreSecret', ref),
  listAudit: (input: ChannelInput<'listAudit'>) => call('listAudit', input),
  /** Main writes the file; only its path and the count come back. */
  exportAudit: (input: ChannelInput<'exportAudit'>) => call('exportAudit', input),
  getKeyCheckSettings: () => call('getKeyCheckSettings', {}),
  saveKeyCheckSettings: (settings: ChannelInput<'saveKeyCheckSettings'>['settings']) => call('saveKeyCheckSettings', { settings }),
  /** Main reads the `.env` file (or its own environment) and keeps the values; a handle and counts come back. */
  openImportSource: (kind: ChannelInput<'openImportSource'>['kind']) => call('openImportSource', { kind }),
  forgetImportSource: (sourceId: string) => call('forgetImportSource', { sourceId }),
  previewImport: (input: ChannelInput<'previewImport'>) => call('previewImport', input),
  startImport: (input: ChannelInput<'startImport'>) => call('startImport', input),
  /** Carries a value when the action is `set`: passed straight through and never kept here. */
  startBulk: (input: ChannelInput<'startBulk'>) => call('startBulk', input),
  cancelJob: (jobId: string) => call('cancelJob', { jobId }),
  getJob: (jobId: string) => call('getJob', { jobId }),
  /** Main writes the report (no value in it); only its path and the count come back. */
  exportJobReport: (jobId: string, format: 'csv' | 'json') => call('exportJobReport', { jobId, format }),
} as const;

/**
 * Follows one of main's events. Main parsed each payload with the event's schema before sending it
 * (src/main/ipc/events.ts; one that does not fit is withheld there); here only a payload that is not
 * even an object is dropped. Returns the way to stop.
 */
export function subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
  const bridge = typeof window === 'undefined' ? undefined : window.foundry;
  if (!bridge?.on) return () => undefined;
  return bridge.on[name]((raw: unknown) => {
    if (isRecord(raw)) listener(raw as EventPayload<E>);
  });
}
