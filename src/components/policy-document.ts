/** IAM policy documents and the package's tag, as plain values: no Pulumi, no auditors. */

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

export function policyDocument(...statements: Record<string, unknown>[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** The trust policy of a role a service assumes (`lambda.amazonaws.com`, `events.amazonaws.com`). */
export function serviceTrust(service: string): PolicyDocument {
  return policyDocument({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
}

/** The tag every resource of the package carries. */
export const MANAGED_BY_TAG = { 'managed-by': 'pulumi-aws-remediation' } as const;
