import { ListSecretsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseSecretId, type ParsedSecretId } from '../../shared/naming';
import { fromListEntry, type SecretMetadata } from './status';

export interface ListedSecret {
  readonly id: ParsedSecretId;
  readonly meta: SecretMetadata;
}

/**
 * Every secret of this app whose name starts with `prefix`, including those scheduled for
 * deletion: one ListSecrets call per 100 secrets, paginated to the end (never one call per
 * secret). Names that do not parse as ours are foreign and skipped, not errors.
 */
export async function listUnderPrefix(client: SecretsManagerClient, prefix: string): Promise<ListedSecret[]> {
  const found: ListedSecret[] = [];
  const seenTokens = new Set<string>();
  let NextToken: string | undefined;
  do {
    // A backend that hands back a token it already gave (an emulator bug) must not loop forever.
    if (NextToken !== undefined) {
      if (seenTokens.has(NextToken)) break;
      seenTokens.add(NextToken);
    }
    const page = await client.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], IncludePlannedDeletion: true, MaxResults: 100, NextToken }),
    );
    for (const entry of page.SecretList ?? []) {
      const id = parseSecretId(entry.Name);
      // AWS matches the name filter by prefix; the check below also guards emulators that once matched "contains".
      if (id && id.secretId.startsWith(prefix)) found.push({ id, meta: fromListEntry(entry) });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}
