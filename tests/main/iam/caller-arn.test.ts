/** Which principal an STS caller ARN names, for IAM's simulator. */
import { describe, expect, it } from 'vitest';
import { parseCallerArn, roleArnWithoutPath } from '../../../src/main/iam/caller-arn';

describe('caller ARN', () => {
  it('tells root, users, assumed roles and federated users apart, in any partition', () => {
    expect(parseCallerArn('arn:aws:iam::123456789012:root')).toEqual({ kind: 'root', partition: 'aws', account: '123456789012' });
    expect(parseCallerArn('arn:aws-us-gov:iam::123456789012:user/ops/ana')).toMatchObject({ kind: 'user', partition: 'aws-us-gov', arn: 'arn:aws-us-gov:iam::123456789012:user/ops/ana' });
    const role = parseCallerArn('arn:aws-cn:sts::123456789012:assumed-role/AWSReservedSSO_Support_0123/ana@example.com');
    expect(role).toEqual({ kind: 'assumed-role', partition: 'aws-cn', account: '123456789012', roleName: 'AWSReservedSSO_Support_0123' });
    if (role.kind === 'assumed-role') expect(roleArnWithoutPath(role)).toBe('arn:aws-cn:iam::123456789012:role/AWSReservedSSO_Support_0123');
    expect(parseCallerArn('arn:aws:sts::123456789012:federated-user/ana')).toMatchObject({ kind: 'federated-user' });
  });

  it('calls anything else unknown (never guesses a principal)', () => {
    for (const arn of ['', 'arn:aws:iam::12345:root', 'arn:aws:sts::123456789012:assumed-role/', 'arn:aws:s3:::bucket', 'arn:aws:sts::123456789012:assumed-role/bad name/s']) {
      expect(parseCallerArn(arn).kind, arn).toBe('unknown');
    }
  });
});
