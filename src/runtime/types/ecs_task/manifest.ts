import { defineType } from '../manifest';
import { TASK_START_DELAY, strings } from '../../events/ids';

/** Running ECS tasks (id: the task ARN): no public IP address. */
export const ecsTask = defineType({
  type: 'ecs_task',
  id: 'the task ARN',
  checks: [
    {
      id: 'ecs_task.public_ip',
      severity: 'high',
      title: 'Running ECS task has a public IP address',
      fix: 'stop the task when it belongs to a service (which starts a new one); a standalone task is reported only, since nothing would start it again',
      notUndoable:
        'a stopped task cannot be started again; its service has already started a new one in its place',
      consent: 'disruptive',
    },
  ],
  readActions: ['ecs:DescribeTasks', 'ec2:DescribeNetworkInterfaces'],
  remediateActions: ['ecs:StopTask'],
  notFound: ['ClusterNotFoundException'],
  events: [
    // One message per task; its network interface appears shortly after RunTask returns.
    {
      eventSource: 'ecs.amazonaws.com',
      eventNames: ['RunTask', 'StartTask'],
      ids: (d) => strings(d.responseElements, ['tasks'], 'taskArn'),
      delay: TASK_START_DELAY,
    },
  ],
  listing: { listedWith: 'ecs_service' },
  securityHub: { resourceType: 'AwsEcsTask', arn: (r) => r.id },
  auditor: async () => (await import('./auditor')).auditor,
});
