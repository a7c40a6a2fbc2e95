/**
 * Imports ASFF findings into AWS Security Hub with `BatchImportFindings`, in each finding's own
 * account and region (Security Hub accepts a finding only there), at most 100 findings per call.
 */

import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { ClientSource } from '../aws/clients';
import { describeError } from '../aws/errors';
import { RemediationError } from '../errors';

/** `BatchImportFindings` takes at most 100 findings per call. */
export const SECURITY_HUB_BATCH_SIZE = 100;

/** One `BatchImportFindings` call: findings of one account and region. */
export interface ImportBatch {
  readonly account: string;
  readonly region: string;
  readonly findings: AwsSecurityFinding[];
}

/** Groups findings by account and region (from each one's product ARN), in batches of at most `size`. */
export function importBatches(
  findings: readonly AwsSecurityFinding[],
  size = SECURITY_HUB_BATCH_SIZE,
): ImportBatch[] {
  const groups = new Map<string, ImportBatch>();
  for (const finding of findings) {
    const account = finding.AwsAccountId ?? '';
    const region = finding.Resources?.[0]?.Region ?? finding.ProductArn?.split(':')[3] ?? '';
    const key = `${account}/${region}`;
    const group = groups.get(key) ?? { account, region, findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap((group) => {
    const batches: ImportBatch[] = [];
    for (let i = 0; i < group.findings.length; i += size) {
      batches.push({ ...group, findings: group.findings.slice(i, i + size) });
    }
    return batches;
  });
}

/** Some findings were not imported; the record fails so that they are sent again. */
export class SecurityHubImportError extends RemediationError {
  constructor(
    readonly failed: readonly AwsSecurityFinding[],
    total: number,
    detail: string,
  ) {
    super(`${failed.length} of ${total} findings could not be imported into Security Hub: ${detail}`);
    this.name = 'SecurityHubImportError';
  }
}

/**
 * Imports the findings through the member role of each account and region. Returns the findings that
 * were not imported (named in `FailedFindings`, or all of a call that threw) and the first error.
 */
export async function importFindings(
  clients: ClientSource,
  findings: readonly AwsSecurityFinding[],
): Promise<{ failed: AwsSecurityFinding[]; errors: string[] }> {
  const { SecurityHubClient, BatchImportFindingsCommand } = await import('@aws-sdk/client-securityhub');
  const failed: AwsSecurityFinding[] = [];
  const errors: string[] = [];
  for (const batch of importBatches(findings)) {
    const client = clients.get(SecurityHubClient, 'SecurityHub', batch.account, batch.region);
    try {
      const answer = await client.send(new BatchImportFindingsCommand({ Findings: batch.findings }));
      const rejected = answer.FailedFindings ?? [];
      for (const error of rejected) {
        const finding = batch.findings.find((f) => f.Id === error.Id);
        if (finding) failed.push(finding);
        errors.push(`${error.Id}: ${error.ErrorCode} ${error.ErrorMessage}`);
      }
      if (rejected.length === 0 && (answer.FailedCount ?? 0) > 0) {
        failed.push(...batch.findings);
        errors.push(`${answer.FailedCount} findings failed in ${batch.account} ${batch.region}`);
      }
    } catch (error) {
      failed.push(...batch.findings);
      errors.push(`${batch.account} ${batch.region}: ${describeError(error)}`);
    }
  }
  return { failed, errors };
}
