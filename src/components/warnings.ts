import * as pulumi from '@pulumi/pulumi';
import { DISRUPTIVE_CHECKS } from '../runtime/contracts/checks';
import { partitionOf } from '../runtime/contracts/regions';
import type { ResolvedSettings } from '../runtime/contracts/settings';
import { enabledChecks } from '../runtime/auditors/decision';

/**
 * The region where CloudTrail delivers the events of IAM (a global service) in the commercial
 * partition; the defaults of `eventRegions` and `forwarderRegions` always add it.
 */
export const IAM_EVENTS_REGION = 'us-east-1';

/**
 * Warns when settings turn on fixes that interrupt a workload or delete something (stopping an
 * instance, a database or a task, deleting a console password, deregistering instances), listing
 * them. `scope` says where they would run ("" for the master; the member adds why).
 */
export function warnDisruptiveFixes(
  settings: Pick<ResolvedSettings, 'remediate' | 'remediateDisruptive'>,
  parent: pulumi.Resource,
  scope = '',
): void {
  const disruptive = enabledChecks(settings).filter((check) => DISRUPTIVE_CHECKS.has(check));
  if (disruptive.length === 0) return;
  const how =
    settings.remediateDisruptive === true
      ? 'remediateDisruptive is true'
      : 'remediate names them or their resource type';
  const rds = disruptive.includes('rds.unencrypted')
    ? ' AWS starts a stopped RDS instance (or Aurora cluster) again after seven days, so the stop of rds.unencrypted is not permanent: the database runs again until the next sweep stops it once more; restore it from an encrypted snapshot copy to end it.'
    : '';
  pulumi.log.warn(
    `settings turn on ${disruptive.length} disruptive ${disruptive.length === 1 ? 'fix' : 'fixes'} (${how})${scope}: ${disruptive.join(', ')}. They stop, deregister or delete what they find (instances, databases, tasks, console passwords); set remediateDisruptive: false and leave them out of remediate to keep them reported only.${rds}`,
    parent,
  );
}

/**
 * Warns when an override of the regions whose events are routed (`setting`) leaves out us-east-1
 * while IAM users and roles are audited (always): their changes would then wait for the next sweep.
 * Only for regions of the commercial partition, where IAM's events arrive in us-east-1.
 */
export function warnIamEventsUnwatched(
  setting: 'eventRegions' | 'forwarderRegions',
  regions: readonly string[],
  parent: pulumi.Resource,
): void {
  if (regions.length === 0 || regions.includes(IAM_EVENTS_REGION)) return;
  if (!regions.every((r) => partitionOf(r) === 'aws')) return;
  pulumi.log.warn(
    `${setting} leaves out ${IAM_EVENTS_REGION}: IAM is a global service whose CloudTrail events arrive in ${IAM_EVENTS_REGION} only, so changes to IAM users and roles (iam_user, iam_role) are not seen until the next sweep. Add "${IAM_EVENTS_REGION}" to ${setting}, or leave ${setting} unset for the default (settings.regions and ${IAM_EVENTS_REGION}).`,
    parent,
  );
}
