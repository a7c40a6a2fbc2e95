import { expect } from 'chai';
import { ACCOUNT, audit, resource } from '../../../helpers/resources';
import { elbv2World, LB_ARN, TG_ARN } from './fixtures';

describe('auditor: elbv2', () => {
  it('deregisters the instance targets of an internet-facing ALB in a dev account, from a target group id too', async () => {
    for (const id of [LB_ARN, TG_ARN]) {
      const { aws } = await audit(
        elbv2World({ scheme: 'internet-facing', targets: ['i-1'] }),
        resource('elbv2', id),
        {
          devAccounts: [ACCOUNT],
          remediate: true,
          remediateDisruptive: true,
        },
      );
      expect(aws.inputs('Elastic Load Balancing v2.DeregisterTargets')).to.deep.equal([
        { TargetGroupArn: TG_ARN, Targets: [{ Id: 'i-1', Port: 80 }] },
      ]);
    }
    const internal = await audit(elbv2World({ targets: ['i-1'] }), resource('elbv2', LB_ARN), {
      devAccounts: [ACCOUNT],
    });
    expect(internal.findings).to.deep.equal([]);
    const ip = await audit(
      elbv2World({ scheme: 'internet-facing', targets: ['10.0.0.1'], targetType: 'ip' }),
      resource('elbv2', LB_ARN),
      {
        devAccounts: [ACCOUNT],
      },
    );
    expect(ip.findings).to.deep.equal([]);
  });
});
