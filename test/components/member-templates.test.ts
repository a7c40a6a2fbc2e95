import { expect } from 'chai';
import { buildEventPatterns } from '../../src/runtime/events/pattern';
import { memberRoleActions } from '../../src/runtime/permissions';
import { keyedName, patternKey } from '../../src/components/events';
import { forwarderRuleResource } from '../../src/components/member-templates';
import { resolveIn } from '../helpers/cloudformation';
import { MASTER_ACCOUNT, installMocks, json, resourcesOf, settled, valueOf } from '../helpers/pulumi';

type Components = typeof import('../../src/components');

const MASTER_ROLES = [
  'arn:aws:iam::000000000000:role/sec-remediator-1a2b3c',
  'arn:aws:iam::000000000000:role/sec-poll-worker-1a2b3c',
];
const BUSES = {
  'eu-west-1': 'arn:aws:events:eu-west-1:000000000000:event-bus/sec-bus-eu-west-1',
  'us-east-1': 'arn:aws:events:us-east-1:000000000000:event-bus/sec-bus-us-east-1',
};
const base = { regions: ['eu-west-1'], accounts: ['111111111111'], allowUndo: true };

describe('templates: the member role and forwarder templates create what MemberAccount creates', function () {
  let components: Components;

  before(async function () {
    await installMocks();
    components = await import('../../src/components');
  });

  for (const remediation of [false, true]) {
    for (const externalId of ['shared-secret', undefined]) {
      it(`the same role, trust and policy (remediation ${remediation ? 'on' : 'off'}, ${externalId ? 'with' : 'without'} an ExternalId)`, async () => {
        const prefix = `tpl-${remediation ? 'rw' : 'ro'}-${externalId ? 'id' : 'noid'}`;
        const settings = {
          ...base,
          memberRoleName: `${prefix}-role`,
          confirmWithAccessAnalyzer: true,
          ...(externalId ? { externalId } : {}),
        };
        const member = new components.MemberAccount(prefix, {
          settings,
          masterRoleArns: MASTER_ROLES,
          forwarderRegions: [],
          remediation,
        });
        await settled([member, member.memberRole]);
        const role = resourcesOf(`${prefix}-member`, 'aws:iam/role:Role')[0]!;
        const policy = resourcesOf(`${prefix}-member`, 'aws:iam/rolePolicy:RolePolicy')[0]!;

        const template = components.memberRoleTemplate({ remediation, settings });
        const resolve = resolveIn(template, {
          parameters: { MasterRoleArns: MASTER_ROLES, ExternalId: externalId ?? '' },
          account: MASTER_ACCOUNT,
          region: 'eu-west-1',
        });
        const stackRole = resolve(template.Resources.MemberRole!.Properties) as Record<string, unknown>;
        expect(stackRole.RoleName).to.equal(role.inputs.name);
        expect(stackRole.Description).to.equal(role.inputs.description);
        expect(stackRole.MaxSessionDuration).to.equal(role.inputs.maxSessionDuration);
        expect(stackRole.AssumeRolePolicyDocument).to.deep.equal(
          json(await valueOf(role.inputs.assumeRolePolicy)),
        );
        const [inline] = stackRole.Policies as { PolicyDocument: unknown }[];
        const componentPolicy = json(await valueOf(policy.inputs.policy));
        expect(inline!.PolicyDocument).to.deep.equal(componentPolicy);
        expect(componentPolicy.Statement[0].Action).to.deep.equal(
          memberRoleActions(remediation, { confirmWithAccessAnalyzer: true, allowUndo: true }),
        );
        expect(componentPolicy.Statement.length).to.equal(remediation ? 2 : 1);
      });
    }
  }

  it("the same rules, pattern, target and events role as a MemberAccount's forwarder, in each region", async () => {
    const member = new components.MemberAccount('tpl-fw', {
      settings: base,
      masterRoleArns: MASTER_ROLES,
      eventBusArns: BUSES,
    });
    await settled([member, ...Object.values(member.forwarders)]);
    const template = components.forwarderTemplate();
    const eventsRole = resourcesOf('tpl-fw-events', 'aws:iam/role:Role')[0]!;
    const eventsPolicy = json(
      await valueOf(resourcesOf('tpl-fw-events', 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy),
    );
    const rules = template.Resources;
    expect(Object.keys(rules).filter((k) => rules[k]!.Type === 'AWS::Events::Rule')).to.have.length(
      buildEventPatterns().length,
    );
    for (const [region, busArn] of Object.entries(BUSES)) {
      const resolve = resolveIn(template, {
        parameters: { MasterAccountId: MASTER_ACCOUNT, EventBusName: busArn.split('/')[1] },
        account: MASTER_ACCOUNT,
        region,
        attributes: { 'EventsRole.Arn': 'arn:aws:iam::000000000000:role/tpl-fw-events-1a2b3c' },
      });
      // Each pattern: the stack's rule and the component's, with the same key.
      for (const pattern of buildEventPatterns()) {
        const name = keyedName(`tpl-fw-${region}-rule`, patternKey(pattern));
        const rule = resourcesOf(name, 'aws:cloudwatch/eventRule:EventRule').find((r) => r.name === name)!;
        const target = resourcesOf(name, 'aws:cloudwatch/eventTarget:EventTarget').find(
          (t) => t.name === `${name}-target`,
        )!;
        const resourceOfRule = rules[forwarderRuleResource(patternKey(pattern))]!;
        const stackRule = resolve(resourceOfRule.Properties) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(rule.inputs.eventPattern).to.equal(JSON.stringify(pattern));
        expect(JSON.stringify(stackRule.EventPattern)).to.equal(rule.inputs.eventPattern);
        expect(stackRule.Description).to.equal(rule.inputs.description);
        expect(stackRule.Targets).to.deep.equal([
          { Id: 'master-bus', Arn: target.inputs.arn, RoleArn: target.inputs.roleArn },
        ]);
      }
      const stackEventsRole = resolve(rules.EventsRole!.Properties) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(stackEventsRole.AssumeRolePolicyDocument).to.deep.equal(
        json(await valueOf(eventsRole.inputs.assumeRolePolicy)),
      );
      // One region's bus in the stack, where the MemberAccount's one role lists every region's.
      expect(stackEventsRole.Policies[0].PolicyDocument).to.deep.equal({
        ...eventsPolicy,
        Statement: [{ ...eventsPolicy.Statement[0], Resource: [busArn] }],
      });
      expect(eventsPolicy.Statement[0].Resource).to.include(busArn);
    }
  });

  it('declares the parameters StackSets fill in: the ExternalId NoEcho and optional, the bus per region', () => {
    const role = components.memberRoleTemplate();
    expect(role.Parameters).to.deep.include({
      ExternalId: {
        Type: 'String',
        NoEcho: true,
        Default: '',
        Description: "The master's ExternalId; empty: none is required",
      },
    });
    expect(role.Parameters.MasterRoleArns!.Type).to.equal('CommaDelimitedList');
    expect(role.Resources.MemberRole!.Properties.RoleName).to.equal('member_remediator');
    const forwarder = components.forwarderTemplate();
    expect(Object.keys(forwarder.Parameters)).to.deep.equal(['MasterAccountId', 'EventBusName']);
    expect(forwarder.Resources.ForwardRule!.Properties.Targets).to.deep.equal([
      {
        Id: 'master-bus',
        Arn: {
          'Fn::Sub':
            'arn:${AWS::Partition}:events:${AWS::Region}:${MasterAccountId}:event-bus/${EventBusName}',
        },
        RoleArn: { 'Fn::GetAtt': ['EventsRole', 'Arn'] },
      },
    ]);
  });
});
