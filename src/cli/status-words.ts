/**
 * A secret's status in words for the command line: the state as the fleet matrix says it
 * (configured / inherited / missing / scheduled) and the dates. Built from status fields only.
 */
import type { SecretState, SecretStatus } from '../shared/secrets';

const STATE_WORDS: Readonly<Record<SecretState, string>> = {
  configured: 'configured',
  inherited: 'inherited',
  'not-configured': 'missing',
  'scheduled-for-deletion': 'scheduled',
};

export function stateWord(state: SecretState): string {
  return STATE_WORDS[state];
}

/** "2026-11-30 06:40" (UTC), or "—". */
export function shortDate(iso: string | undefined): string {
  return iso === undefined ? '—' : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** What to add after the state: where it is inherited from, when it will be deleted. */
export function stateNote(status: SecretStatus): string {
  if (status.state === 'inherited' && status.inheritedFrom) return `from ${status.inheritedFrom}`;
  if (status.state === 'scheduled-for-deletion' && status.deletionDate) return `deleted on ${shortDate(status.deletionDate)} unless restored`;
  return '';
}

/** One line about a secret: "agentfoundry/dev/acme/shared/openai_api_key: configured (last changed 2026-11-30 06:40)". */
export function statusLine(status: SecretStatus): string {
  const note = stateNote(status);
  const changed = status.lastChangedAt === undefined ? '' : `last changed ${shortDate(status.lastChangedAt)}`;
  const extra = [changed, note].filter((text) => text !== '').join('; ');
  return `${status.secretId}: ${stateWord(status.state)}${extra === '' ? '' : ` (${extra})`}\n`;
}
