import { EFSClient, paginateDescribeFileSystems } from '@aws-sdk/client-efs';
import type { Lister } from '../../poller/listers';
import { tagsFromList } from '../../auditors/tags';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'efs_file_system',
  client: EFSClient,
  serviceId: 'EFS',
  paginate: paginateDescribeFileSystems,
  input: {},
  next: (p) => p.NextMarker,
  items: (p) => p.FileSystems,
  id: (fileSystem) => fileSystem.FileSystemId,
  tags: (fileSystem) => tagsFromList(fileSystem.Tags),
});
