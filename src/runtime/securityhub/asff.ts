/**
 * Findings in the AWS Security Finding Format (ASFF), for `BatchImportFindings`: one per failed check
 * of an audited resource, and one per check it passes (settings `securityHub`).
 */

import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { partitionOf } from '../aws/credentials';
import { relatedRequirements } from '../compliance/controls';
import type { ResourceMessage } from '../contracts/message';
import { type Finding, findingId } from '../findings/finding';
import type { CheckSpec, SecurityHubResource } from '../types/manifest';

/** The ASFF version every finding is written in. */
export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Security Hub's limit on a finding's `Description`. */
export const ASFF_DESCRIPTION_MAX = 1024;

/** Security Hub's limit on a finding's `Title`. */
export const ASFF_TITLE_MAX = 256;

/** The finding type every check reports under (namespace/category/classifier). */
export const ASFF_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';

/** `GeneratorId` of a check's findings. */
export function generatorId(check: string): string {
  return `aws-remediation/${check}`;
}

/**
 * The product ARN of findings an account imports for itself (the account's "default" product):
 * Security Hub takes a finding only from its own account and region.
 */
export function productArn(account: string, region: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}:${account}:product/${account}/default`;
}

/** What one ASFF finding says about one check of one resource. */
export interface AsffSubject {
  readonly check: Pick<CheckSpec, 'id' | 'title' | 'severity' | 'fix' | 'compliance'>;
  readonly resource: ResourceMessage;
  /** How Security Hub names the resource's type. */
  readonly hubResource: SecurityHubResource;
  /**
   * The failing finding (Compliance FAILED, RecordState ACTIVE); absent for a check the resource
   * passes (Compliance PASSED, RecordState ARCHIVED: nothing is left to act on).
   */
  readonly finding?: Finding;
  /** The check failed before (what it said) and now passes, or the resource is gone. */
  readonly resolved?: { readonly message: string };
  /** When the audit saw it (`UpdatedAt`, and `CreatedAt`). */
  readonly at: Date;
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 3)}...`;
}

/** The ASFF finding of a check of a resource: its `Id` is the finding id, failed or not. */
export function asffFinding(subject: AsffSubject): AwsSecurityFinding {
  const { check, resource, finding, resolved } = subject;
  const { account, region } = resource;
  const partition = partitionOf(region);
  const at = subject.at.toISOString();
  const label = check.severity.toUpperCase();
  const requirements = relatedRequirements(check.compliance);
  const description = finding
    ? finding.message
    : resolved
      ? `Resolved: ${check.id} passes now, or the resource is gone. It was: ${resolved.message}`
      : `${check.id} passes.`;
  const recommendation = finding
    ? `${finding.remediation.action} (remediation: ${finding.remediation.status}${finding.remediation.reason ? `, ${finding.remediation.reason}` : ''})`
    : (check.fix ?? 'No action needed.');
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: findingId(check.id, resource),
    ProductArn: productArn(account, region),
    GeneratorId: generatorId(check.id),
    AwsAccountId: account,
    Types: [ASFF_TYPE],
    CreatedAt: at,
    UpdatedAt: at,
    Severity: { Label: label },
    FindingProviderFields: { Severity: { Label: label }, Types: [ASFF_TYPE] },
    Title: truncate(check.title, ASFF_TITLE_MAX),
    Description: truncate(description, ASFF_DESCRIPTION_MAX),
    Remediation: { Recommendation: { Text: truncate(recommendation, 512) } },
    ProductFields: {
      'aws-remediation/check': check.id,
      'aws-remediation/type': resource.type,
      ...(finding ? { 'aws-remediation/status': finding.remediation.status } : {}),
    },
    Resources: [
      {
        Type: subject.hubResource.resourceType,
        Id: subject.hubResource.arn(resource, partition),
        Partition: partition,
        Region: region,
      },
    ],
    Compliance: {
      Status: finding ? 'FAILED' : 'PASSED',
      ...(requirements.length > 0 ? { RelatedRequirements: requirements } : {}),
    },
    RecordState: finding ? 'ACTIVE' : 'ARCHIVED',
  } as AwsSecurityFinding;
}
