import { createHash } from 'node:crypto';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { CheckId, Severity } from '../contracts/checks';
import { type ResourceMessage, type Trigger, messageKey } from '../contracts/message';
import type { Compliance } from '../types/manifest';
import type { Change } from './lifecycle';

/**
 * What became of the fix for a failed check:
 * - `dry_run`: remediation is off for this check; the action is what would be done;
 * - `applied`: the fix was made; `before` holds the state it replaced;
 * - `failed`: the fix was tried and failed; the error is in `reason`;
 * - `excepted`: the resource is excepted by settings and was not changed;
 * - `not_available`: the check has no automatic fix (reported only).
 */
export const REMEDIATION_STATUSES = ['dry_run', 'applied', 'failed', 'excepted', 'not_available'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

/**
 * A finding's id: the same for a check of a resource in every run and container (a hash of the check,
 * account, region and resource id; global resources, such as buckets and roles, count once per
 * account whatever region reported them).
 */
export function findingId(check: string, resource: ResourceMessage): string {
  return createHash('sha256')
    .update(`${check}|${messageKey(resource)}`)
    .digest('hex');
}

/** A failed check of one resource: what `remediate` prints and notifications carry. */
export interface Finding {
  /** See {@link findingId}. */
  readonly id: string;
  readonly check: CheckId;
  readonly severity: Severity;
  readonly resource: ResourceMessage;
  /** What is wrong, in a sentence that names the offending grant, rule or setting. */
  readonly message: string;
  readonly remediation: {
    readonly action: string;
    readonly status: RemediationStatus;
    /** Why it was excepted or failed. */
    readonly reason?: string;
  };
  /** The state an applied fix replaced (policy, ACL, attribute): enough to undo it. */
  readonly before?: unknown;
  /**
   * The state an applied fix left, in the shape of `before`: `undo` restores `before` only while the
   * resource is still so (absent when the fix did not leave a state to compare).
   */
  readonly after?: unknown;
  /** Why an applied fix cannot be undone (a deleted password cannot be given back). */
  readonly notUndoable?: string;
  /** When the audit saw it (ISO 8601). */
  readonly observedAt: string;
  /** What made the resource be audited. */
  readonly trigger: Trigger;
  /** The FSBP controls and CIS recommendations the check covers (absent when none). */
  readonly compliance?: Compliance;
  /** In a notification sent on a change (with a findings store): what changed. */
  readonly change?: Change;
}

/** SNS subjects must be under 100 printable ASCII characters, on one line. */
export const SNS_SUBJECT_MAX = 99;

function subjectOf(finding: Finding): string {
  const { resource } = finding;
  const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');
  const what = finding.change === 'resolved' ? 'resolved' : finding.remediation.status;
  const head = ascii(
    `[${finding.severity.toUpperCase()}] ${finding.change && finding.change !== 'resolved' ? `${finding.change} ` : ''}${finding.check} ${what}: `,
  );
  const where = ascii(` (${resource.account} ${resource.region})`);
  const room = SNS_SUBJECT_MAX - head.length - where.length;
  const id = ascii(resource.id || resource.type);
  const shortId = id.length <= room ? id : `...${id.slice(id.length - Math.max(room - 3, 0))}`;
  return `${head}${shortId}${where}`.slice(0, SNS_SUBJECT_MAX);
}

/**
 * The SNS Publish input for a finding: a short subject, a body a person can read with the full JSON
 * below it, and message attributes (account, type, check, severity, status) for subscription filters.
 */
export function notificationFor(finding: Finding, topicArn: string): PublishCommandInput {
  const { resource, remediation } = finding;
  const body = [
    ...(finding.change === 'resolved'
      ? [`Resolved: ${finding.check} passes now (or the resource is gone). It was: ${finding.message}`]
      : [finding.message]),
    '',
    `Check:       ${finding.check} (${finding.severity})`,
    `Resource:    ${resource.type} ${resource.id || '(account and region)'}`,
    `Account:     ${resource.account}`,
    `Region:      ${resource.region}`,
    `Remediation: ${remediation.action} -> ${remediation.status}${remediation.reason ? ` (${remediation.reason})` : ''}`,
    '',
    JSON.stringify(finding, null, 2),
  ].join('\n');
  const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
  return {
    TopicArn: topicArn,
    Subject: subjectOf(finding),
    Message: body,
    MessageAttributes: {
      account: attribute(resource.account),
      type: attribute(resource.type),
      check: attribute(finding.check),
      severity: attribute(finding.severity),
      status: attribute(remediation.status),
      ...(finding.change ? { change: attribute(finding.change) } : {}),
    },
  };
}
