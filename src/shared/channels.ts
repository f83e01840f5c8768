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
  'listOrgs',
  'addOrg',
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
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

export function ipcChannel<C extends ChannelName>(name: C): `${typeof CHANNEL_PREFIX}${C}` {
  return `${CHANNEL_PREFIX}${name}`;
}
