import type { ResourceType } from '../contracts/message';
import { manifestOf } from '../types';
import type { Auditor } from './types';

/** What the remediator needs to find a type's auditor: now, or once loaded. */
export interface AuditorLookup {
  find(type: ResourceType): Auditor | undefined | Promise<Auditor | undefined>;
}

/**
 * The auditors the functions use: each type's, from its manifest, loaded on first use. A function
 * that audits only SQS queues never loads the EC2, RDS or IAM clients (in the bundles these become
 * lazily initialised modules).
 */
export const lazyRegistry: AuditorLookup = {
  find: (type) => manifestOf(type)?.auditor(),
};

/** A lookup of only these auditors (tests, and runs limited to some types). */
export function auditorsOf(...auditors: readonly Auditor[]): AuditorLookup {
  const byType = new Map(auditors.map((a) => [a.type, a]));
  return { find: (type) => byType.get(type) };
}
