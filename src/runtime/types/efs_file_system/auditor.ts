import {
  DescribeFileSystemPolicyCommand,
  DescribeFileSystemsCommand,
  EFSClient,
  PutFileSystemPolicyCommand,
} from '@aws-sdk/client-efs';
import { partitionOf } from '../../aws/credentials';
import { unless } from '../../aws/errors';
import type { ResourceMessage } from '../../contracts/message';
import {
  judgeOptionsFor,
  judgeResourcePolicy,
  narrowingAction,
  resourcePolicyViolations,
} from '../../auditors/policy';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';
import { type PolicyDocument, type PolicyStatement, plural, withStatements } from '../../policy/document';
import type { PolicyVerdict } from '../../policy/evaluate';
import { narrowPublic } from '../../policy/narrow';
import { isRecord } from '../../json';

/** DescribeFileSystemPolicy's answer for a file system under the default policy. */
const NO_POLICY = ['PolicyNotFound'];

function fileSystemArn(resource: ResourceMessage): string {
  return `arn:${partitionOf(resource.region)}:elasticfilesystem:${resource.region}:${resource.account}:file-system/${resource.id}`;
}

/**
 * What the policy becomes when a fix leaves no statement. Deleting the policy would bring back the
 * default one, which lets every client that can reach a mount target mount, write and use root
 * without IAM ("Default EFS file system policy",
 * https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html): more than a policy
 * granting some of that may have allowed. This one names only the account itself, which leaves the
 * decision to its principals' own IAM policies (an account principal delegates to them: "AWS account
 * principals", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html),
 * so it grants nobody anything they did not have, and keeps clients without IAM out.
 */
function ownAccountOnly(resource: ResourceMessage): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnAccountOnly',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partitionOf(resource.region)}:iam::${resource.account}:root` },
        Action: [
          'elasticfilesystem:ClientMount',
          'elasticfilesystem:ClientWrite',
          'elasticfilesystem:ClientRootAccess',
        ],
        Resource: fileSystemArn(resource),
      },
    ],
  };
}

const MOUNT_TARGET_KEY = 'elasticfilesystem:AccessedViaMountTarget';

/**
 * The public fix: each public statement is pinned to clients that come through a mount target
 * (`Bool elasticfilesystem:AccessedViaMountTarget "true"`, which EFS's block public access counts as
 * not public). Removing the statement instead would shut out the NFS clients that mount without IAM,
 * which count as anonymous and are let in only by a `*` statement
 * (https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html); pinned, they keep
 * their access from the VPC and nobody else gets in. A statement that already names the key is taken
 * through the narrowing fix, as is a policy that is still public once pinned.
 */
function pinToMountTargets(
  document: PolicyDocument,
  verdict: PolicyVerdict,
  resource: ResourceMessage,
  arns: readonly string[],
): { document: PolicyDocument; action: string } {
  const open = document.Statement.filter((_, i) => verdict.statements[i]?.public);
  const namesKey = (st: PolicyStatement) =>
    JSON.stringify(st.Condition ?? {})
      .toLowerCase()
      .includes(`"${MOUNT_TARGET_KEY.toLowerCase()}"`);
  if (!open.some(namesKey)) {
    const pinned = withStatements(
      document,
      document.Statement.map((st) => {
        if (!open.includes(st)) return st;
        const condition = isRecord(st.Condition) ? st.Condition : {};
        const bool = isRecord(condition.Bool) ? condition.Bool : {};
        return { ...st, Condition: { ...condition, Bool: { ...bool, [MOUNT_TARGET_KEY]: 'true' } } };
      }),
    );
    if (!judgeResourcePolicy(pinned, resource, arns).public) {
      return {
        document: pinned,
        action: `pin ${plural(open.length, 'public statement')} to clients that come through a mount target (${MOUNT_TARGET_KEY} "true"): clients in the file system's network keep their access, nobody else gets in`,
      };
    }
  }
  const narrowing = narrowPublic(document, verdict, judgeOptionsFor(resource, arns));
  return {
    document: narrowing.document.Statement.length > 0 ? narrowing.document : ownAccountOnly(resource),
    action:
      narrowing.document.Statement.length > 0
        ? narrowingAction(narrowing, 'file system policy')
        : "replace the file system policy, all of it public, with one that names only the account's own principals (deleting it would bring back the default policy, open to every client that reaches a mount target)",
  };
}

/**
 * EFS file systems (id: the file system id): the file system policy must not let anyone, or an
 * unknown account, mount, write or use root. As IAM Access Analyzer and EFS's block public access
 * judge it, the policy alone decides: a file system without one (the default policy) is not public,
 * and `elasticfilesystem:AccessedViaMountTarget` "true" pins the caller
 * (https://docs.aws.amazon.com/efs/latest/ug/access-control-block-public-access.html).
 */
export const auditor: Auditor = {
  type: 'efs_file_system',

  async inspect(resource, ctx) {
    const efs = ctx.client(EFSClient, 'EFS');
    const FileSystemId = resource.id;
    const read = async () =>
      (await unless(efs.send(new DescribeFileSystemPolicyCommand({ FileSystemId })), NO_POLICY, undefined))
        ?.Policy;
    // FileSystemNotFound (the manifest's notFound) from either call: the file system is gone.
    const [described, text] = await Promise.all([
      efs.send(new DescribeFileSystemsCommand({ FileSystemId })),
      read(),
    ]);
    const fileSystem = described.FileSystems?.find((f) => f.FileSystemId === FileSystemId);
    if (!fileSystem || (fileSystem.OwnerId !== undefined && fileSystem.OwnerId !== resource.account)) {
      return GONE;
    }

    const violations = await resourcePolicyViolations({
      check: 'efs_file_system.public',
      unknownAccountCheck: 'efs_file_system.shared_unknown_account',
      resource,
      ctx,
      text,
      noun: 'File system policy',
      whole: 'file system policy',
      resourceArns: [fileSystemArn(resource)],
      fix: (document, verdict) => pinToMountTargets(document, verdict, resource, [fileSystemArn(resource)]),
      reread: read,
      // The lockout safety check stays on: EFS refuses a policy that would shut the caller out of
      // the next PutFileSystemPolicy, and the fix then fails instead.
      write: async (Policy) => {
        await efs.send(
          new PutFileSystemPolicyCommand({
            FileSystemId,
            Policy: Policy ?? JSON.stringify(ownAccountOnly(resource)),
            BypassPolicyLockoutSafetyCheck: false,
          }),
        );
      },
      whenEmpty: {
        document: ownAccountOnly(resource),
        action:
          "replace the file system policy, all of it public, with one that names only the account's own principals (deleting it would bring back the default policy, open to every client that reaches a mount target)",
        is: "one that names only the account's own principals",
      },
      before: (Policy) => ({ Policy }),
    });
    return { tags: tagsFromList(fileSystem.Tags), violations };
  },
};
