/**
 * `ORG/NAME` or `ORG/DOMAIN/NAME` (with `--domain D` for the first form) as a SecretRef. A part
 * that breaks the naming rules is refused by the rule it breaks; the text typed is not repeated
 * (a value pasted in the wrong place must not come back on the screen).
 */
import { DEFAULT_DOMAIN_ID } from '../shared/naming';
import type { SecretRef } from '../shared/secrets';
import { segmentOf } from './common-flags';
import { usageError } from './errors';

export function parseSecretRef(argument: string | undefined, domainFlag: string | undefined, hint: string): SecretRef {
  if (argument === undefined) throw usageError('missing the secret: ORG/NAME or ORG/DOMAIN/NAME', hint);
  const parts = argument.split('/');
  if (parts.length !== 2 && parts.length !== 3) throw usageError('the secret must be ORG/NAME or ORG/DOMAIN/NAME', hint);
  const [orgText = '', middle = '', last] = parts;
  const nameText = last ?? middle;
  const domainText = last === undefined ? domainFlag : middle;
  if (last !== undefined && domainFlag !== undefined && domainFlag !== middle) {
    throw usageError('the domain is given twice (in ORG/DOMAIN/NAME and --domain) and they differ', hint);
  }
  return {
    orgId: segmentOf('the organization id', 'orgId', orgText, hint),
    domainId: segmentOf('the domain id', 'domainId', domainText ?? DEFAULT_DOMAIN_ID, hint),
    secretName: segmentOf('the secret name', 'secretName', nameText, hint),
  };
}
