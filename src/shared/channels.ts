/**
 * The channel names alone, with no schema library: the sandboxed preload bundles this file and
 * nothing else of the contract, so it stays about 1.5 kB. `contract.ts` is typed to declare
 * exactly these channels, and a test checks the two lists match in order.
 */
export const CHANNEL_PREFIX = 'foundry:' as const;

export const CHANNEL_NAMES = [
  'listCatalog',
  'listProfiles',
  'selectProfile',
  'saveProfile',
  'removeProfile',
  'testConnection',
  'checkBlindAccess',
  'runDiagnostics',
  'listOrgs',
  'addOrg',
  'removeOrg',
  'loadFleet',
  'cancelFleet',
  'exportFleet',
  'compareDrift',
  'cancelDrift',
  'exportDrift',
  'getSecretStatus',
  'listSecretStatus',
  'pickValueFile',
  'discardValueFile',
  'writeSecret',
  'removeSecret',
  'restoreSecret',
  'listAudit',
  'exportAudit',
  'getKeyCheckSettings',
  'saveKeyCheckSettings',
  'getFleetSettings',
  'saveFleetSettings',
  'openImportSource',
  'forgetImportSource',
  'previewImport',
  'startImport',
  'startBulk',
  'cancelJob',
  'getJob',
  'exportJobReport',
  'saveIamPolicy',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

export function ipcChannel<C extends ChannelName>(name: C): `${typeof CHANNEL_PREFIX}${C}` {
  return `${CHANNEL_PREFIX}${name}`;
}

/**
 * Events main sends to the window (progress of long work). Each is declared in the contract with
 * its payload schema and class, like a channel; the bridge exposes one typed subscribe function
 * per event (`window.foundry.on.<event>(listener)`), never a generic listener.
 */
export const EVENT_PREFIX = 'foundry-event:' as const;

export const EVENT_NAMES = ['fleetProgress', 'jobProgress'] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export function eventChannel<E extends EventName>(name: E): `${typeof EVENT_PREFIX}${E}` {
  return `${EVENT_PREFIX}${name}`;
}
