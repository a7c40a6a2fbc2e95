import {
  CHECK_IDS,
  type CheckId,
  DISRUPTIVE_CHECKS,
  NAMED_ONLY_CHECKS,
  checkResourceType,
} from '../contracts/checks';
import type { ResourceMessage } from '../contracts/message';
import type { ResolvedSettings } from '../contracts/settings';

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
 * check id wins over its resource type, and anything unnamed stays off. Two kinds of fix need more
 * than `remediate: true`: a disruptive one ({@link DISRUPTIVE_CHECKS}) needs `remediateDisruptive`
 * or its check or type named in the map; one that removes partner access ({@link NAMED_ONLY_CHECKS})
 * needs its check id named.
 */
export function remediationEnabled(
  settings: Pick<ResolvedSettings, 'remediate' | 'remediateDisruptive'>,
  check: CheckId,
): boolean {
  const { remediate } = settings;
  const map = typeof remediate === 'boolean' ? undefined : remediate;
  const byCheck = map?.[check];
  if (byCheck !== undefined) return byCheck;
  if (NAMED_ONLY_CHECKS.has(check)) return false;
  const byType = map?.[checkResourceType(check)];
  if (byType !== undefined) return byType;
  if (remediate !== true) return false;
  return !DISRUPTIVE_CHECKS.has(check) || settings.remediateDisruptive === true;
}

/** The checks settings turn remediation on for, in catalogue order. */
export function enabledChecks(
  settings: Pick<ResolvedSettings, 'remediate' | 'remediateDisruptive'>,
): CheckId[] {
  return CHECK_IDS.filter((check) => remediationEnabled(settings, check));
}
