/** EFS file systems (id: the file system id): a file system whose policy is stateful like EFS's. */
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_MARKER } from '../../../helpers/listing';
import {
  ACCOUNT,
  accountStatement,
  policy,
  publicStatement,
  REGION,
  resource,
  type Scenario,
  STRANGER,
  tagList,
} from '../../../helpers/resources';

export const FILE_SYSTEM_ID = 'fs-0123456789abcdef0';
export const FILE_SYSTEM_ARN = `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/${FILE_SYSTEM_ID}`;

/**
 * One file system. Stateful like EFS: PutFileSystemPolicy changes what DescribeFileSystemPolicy
 * answers next; under the default policy it answers PolicyNotFound; another id is FileSystemNotFound.
 */
export function efsWorld(options: { policy?: object; tags?: Record<string, string> } = {}): World {
  let policyText = options.policy ? JSON.stringify(options.policy) : undefined;
  const known = (FileSystemId: string | undefined) => {
    if (FileSystemId !== FILE_SYSTEM_ID) {
      throw awsError('FileSystemNotFound', `File system '${FileSystemId}' does not exist.`, 404);
    }
  };
  return {
    'EFS.DescribeFileSystems': (input: { FileSystemId?: string }) => {
      known(input.FileSystemId);
      return {
        FileSystems: [
          {
            OwnerId: ACCOUNT,
            FileSystemId: FILE_SYSTEM_ID,
            FileSystemArn: FILE_SYSTEM_ARN,
            LifeCycleState: 'available',
            NumberOfMountTargets: 2,
            Tags: tagList(options.tags),
          },
        ],
      };
    },
    'EFS.DescribeFileSystemPolicy': (input: { FileSystemId: string }) => {
      known(input.FileSystemId);
      if (policyText === undefined) throw awsError('PolicyNotFound', 'No file system policy', 404);
      return { FileSystemId: FILE_SYSTEM_ID, Policy: policyText };
    },
    'EFS.PutFileSystemPolicy': (input: { FileSystemId: string; Policy: string }) => {
      known(input.FileSystemId);
      policyText = input.Policy;
      return { FileSystemId: FILE_SYSTEM_ID, Policy: policyText };
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('efs_file_system', FILE_SYSTEM_ID),
  world: () =>
    efsWorld({
      policy: policy(
        publicStatement(
          'Open',
          ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
          FILE_SYSTEM_ARN,
        ),
        accountStatement('Stranger', 'elasticfilesystem:ClientMount', STRANGER, FILE_SYSTEM_ARN),
      ),
    }),
  failing: ['efs_file_system.public', 'efs_file_system.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { efs_file_system: [0, 3] },
  responders: (estate) => ({
    'EFS.DescribeFileSystems': estate.list('efs_file_system', 'FileSystems', NEXT_MARKER, (FileSystemId) => ({
      FileSystemId,
      Tags: [{ Key: 'Name', Value: FileSystemId }],
    })),
  }),
};
