/**
 * Blind self-check cost at env sizes (prints numbers; not a test).
 * Run: node --import tsx bench/self-check.bench.ts [--sizes=1000,5000]
 * Against a served embedded vault (the env's secrets, over HTTP with SigV4) and the fake IAM/STS of
 * tests/fakes (no IAM latency or throttling: real IAM adds a round trip per simulation call, and
 * its rate limits, so expect seconds more there). Prints wall time, ListSecrets pages, simulation
 * calls and resource ARNs asked, and the outcome. At 5,000 secrets (the bound) one check is about
 * 50 ListSecrets pages and 51 SimulatePrincipalPolicy calls of ≤ 100 ARNs.
 */
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { checkBlindAccess } from '../src/main/iam/self-check';
import { startAwsOnFakes } from '../tests/fixtures/aws-profile-on-fakes';

const sizesArg = process.argv.find((arg) => arg.startsWith('--sizes='));
const sizes = (sizesArg ? sizesArg.slice('--sizes='.length) : '1000,5000').split(',').map(Number).filter((n) => n > 0);

const aws = await startAwsOnFakes();
const seeder = new SecretsManagerClient({
  region: aws.vault.region,
  endpoint: aws.awsEndpoints.secretsManager,
  credentials: { accessKeyId: 'AKIDSELFCHECKTEST', secretAccessKey: 'self-check-test-secret-access-key' },
  maxAttempts: 1,
});
const deps = { getVault: () => Promise.reject(new Error('unused')), env: aws.env, awsEndpoints: aws.awsEndpoints, timeouts: { connectionMs: 2_000, requestMs: 30_000 } };
let seeded = 0;
try {
  console.log('secrets  orgs  wall ms  simulate calls  ARNs asked  outcome');
  for (const size of sizes) {
    // Grow the env to `size` secrets over 50 orgs, 16 writes in flight.
    while (seeded < size) {
      const batch = Array.from({ length: Math.min(16, size - seeded) }, (_, index) => seeded + index);
      await Promise.all(batch.map((n) => seeder.send(new CreateSecretCommand({ Name: `agentfoundry/prod/org-${n % 50}/shared/key_${n}`, SecretString: 'bench-throwaway' }))));
      seeded += batch.length;
    }
    aws.fake.requests.length = 0;
    const started = performance.now();
    const verdict = await checkBlindAccess(aws.profile(), deps);
    const wall = performance.now() - started;
    const simulations = aws.fake.requests.filter((request) => request.action === 'SimulatePrincipalPolicy');
    const arns = simulations.reduce((sum, request) => sum + [...request.params.keys()].filter((key) => key.startsWith('ResourceArns.member.')).length, 0);
    console.log(`${String(size).padStart(7)}  ${String(Math.min(size, 50)).padStart(4)}  ${wall.toFixed(0).padStart(7)}  ${String(simulations.length).padStart(14)}  ${String(arns).padStart(10)}  ${verdict.outcome}`);
  }
} finally {
  seeder.destroy();
  await aws.close();
}
