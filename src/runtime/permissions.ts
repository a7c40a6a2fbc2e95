import { registry } from './auditors/registry';
import { listerActions } from './poller/listers';

/**
 * Every IAM action the master's functions call in a member account, for the member role's policy:
 * the auditors' read actions, the poller's listings and the organization lookups always; the
 * auditors' remediation actions only when `remediation` is true. Sorted, without duplicates.
 */
export function memberRoleActions(remediation: boolean): string[] {
  return [...new Set([...registry.memberActions(remediation), ...listerActions()])].sort();
}

/** The actions {@link memberRoleActions} adds when remediation is on: every one of them writes. */
export function remediationActions(): string[] {
  const read = new Set(memberRoleActions(false));
  return memberRoleActions(true).filter((a) => !read.has(a));
}
