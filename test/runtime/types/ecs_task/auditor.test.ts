import { expect } from 'chai';
import { audit, resource } from '../../../helpers/resources';
import { ecsWorld, TASK_ARN } from './fixtures';

describe('auditor: ecs_task', () => {
  it('reports a standalone task with a public address but does not stop it: nothing would start it again', async () => {
    const { findings, aws } = await audit(
      ecsWorld({ taskPublicIp: '198.51.100.9', group: 'family:nightly-report' }),
      resource('ecs_task', TASK_ARN),
      { remediate: true, remediateDisruptive: true },
    );
    expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
      ['ecs_task.public_ip', 'not_available'],
    ]);
    expect(findings[0]!.message).to.equal(
      `Standalone task ${TASK_ARN} (group family:nightly-report) is reachable at 198.51.100.9.`,
    );
    expect(aws.calls('ECS.StopTask')).to.deep.equal([]);
  });

  it("stops a running service's task with a public address, and leaves private or stopped tasks", async () => {
    const { aws } = await audit(ecsWorld({ taskPublicIp: '198.51.100.9' }), resource('ecs_task', TASK_ARN), {
      remediate: true,
      remediateDisruptive: true,
    });
    expect(aws.inputs('ECS.StopTask')).to.deep.equal([
      { cluster: 'prod', task: TASK_ARN, reason: 'aws-remediation: ecs_task.public_ip' },
    ]);
    expect(aws.inputs('EC2.DescribeNetworkInterfaces')).to.deep.equal([{ NetworkInterfaceIds: ['eni-1'] }]);
    expect((await audit(ecsWorld(), resource('ecs_task', TASK_ARN))).findings).to.deep.equal([]);
    expect(
      (
        await audit(
          ecsWorld({ taskPublicIp: '198.51.100.9', lastStatus: 'STOPPED' }),
          resource('ecs_task', TASK_ARN),
        )
      ).findings,
    ).to.deep.equal([]);
  });
});
