import { expect } from 'chai';
import { ACCOUNT, audit, resource } from '../../../helpers/resources';
import { elbWorld, LB_NAME } from './fixtures';

describe('auditor: elb', () => {
  it('reports instances whose required tags differ from their load balancer, and missing tags', async () => {
    const { findings } = await audit(
      elbWorld({
        instances: ['i-1', 'i-2'],
        tags: { owner: 'web' },
        instanceTags: { 'i-1': { owner: 'web' }, 'i-2': { owner: 'data' } },
      }),
      resource('elb', LB_NAME),
      { requiredTags: ['owner'] },
    );
    expect(findings.map((f) => [f.check, f.remediation.status, f.message])).to.deep.equal([
      [
        'elb.instance_tag_mismatch',
        'not_available',
        'Instances behind load balancer web-classic differ from it in required tags (owner=web): i-2 (owner=data).',
      ],
    ]);
  });

  it('deregisters the instances of an internet-facing classic load balancer in a dev account only', async () => {
    const world = () => elbWorld({ scheme: 'internet-facing', instances: ['i-1'] });
    expect((await audit(world(), resource('elb', LB_NAME))).findings).to.deep.equal([]);
    const { aws, findings } = await audit(world(), resource('elb', LB_NAME), {
      devAccounts: [ACCOUNT],
      remediate: true,
      remediateDisruptive: true,
    });
    expect(aws.inputs('Elastic Load Balancing.DeregisterInstancesFromLoadBalancer')).to.deep.equal([
      { LoadBalancerName: LB_NAME, Instances: [{ InstanceId: 'i-1' }] },
    ]);
    expect(findings[0]!.before).to.deep.equal({ Instances: [{ InstanceId: 'i-1' }] });
  });
});
