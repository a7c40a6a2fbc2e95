/** Running ECS tasks (id: the task ARN): the ECS world of ecs_service, whose lister lists them too. */
import { resource, type Scenario } from '../../../helpers/resources';
import { TASK_ARN, ecsWorld } from '../ecs_service/fixtures';

export { TASK_ARN, ecsWorld } from '../ecs_service/fixtures';

export const noncompliant: Scenario = {
  resource: resource('ecs_task', TASK_ARN),
  world: () => ecsWorld({ taskPublicIp: '198.51.100.9' }),
  failing: ['ecs_task.public_ip'],
};
