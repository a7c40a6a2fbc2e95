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
export { AUDITORS, AuditorRegistry, CORE_READ_ACTIONS, registry } from './runtime/auditors/registry';
export type { AuditContext, Auditor } from './runtime/auditors/types';
export type { Violation } from './runtime/auditors/settle';
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
  RemediationMaster,
  scheduleProblem,
  type ComponentResolvedSettings,
  type EventForwarderArgs,
  type MemberAccountArgs,
  type MemberAccountBaseArgs,
  type MemberAccountForwardingArgs,
  type MemberAccountWithoutForwardersArgs,
  type RemediationComponentSettings,
  type RemediationMasterArgs,
  type TopicSubscription,
} from './components';
