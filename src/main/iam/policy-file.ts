/**
 * Saving a generated IAM policy where the person chooses. The window sends the options, not the
 * JSON: main generates the policy again, so the file holds exactly what the generator makes and
 * nothing the window could have changed.
 */
import { generatePolicy, parsePolicyOptions, policyFileName, policyJson, type PolicyOptions, type SaveIamPolicyResult } from '../../shared/iam-policy';
import { saveExport, type ChooseSavePath } from '../export-file';

export async function saveIamPolicy(choose: ChooseSavePath | undefined, options: PolicyOptions): Promise<SaveIamPolicyResult> {
  const valid = parsePolicyOptions(options);
  const generated = generatePolicy(valid);
  const saved = await saveExport(choose, { defaultName: policyFileName(valid), title: 'Save IAM policy', content: () => policyJson(generated.policy) });
  return saved.saved ? { saved: true, path: saved.path } : { saved: false };
}
