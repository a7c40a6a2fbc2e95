import { type CheckIdName, MANIFESTS } from '../types';
import type { CheckSpec } from '../types/manifest';
import type { ResourceType } from './message';

export { SEVERITIES, type Severity } from '../types/manifest';

/**
 * Every check the package knows, as `<resource type>.<name>`, from the type manifests in catalogue
 * order. Settings (`remediate`) may name any of them.
 */
export const CHECK_IDS: readonly CheckIdName[] = MANIFESTS.flatMap((m) => m.checks.map((c) => c.id));

export type CheckId = CheckIdName;

/** What a type's manifest declares about each check it runs. */
export type CheckDefinition = CheckSpec<CheckId>;

/** Every check's declaration, by id. */
export const CHECKS: ReadonlyMap<CheckId, CheckDefinition> = new Map(
  MANIFESTS.flatMap((m) => m.checks.map((c): [CheckId, CheckDefinition] => [c.id, c])),
);

/**
 * Checks whose fix interrupts a workload or deletes something (stops an instance, a database or a
 * task, deletes a console password, deregisters instances, re-encrypts a cluster). `remediate: true`
 * leaves them off: they need `remediateDisruptive: true`, or the check or its type named in the
 * `remediate` map.
 */
export const DISRUPTIVE_CHECKS: ReadonlySet<CheckId> = new Set(
  [...CHECKS.values()].filter((c) => c.consent === 'disruptive').map((c) => c.id),
);

/**
 * Checks whose fix removes access granted to named accounts that are not known (partners are
 * common): fixed only when the check id itself is named in the `remediate` map.
 */
export const NAMED_ONLY_CHECKS: ReadonlySet<CheckId> = new Set(
  [...CHECKS.values()].filter((c) => c.consent === 'named').map((c) => c.id),
);

const CHECK_ID_SET: ReadonlySet<string> = new Set(CHECK_IDS);

export function isCheckId(value: string): value is CheckId {
  return CHECK_ID_SET.has(value);
}

/** The resource type a check id belongs to (`s3_bucket.public` -> `s3_bucket`). */
export function checkResourceType(id: CheckId): ResourceType {
  return id.slice(0, id.indexOf('.')) as ResourceType;
}
