import {
  DescribeFileSystemPolicyCommand,
  DescribeFileSystemsCommand,
  EFSClient,
  PutFileSystemPolicyCommand,
} from '@aws-sdk/client-efs';
import { partitionOf } from '../../aws/credentials';
import { unless } from '../../aws/errors';
import type { ResourceMessage } from '../../contracts/message';
import { resourcePolicyViolations } from '../../auditors/policy';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';
import type { PolicyDocument } from '../../policy/document';

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
