export { EventForwarder, type EventForwarderArgs } from './event-forwarder';
export {
  MemberAccount,
  type MemberAccountArgs,
  type MemberAccountBaseArgs,
  type MemberAccountForwardingArgs,
  type MemberAccountWithoutForwardersArgs,
} from './member-account';
export type { FindingsTableOptions } from './findings-table';
export { RemediationMaster, type RemediationMasterArgs } from './remediation-master';
export { scheduleProblem } from './schedule';
export type { ComponentResolvedSettings, RemediationComponentSettings } from './shared';
export type { TopicSubscription } from './subscriptions';
export {
  OrganizationMembers,
  type OrganizationMembersArgs,
  type OrganizationOperationPreferences,
} from './organization-members';
export {
  type CloudFormationTemplate,
  type MemberRoleTemplateOptions,
  forwarderTemplate,
  memberRoleTemplate,
} from './member-templates';
export type { MemberRoleSettings } from './documents';
