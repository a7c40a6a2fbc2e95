export { EventForwarder, type EventForwarderArgs } from './event-forwarder';
export {
  MemberAccount,
  type MemberAccountArgs,
  type MemberAccountBaseArgs,
  type MemberAccountForwardingArgs,
  type MemberAccountWithoutForwardersArgs,
} from './member-account';
export { RemediationMaster, type RemediationMasterArgs, type TopicSubscription } from './remediation-master';
export { scheduleProblem } from './schedule';
export type { ComponentResolvedSettings, RemediationComponentSettings } from './shared';
