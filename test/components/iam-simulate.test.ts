import { runSimulation } from '@cloud-copilot/iam-simulate';
import { expect } from 'chai';
import { registry } from '../../src/runtime/auditors/registry';
import { listerActions } from '../../src/runtime/poller/listers';
import { remediationActions } from '../../src/runtime/permissions';
import { installMocks, json, resourcesOf, settled, valueOf } from '../helpers/pulumi';

type Components = typeof import('../../src/components');
type Policy = { Version: string; Statement: Record<string, unknown>[] };

const MASTER = '000000000000';
const MEMBER = '111111111111';
const ORG = 'o-a1b2c3d4e5';
const MASTER_ROLES = [
  `arn:aws:iam::${MASTER}:role/sec-remediator-1a2b3c`,
  `arn:aws:iam::${MASTER}:role/sec-poll-worker-1a2b3c`,
];
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/member_remediator`;

/** The decision of IAM for one request: 'Allowed', 'ImplicitlyDenied' or 'ExplicitlyDenied'. */
async function decide(request: {
  action: string;
  principal: string;
  resource: string;
  account: string;
  identity?: Policy;
  resourcePolicy?: Policy;
  context?: Record<string, string>;
}): Promise<string> {
  const response = await runSimulation(
    {
      identityPolicies: request.identity ? [{ name: 'identity', policy: request.identity }] : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
      request: {
        action: request.action,
        principal: request.principal,
        resource: { accountId: request.account, resource: request.resource },
        contextVariables: request.context ?? {},
      },
    } as never,
    {},
  );
  if (response.resultType === 'error')
    throw new Error(`simulation error: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}

describe('IAM documents, evaluated by @cloud-copilot/iam-simulate', function () {
  this.timeout(60_000);
  let components: Components;
  const settings = { regions: ['eu-west-1'], accounts: [MEMBER], externalId: 'shared-secret' };

  before(async () => {
    await installMocks();
    components = await import('../../src/components');
  });

  async function memberPolicies(prefix: string, remediation: boolean) {
    const member = new components.MemberAccount(prefix, {
      settings,
      masterRoleArns: MASTER_ROLES,
      remediation,
      forwarderRegions: [],
    });
    await settled([member, member.memberRole]);
    const role = resourcesOf(`${prefix}-member`, 'aws:iam/role:Role')[0]!;
    const policy = resourcesOf(`${prefix}-member`, 'aws:iam/rolePolicy:RolePolicy')[0]!;
    return {
      trust: json(await valueOf(role.inputs.assumeRolePolicy)) as Policy,
      policy: json(await valueOf(policy.inputs.policy)) as Policy,
    };
  }

  it('the member policy allows every action each auditor and the poller need, and with remediation off denies every write', async () => {
    const { policy } = await memberPolicies('sim-ro', false);
    const needed = [...new Set([...registry.manifests.flatMap((m) => m.readActions), ...listerActions()])];
    const asMember = (action: string) =>
      decide({ action, principal: MEMBER_ROLE, resource: '*', account: MEMBER, identity: policy });
    for (const action of needed) expect(await asMember(action), action).to.equal('Allowed');
    const writes = remediationActions();
    expect(writes.length).to.be.greaterThan(20);
    for (const action of writes) expect(await asMember(action), action).to.not.equal('Allowed');
  });

  it('with remediation on, allows the fixes, but never a change to its own trust', async () => {
    const { policy } = await memberPolicies('sim-rw', true);
    for (const action of remediationActions()) {
      expect(
        await decide({ action, principal: MEMBER_ROLE, resource: '*', account: MEMBER, identity: policy }),
        action,
      ).to.equal('Allowed');
    }
    const ownTrust = await decide({
      action: 'iam:UpdateAssumeRolePolicy',
      principal: MEMBER_ROLE,
      resource: 'arn:aws:iam::000000000000:role/member_remediator', // the mock's ARN for the member role
      account: MASTER,
      identity: policy,
    });
    expect(ownTrust).to.equal('ExplicitlyDenied');
  });

  it('the trust admits only the master function roles, and only with the ExternalId', async () => {
    const { trust } = await memberPolicies('sim-trust', false);
    const assume = (principal: string, context: Record<string, string> = {}) =>
      decide({
        action: 'sts:AssumeRole',
        principal,
        resource: MEMBER_ROLE,
        account: MEMBER,
        identity: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
        },
        resourcePolicy: trust,
        context,
      });
    expect(await assume(MASTER_ROLES[0]!, { 'sts:ExternalId': 'shared-secret' })).to.equal('Allowed');
    expect(await assume(MASTER_ROLES[1]!, { 'sts:ExternalId': 'shared-secret' })).to.equal('Allowed');
    expect(await assume(MASTER_ROLES[0]!)).to.not.equal('Allowed');
    expect(await assume(MASTER_ROLES[0]!, { 'sts:ExternalId': 'guess' })).to.not.equal('Allowed');
    expect(
      await assume(`arn:aws:iam::${MASTER}:role/someone-else`, { 'sts:ExternalId': 'shared-secret' }),
    ).to.not.equal('Allowed');
    expect(
      await assume(`arn:aws:iam::999999999999:role/sec-remediator-1a2b3c`, {
        'sts:ExternalId': 'shared-secret',
      }),
    ).to.not.equal('Allowed');
  });

  it('the event bus admits only the organization, or only the listed accounts', async () => {
    const byOrg = new components.RemediationMaster('simorg', {
      settings: { regions: ['eu-west-1'], organizationAccounts: ['333333333333'] },
      organizationId: ORG,
      eventRegions: ['eu-west-1'],
    });
    const byAccounts = new components.RemediationMaster('simacct', { settings, eventRegions: ['eu-west-1'] });
    await settled([byOrg, byAccounts]);
    const busPolicy = (prefix: string) =>
      json(resourcesOf(prefix, 'aws:cloudwatch/eventBusPolicy:EventBusPolicy')[0]!.inputs.policy) as Policy;
    const put = (policy: Policy, account: string, context: Record<string, string> = {}) =>
      decide({
        action: 'events:PutEvents',
        principal: `arn:aws:iam::${account}:role/forwarder`,
        resource: String(policy.Statement[0]!.Resource),
        account: MASTER,
        identity: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }],
        },
        resourcePolicy: policy,
        context,
      });
    const org = busPolicy('simorg-bus-');
    expect(await put(org, '444444444444', { 'aws:PrincipalOrgID': ORG })).to.equal('Allowed');
    expect(await put(org, '999999999999', { 'aws:PrincipalOrgID': 'o-zz99yy88xx' })).to.not.equal('Allowed');
    const listed = busPolicy('simacct-bus-');
    expect(await put(listed, MEMBER)).to.equal('Allowed');
    expect(await put(listed, '999999999999')).to.not.equal('Allowed');
  });
});
