import { CONFIRM_ACTIONS, registry } from './auditors/registry';
import { listerActions } from './poller/listers';

/** What in settings changes the member role's actions. */
export interface MemberActionOptions {
  /** `confirmWithAccessAnalyzer`: the fixes ask IAM Access Analyzer first. */
  readonly confirmWithAccessAnalyzer?: boolean;
  /** `allowUndo`: `aws-remediation undo` may put back what fixes replaced, through the member role. */
  readonly allowUndo?: boolean;
  /** `securityHub`: the remediator imports findings into Security Hub through the member role. */
  readonly securityHub?: boolean;
}

/** The action the remediator imports findings into Security Hub with (settings `securityHub`). */
export const SECURITY_HUB_ACTIONS = ['securityhub:BatchImportFindings'] as const;

/**
 * Every IAM action the master's functions call in a member account, for the member role's policy:
 * the auditors' read actions, the poller's listings and the organization lookups always; the
 * auditors' remediation actions only when `remediation` is true, with IAM Access Analyzer's
 * CheckNoPublicAccess when the fixes are to be confirmed by it; the writes of `undo` only with
 * `allowUndo`; Security Hub's BatchImportFindings only with `securityHub`. Sorted, without duplicates.
 */
export function memberRoleActions(remediation: boolean, options: MemberActionOptions = {}): string[] {
  const confirm = remediation && options.confirmWithAccessAnalyzer === true ? CONFIRM_ACTIONS : [];
  const undo = options.allowUndo === true ? registry.undoActions() : [];
  const hub = options.securityHub === true ? SECURITY_HUB_ACTIONS : [];
  return [
    ...new Set([...registry.memberActions(remediation), ...listerActions(), ...confirm, ...undo, ...hub]),
  ].sort();
}

/** The actions {@link memberRoleActions} adds when remediation is on: every one of them writes. */
export function remediationActions(): string[] {
  const read = new Set(memberRoleActions(false));
  return memberRoleActions(true).filter((a) => !read.has(a));
}
