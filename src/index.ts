/**
 * pulumi-aws-remediation: find and fix insecure AWS resources across many accounts and regions.
 *
 * The shared contracts (resource messages, settings, checks), the CloudTrail event translator, and
 * the remediator with its auditor registry.
 */
export * from './runtime/contracts';
export * from './runtime/errors';
export {
  buildEventPatterns,
  EVENT_PATTERN_MAX_LENGTH,
  EVENT_RULES,
  translateEvent,
  TranslationTally,
  type CloudTrailEventPattern,
  type EventRule,
  type EventTarget,
  type Translation,
  type TranslationOutcome,
} from './runtime/events';
export { AuditorRegistry, CORE_READ_ACTIONS, registry } from './runtime/auditors/registry';
export {
  GONE,
  type AuditContext,
  type Auditor,
  type Inspection,
  type Violation,
} from './runtime/auditors/types';
export { MANIFESTS, manifestOf, type Manifest } from './runtime/types';
export { defineType, type CheckSpec, type TypeManifest } from './runtime/types/manifest';
export {
  notificationFor,
  REMEDIATION_STATUSES,
  type Finding,
  type RemediationStatus,
} from './runtime/findings/finding';
export { Remediator, type AuditReport, type RemediatorOptions } from './runtime/remediator/remediator';
export {
  EventForwarder,
  MemberAccount,
  OrganizationMembers,
  RemediationMaster,
  forwarderTemplate,
  memberRoleTemplate,
  scheduleProblem,
  type CloudFormationTemplate,
  type ComponentResolvedSettings,
  type EventForwarderArgs,
  type FindingsTableOptions,
  type MemberAccountArgs,
  type MemberAccountBaseArgs,
  type MemberAccountForwardingArgs,
  type MemberAccountWithoutForwardersArgs,
  type MemberRoleSettings,
  type MemberRoleTemplateOptions,
  type OrganizationMembersArgs,
  type OrganizationOperationPreferences,
  type RemediationComponentSettings,
  type RemediationMasterArgs,
  type TopicSubscription,
} from './components';
