import { expect } from 'chai';
import { clusterOf } from '../../../../src/runtime/types/ecs_service/auditor';
import { audit, resource } from '../../../helpers/resources';
import { ecsWorld, SERVICE_ARN } from './fixtures';

describe('auditor: ecs_service', () => {
  it('reads the cluster from the ARN (long and short forms)', () => {
    expect(clusterOf(SERVICE_ARN)).to.equal('prod');
    expect(clusterOf('arn:aws:ecs:eu-west-1:111111111111:service/web')).to.equal('default');
  });

  it('stops assigning public IPs, keeping the subnets and security groups', async () => {
    const { aws, findings } = await audit(
      ecsWorld({ assignPublicIp: 'ENABLED' }),
      resource('ecs_service', SERVICE_ARN),
      {
        remediate: true,
        remediateDisruptive: true,
      },
    );
    expect(aws.inputs('ECS.UpdateService')).to.deep.equal([
      {
        cluster: 'prod',
        service: SERVICE_ARN,
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-1', 'subnet-2'],
            securityGroups: ['sg-1'],
            assignPublicIp: 'DISABLED',
          },
        },
      },
    ]);
    expect(findings[0]!.before).to.deep.equal({
      awsvpcConfiguration: {
        subnets: ['subnet-1', 'subnet-2'],
        securityGroups: ['sg-1'],
        assignPublicIp: 'ENABLED',
      },
    });
    expect((await audit(ecsWorld(), resource('ecs_service', SERVICE_ARN))).findings).to.deep.equal([]);
  });
});
