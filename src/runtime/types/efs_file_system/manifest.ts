import { defineType } from '../manifest';
import { arnPart, first, req } from '../../events/ids';

/** The file system id from an id or, as the API also takes, a file system ARN (`...:file-system/fs-...`). */
function fileSystemId(value: string | undefined): string[] {
  return first(value?.startsWith('arn:') ? arnPart(value, ':file-system/') : value);
}

/**
 * EFS file systems (id: the file system id): the file system policy must not let anyone, or an
 * unknown account, mount, write or use root. Judged as IAM Access Analyzer and EFS's block public
 * access judge it: by the policy alone (reaching a mount target is the network's concern).
 */
export const efsFileSystem = defineType({
  type: 'efs_file_system',
  id: 'the file system id (fs-...)',
  checks: [
    {
      id: 'efs_file_system.public',
      severity: 'high',
      title: 'EFS file system policy allows anyone',
      fix: "pin the public statements to clients that come through a mount target (elasticfilesystem:AccessedViaMountTarget), so NFS clients without IAM keep their access from the network; a statement that already names the key is narrowed (a policy left empty becomes one for the account's own principals); the others stay",
    },
    {
      id: 'efs_file_system.shared_unknown_account',
      severity: 'high',
      title: 'EFS file system policy grants an unknown account',
      fix: 'take the unknown accounts and organizations out of the policy; the others stay',
      consent: 'named',
    },
  ],
  readActions: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeFileSystemPolicy'],
  remediateActions: ['elasticfilesystem:PutFileSystemPolicy'],
  notFound: ['FileSystemNotFound'],
  // CreateFileSystem takes no policy: a new file system has the default one, which no check fails.
  events: [
    {
      eventSource: 'elasticfilesystem.amazonaws.com',
      eventNames: ['PutFileSystemPolicy'],
      ids: (d) => fileSystemId(req(d, 'fileSystemId')),
    },
  ],
  listing: {
    actions: ['elasticfilesystem:DescribeFileSystems'],
    load: async () => (await import('./lister')).lister,
  },
  // ASFF has a type for EFS access points (AwsEfsAccessPoint), none for file systems.
  securityHub: {
    resourceType: 'Other',
    arn: (r, p) => `arn:${p}:elasticfilesystem:${r.region}:${r.account}:file-system/${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['elasticfilesystem:PutFileSystemPolicy'],
});
