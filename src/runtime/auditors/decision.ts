import { type CheckId, checkResourceType } from '../contracts/checks';
import type { ResourceMessage } from '../contracts/message';
import type { ResolvedSettings } from '../contracts/settings';

/** What to do about a failed check: fix it, only report what the fix would be, or leave it alone. */
export type RemediationDecision = 'apply' | 'dry_run' | 'excepted';

/** A resource's tags, as key -> value. */
export type Tags = Readonly<Record<string, string>>;

/** Why a resource is excepted, for the finding's message; undefined when it is not. */
export function exceptionReason(
  settings: ResolvedSettings,
  resource: ResourceMessage,
  tags: Tags = {},
): string | undefined {
  const { exceptions } = settings;
  if (exceptions.resources[resource.type]?.includes(resource.id)) {
    return `exceptions.resources.${resource.type} lists ${JSON.stringify(resource.id)}`;
  }
  if (exceptions.accounts[resource.account]?.includes(resource.type)) {
    return `exceptions.accounts["${resource.account}"] lists ${resource.type}`;
  }
  const tag = exceptions.tag;
  if (tag && Object.hasOwn(tags, tag.key) && (tag.value === undefined || tags[tag.key] === tag.value)) {
    return `it carries the exception tag ${tag.key}${tag.value === undefined ? '' : `=${tag.value}`}`;
  }
  return undefined;
}

/**
 * Whether settings turn remediation on for a check: `remediate: true|false`, or a map in which the
 * check id wins over its resource type, and anything unnamed stays off.
 */
export function remediationEnabled(settings: ResolvedSettings, check: CheckId): boolean {
  const { remediate } = settings;
  if (typeof remediate === 'boolean') return remediate;
  return remediate[check] ?? remediate[checkResourceType(check)] ?? false;
}

/**
 * The decision for one failed check of one resource. Exceptions always win, whatever `remediate`
 * says; otherwise the fix is applied only when remediation is on for the check.
 */
export function decide(
  settings: ResolvedSettings,
  resource: ResourceMessage,
  check: CheckId,
  tags: Tags = {},
): RemediationDecision {
  if (exceptionReason(settings, resource, tags) !== undefined) return 'excepted';
  return remediationEnabled(settings, check) ? 'apply' : 'dry_run';
}
