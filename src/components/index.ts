export { EventForwarder, type EventForwarderArgs } from './event-forwarder';
export { MemberAccount, type MemberAccountArgs } from './member-account';
export { RemediationMaster, type RemediationMasterArgs, type TopicSubscription } from './remediation-master';
