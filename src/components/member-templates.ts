/**
 * The CloudFormation templates OrganizationMembers deploys with StackSets to every account of chosen
 * organizational units, and `aws-remediation member-template` prints: the member role, and one
 * region's forwarder. Built from the same functions as MemberAccount and EventForwarder
 * (documents.ts), so that an account gets the same role and rules either way. No Pulumi here.
 */
import { DEFAULT_MEMBER_ROLE_NAME } from '../runtime/contracts/settings';
import {
  FORWARDER_RULE_DESCRIPTION,
  MANAGED_BY_TAG,
  MEMBER_ROLE_DESCRIPTION,
  MEMBER_ROLE_MAX_SESSION,
  type MemberRoleSettings,
  eventsRoleTrust,
  externalIdCondition,
  forwarderPatterns,
  memberPermissionsDocument,
  memberTrustStatement,
  patternKey,
  putOnMasterBusesDocument,
} from './documents';

/** A CloudFormation template, as JSON. */
export interface CloudFormationTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Parameters: Record<string, Record<string, unknown>>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  readonly Outputs?: Record<string, unknown>;
}

/** The logical id of the member role in {@link memberRoleTemplate}. */
export const MEMBER_ROLE_RESOURCE = 'MemberRole';
/** The logical id of the events role in {@link forwarderTemplate}. */
export const EVENTS_ROLE_RESOURCE = 'EventsRole';

/** The parameters of the role template. */
export const ROLE_PARAMETERS = { masterRoleArns: 'MasterRoleArns', externalId: 'ExternalId' } as const;
/** The parameters of the forwarder template. */
export const FORWARDER_PARAMETERS = {
  masterAccountId: 'MasterAccountId',
  eventBusName: 'EventBusName',
} as const;

const HAS_EXTERNAL_ID = 'HasExternalId';

/** Tags as CloudFormation takes them. */
const CFN_TAGS = Object.entries(MANAGED_BY_TAG).map(([Key, Value]) => ({ Key, Value }));

export interface MemberRoleTemplateOptions {
  /**
   * Let the master fix what it finds: grants the auditors' remediation actions. Default false: the
   * role can only read.
   */
  readonly remediation?: boolean;
  /** The settings the role depends on (memberRoleName, confirmWithAccessAnalyzer, allowUndo). */
  readonly settings?: MemberRoleSettings;
}

/**
 * The member role as a CloudFormation template: named `settings.memberRoleName`, trusting only the
 * master's function roles (parameter `MasterRoleArns`, a comma-delimited list) with the ExternalId
 * (parameter `ExternalId`, no condition when it is empty), and with the generated actions as its
 * inline policy. Deploy it in one region of each account: the role is global.
 */
export function memberRoleTemplate(options: MemberRoleTemplateOptions = {}): CloudFormationTemplate {
  const settings = options.settings ?? {};
  const roleName = settings.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME;
  const { masterRoleArns, externalId } = ROLE_PARAMETERS;
  // The role's own ARN, written out: a role's properties cannot refer to its own attributes.
  const ownArn = { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${roleName}` };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `pulumi-aws-remediation: the member role ${roleName} the remediation master assumes (${options.remediation ? 'audit and remediate' : 'audit only'})`,
    Parameters: {
      [masterRoleArns]: {
        Type: 'CommaDelimitedList',
        Description: "The master's function roles (RemediationMaster.memberTrustRoleArns), comma-separated",
      },
      [externalId]: {
        Type: 'String',
        NoEcho: true,
        Default: '',
        Description: "The master's ExternalId; empty: none is required",
      },
    },
    Conditions: { [HAS_EXTERNAL_ID]: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: externalId }, ''] }] } },
    Resources: {
      [MEMBER_ROLE_RESOURCE]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: roleName,
          Description: MEMBER_ROLE_DESCRIPTION,
          MaxSessionDuration: MEMBER_ROLE_MAX_SESSION,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              memberTrustStatement(
                { Ref: masterRoleArns },
                {
                  'Fn::If': [
                    HAS_EXTERNAL_ID,
                    externalIdCondition({ Ref: externalId }),
                    { Ref: 'AWS::NoValue' },
                  ],
                },
              ),
            ],
          },
          Policies: [
            {
              PolicyName: 'member-role',
              PolicyDocument: memberPermissionsDocument(options.remediation ?? false, settings, ownArn),
            },
          ],
          Tags: CFN_TAGS,
        },
      },
    },
    Outputs: { MemberRoleArn: { Value: { 'Fn::GetAtt': [MEMBER_ROLE_RESOURCE, 'Arn'] } } },
  };
}

/** The logical id of a forwarder rule: `ForwardRule`, or `ForwardRule<Key>` for other patterns. */
export function forwarderRuleResource(key: string): string {
  const suffix = key
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `ForwardRule${suffix}`;
}

/**
 * One region's forwarder as a CloudFormation template: an EventBridge rule per pattern of the
 * translator table on the account's default bus, whose target is the master's bus of the stack's
 * own region (`arn:${AWS::Partition}:events:${AWS::Region}:${MasterAccountId}:event-bus/${EventBusName}`),
 * put there by an events role that EventBridge of this account only may assume and that may only
 * PutEvents on that bus. Deploy it in every watched region of each account.
 */
export function forwarderTemplate(): CloudFormationTemplate {
  const { masterAccountId, eventBusName } = FORWARDER_PARAMETERS;
  const busArn = {
    'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${${masterAccountId}}:event-bus/\${${eventBusName}}`,
  };
  const rules: CloudFormationTemplate['Resources'] = {};
  for (const pattern of forwarderPatterns()) {
    rules[forwarderRuleResource(patternKey(pattern))] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: FORWARDER_RULE_DESCRIPTION,
        EventPattern: pattern,
        State: 'ENABLED',
        Targets: [
          { Id: 'master-bus', Arn: busArn, RoleArn: { 'Fn::GetAtt': [EVENTS_ROLE_RESOURCE, 'Arn'] } },
        ],
      },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      "pulumi-aws-remediation: forwards this region's API calls of interest to the remediation master's event bus",
    Parameters: {
      [masterAccountId]: {
        Type: 'String',
        AllowedPattern: '^\\d{12}$',
        Description: 'The security account, where the master runs',
      },
      [eventBusName]: {
        Type: 'String',
        Description: "The name of the master's event bus in this region",
      },
    },
    Resources: {
      [EVENTS_ROLE_RESOURCE]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description: "Lets this account's EventBridge rules put events on the remediation master's bus",
          AssumeRolePolicyDocument: eventsRoleTrust({ Ref: 'AWS::AccountId' }),
          Policies: [{ PolicyName: 'put-on-master-bus', PolicyDocument: putOnMasterBusesDocument([busArn]) }],
          Tags: CFN_TAGS,
        },
      },
      ...rules,
    },
  };
}
