/** `foundry-secrets iam --help`. */
export function iamHelp(): string {
  return `Print the least-privilege IAM policy for a role of Foundry Secrets, built from the calls the
app makes. No role is ever allowed to read a value: GetSecretValue is left out and explicitly denied.

USAGE
  foundry-secrets iam --role admin|support --env ENV [--org ORG] [--account ID] [--region REGION] [flags]

FLAGS
  --role ROLE            admin: write, rotate, delete, restore and status.
                         support: status only (list and describe).
  --env ENV              dev, staging or prod: the secrets under agentfoundry/ENV/
  --org ORG              Only this organization's secrets (agentfoundry/ENV/ORG/); default: the
                         whole env
  --account ID           The 12-digit AWS account id (default: any, "*")
  --region REGION        The region, such as eu-central-1 (default: any, "*"). cn-… and us-gov-…
                         regions select the aws-cn and aws-us-gov partitions.
  --deny-force-delete    admin: also deny deleting without a recovery window (the app's
                         "Delete now" is then refused)
  --json                 Print { policy, caveats } as one JSON document
  -h, --help             Show this help

OUTPUT
  The policy JSON (2-space indent) on stdout, ready for aws iam create-policy
  --policy-document file://policy.json. What IAM cannot express (ListSecrets cannot be scoped
  to a prefix, so a role that may list sees every secret name in the account and region; KMS
  keys; resource policies) is printed on stderr as notes, or in "caveats" with --json.

EXIT CODES
  0  The policy was printed
  2  Bad usage or input: an unknown flag, a missing --role or --env, an org that breaks the
     naming rules, an account that is not 12 digits, a region that is not a region name

EXAMPLES
  # Support staff for one organization in production, in one account and region
  $ foundry-secrets iam --role support --env prod --org acme --account 123456789012 --region eu-central-1

  # Admins of the whole staging env, saved for the AWS CLI
  $ foundry-secrets iam --role admin --env staging > policy.json
  $ aws iam create-policy --policy-name foundry-admin-staging --policy-document file://policy.json
`;
}
