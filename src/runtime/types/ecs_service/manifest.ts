import { defineType } from '../manifest';
import { first, res } from '../../events/ids';

/** ECS services (id: the service ARN): tasks started without public IP addresses. */
export const ecsService = defineType({
  type: 'ecs_service',
  id: 'the service ARN',
  checks: [
    {
      id: 'ecs_service.public_ip',
      compliance: { fsbp: ['ECS.2'] },
      severity: 'high',
      title: 'ECS service gives its tasks public IP addresses',
      fix: 'update the service to not assign public IPs',
    },
  ],
  readActions: ['ecs:DescribeServices'],
  remediateActions: ['ecs:UpdateService'],
  notFound: ['ClusterNotFoundException'],
  events: [
    {
      eventSource: 'ecs.amazonaws.com',
      eventNames: ['CreateService', 'UpdateService'],
      ids: (d) => first(res(d, 'service', 'serviceArn')),
    },
  ],
  // One listing of each cluster yields its services and its running tasks.
  listing: {
    actions: ['ecs:ListClusters', 'ecs:ListServices', 'ecs:ListTasks'],
    load: async () => (await import('./lister')).lister,
  },
  securityHub: { resourceType: 'AwsEcsService', arn: (r) => r.id },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['ecs:UpdateService'],
});
