/**
 * The IAM documents and event patterns of a member account, as plain values: MemberAccount and
 * EventForwarder build their resources from them, and the CloudFormation templates of
 * OrganizationMembers (member-templates.ts) are built from the same functions, so the two routes
 * cannot drift apart. Nothing here depends on Pulumi: the CLI prints the templates without it.
 * Where a value differs between the routes (an ARN that is a Pulumi output here, a CloudFormation
 * `Ref` there) the functions take it as an argument.
 */
import { type CloudTrailEventPattern, buildEventPatterns } from '../runtime/events/pattern';
import { EVENT_RULES } from '../runtime/events/table';
import { memberRoleActions } from '../runtime/permissions';
import { type PolicyDocument, policyDocument } from './policy-document';

export { MANAGED_BY_TAG, type PolicyDocument, policyDocument, serviceTrust } from './policy-document';

/** What the member role is for, in its description. */
export const MEMBER_ROLE_DESCRIPTION =
  'Assumed by the remediation master to audit (and, when allowed, fix) this account';

/** The member role's longest session: one hour, as long as the master's functions run. */
export const MEMBER_ROLE_MAX_SESSION = 3600;

/** The description of the rules that forward a member account's API calls to the master's bus. */
export const FORWARDER_RULE_DESCRIPTION =
  'API calls the remediation translator acts on, forwarded to the security account';

/** The condition that requires the ExternalId on AssumeRole. */
export function externalIdCondition(externalId: unknown): Record<string, unknown> {
  return { StringEquals: { 'sts:ExternalId': externalId } };
}

/**
 * The member role's trust statement: only the master's function roles (`principals`: their ARNs, or
 * a CloudFormation `Ref` to them) may assume it, under `condition` when there is one (usually
 * {@link externalIdCondition}).
 */
export function memberTrustStatement(principals: unknown, condition?: unknown): Record<string, unknown> {
  return {
    Sid: 'MasterFunctionsOnly',
    Effect: 'Allow',
    Principal: { AWS: principals },
    Action: 'sts:AssumeRole',
    ...(condition !== undefined ? { Condition: condition } : {}),
  };
}

/** What in settings the member role's trust and permissions depend on. */
export interface MemberRoleSettings {
  /** The role's name, the same in every account. Default `member_remediator`. */
  readonly memberRoleName?: string;
  /** `confirmWithAccessAnalyzer`: the fixes ask IAM Access Analyzer first. */
  readonly confirmWithAccessAnalyzer?: boolean;
  /** `allowUndo`: `aws-remediation undo` may put back what fixes replaced. */
  readonly allowUndo?: boolean;
}

/**
 * The member role's own policy: the generated actions (read-only unless `remediation`), and with
 * remediation a Deny on changing the trust of the role itself (`ownRoleArn`), so that a fix never
 * changes who may assume it.
 */
export function memberPermissionsDocument(
  remediation: boolean,
  settings: MemberRoleSettings,
  ownRoleArn: unknown,
): PolicyDocument {
  return policyDocument(
    {
      Sid: remediation ? 'AuditAndRemediate' : 'AuditOnly',
      Effect: 'Allow',
      Action: memberRoleActions(remediation, settings),
      Resource: '*',
    },
    ...(remediation
      ? [
          {
            Sid: 'NeverChangeOwnTrust',
            Effect: 'Deny',
            Action: 'iam:UpdateAssumeRolePolicy',
            Resource: ownRoleArn,
          },
        ]
      : []),
  );
}

/** The trust of the events role: EventBridge, for the rules of `account` only. */
export function eventsRoleTrust(account: unknown): PolicyDocument {
  return policyDocument({
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': account } },
  });
}

/** The events role's policy: PutEvents on the master's buses (their ARNs), and nothing else. */
export function putOnMasterBusesDocument(busArns: unknown): PolicyDocument {
  return policyDocument({
    Sid: 'PutOnMasterBuses',
    Effect: 'Allow',
    Action: 'events:PutEvents',
    Resource: busArns,
  });
}

/** The event patterns a forwarder's rules match: the translator table's, one rule each. */
export function forwarderPatterns(): CloudTrailEventPattern[] {
  return buildEventPatterns();
}

/**
 * The key of a pattern: its first event source without `.amazonaws.com`, or `''` when that is the
 * table's first. Each event source is in one pattern only, so no two patterns share a key, and the
 * key does not depend on where the pattern is in the list.
 */
export function patternKey(pattern: CloudTrailEventPattern): string {
  const source = pattern.detail.$or[0]?.eventSource[0];
  if (source === undefined) throw new RangeError('an event pattern without an event source');
  return source === EVENT_RULES[0]?.eventSource ? '' : source.replace(/\.amazonaws\.com$/, '');
}
