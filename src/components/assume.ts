import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { policyDocument } from './shared';

/** Accounts up to which the member role ARNs are listed one by one in the functions' own policies. */
export const MAX_LISTED_ROLE_ARNS = 100;

/**
 * Accounts per managed policy past {@link MAX_LISTED_ROLE_ARNS}: 15 characters each in an
 * `aws:ResourceAccount` list, so 350 take about 5,500 of a managed policy's 6,144 characters (IAM
 * counts no white space), with room for a 64-character role name and any partition.
 */
export const ACCOUNTS_PER_ASSUME_POLICY = 350;

/** IAM's default quota of managed policies attached to one role. */
export const MAX_MANAGED_POLICIES_PER_ROLE = 10;

export interface MemberAssumeArgs {
  readonly accounts: readonly string[];
  readonly organizationAccounts: readonly string[];
  readonly memberRoleName: string;
  readonly organizationId?: pulumi.Input<string>;
  readonly partition: pulumi.Output<string>;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** A managed policy of {@link ACCOUNTS_PER_ASSUME_POLICY} accounts, and its part (1, 2, ...). */
export interface AssumePolicy {
  /** Which 350 of the sorted accounts it lists: the key its resources are named by. */
  readonly part: number;
  readonly policy: aws.iam.Policy;
}

/** What lets the remediator and the poll worker assume the member role, and only where it should. */
export interface MemberAssumeGrant {
  /** Statements for the functions' own (inline) policies. */
  readonly statements: Record<string, unknown>[];
  /** Managed policies to attach to both roles (past {@link MAX_LISTED_ROLE_ARNS} listed accounts). */
  readonly policies: AssumePolicy[];
}

/** The most accounts `settings.accounts` may list (managed policies of 350 accounts, 10 per role). */
export const MAX_PINNED_ACCOUNTS = ACCOUNTS_PER_ASSUME_POLICY * MAX_MANAGED_POLICIES_PER_ROLE;

/**
 * `sts:AssumeRole` on the member role, pinned to the accounts that are known:
 *
 * - up to 100 listed accounts, the role ARN of each, in the functions' own policies;
 * - past 100, the role name in any account with a condition on `aws:ResourceAccount` (the account
 *   that owns the role AssumeRole is called on) listing the accounts, in managed policies of 350
 *   accounts each: 1,000 accounts take 3, within IAM's size limits (a role's own policies hold 10,240
 *   characters in all; a managed policy 6,144);
 * - for the accounts of the organization in `organizationAccounts` (not known at deployment): the
 *   role name in any account of that organization (`aws:ResourceOrgID` = `organizationId`). With
 *   more than one management account (several organizations, one `organizationId`), the role name in
 *   any account.
 *
 * The accounts are sorted first, so the order of `settings.accounts` changes no policy; adding one
 * updates the policies in place (their names follow the position of their 350 accounts).
 */
export function memberAssumeGrant(
  name: string,
  args: MemberAssumeArgs,
  parent: pulumi.Resource,
): MemberAssumeGrant {
  const { partition, memberRoleName } = args;
  const anyAccount = pulumi.interpolate`arn:${partition}:iam::*:role/${memberRoleName}`;
  const accounts = [...args.accounts].sort();
  const statements: Record<string, unknown>[] = [];
  const policies: AssumePolicy[] = [];

  if (accounts.length > 0 && accounts.length <= MAX_LISTED_ROLE_ARNS) {
    statements.push({
      Sid: 'AssumeMemberRole',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: args.accounts.map(
        (a) => pulumi.interpolate`arn:${partition}:iam::${a}:role/${memberRoleName}`,
      ),
    });
  } else if (accounts.length > MAX_LISTED_ROLE_ARNS) {
    for (let start = 0; start < accounts.length; start += ACCOUNTS_PER_ASSUME_POLICY) {
      const part = start / ACCOUNTS_PER_ASSUME_POLICY + 1;
      policies.push({
        part,
        policy: new aws.iam.Policy(
          `${name}-assume-members-${part}`,
          {
            description: `Assume ${memberRoleName} in listed member accounts (part ${part})`,
            policy: pulumi.jsonStringify(
              policyDocument({
                Sid: 'AssumeMemberRoleInListedAccounts',
                Effect: 'Allow',
                Action: 'sts:AssumeRole',
                Resource: anyAccount,
                Condition: {
                  StringEquals: {
                    'aws:ResourceAccount': accounts.slice(start, start + ACCOUNTS_PER_ASSUME_POLICY),
                  },
                },
              }),
            ),
            tags: args.tags,
          },
          { parent },
        ),
      });
    }
  }

  if (args.organizationAccounts.length === 1 && args.organizationId !== undefined) {
    statements.push({
      Sid: 'AssumeMemberRoleInOrganization',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: anyAccount,
      Condition: { StringEquals: { 'aws:ResourceOrgID': args.organizationId } },
    });
  } else if (args.organizationAccounts.length > 0) {
    // Several organizations: their accounts are not known at deployment, and one organizationId
    // cannot name them all.
    statements.push({
      Sid: 'AssumeMemberRoleInAnyAccount',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: anyAccount,
    });
  }
  return { statements, policies };
}
