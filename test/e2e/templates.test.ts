import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { expect } from 'chai';
import {
  externalIdCondition,
  forwarderPatterns,
  memberTrustStatement,
  policyDocument,
} from '../../src/components/documents';
import { forwarderTemplate, memberRoleTemplate } from '../../src/components/member-templates';
import { memberRoleActions } from '../../src/runtime/permissions';
import { canonicalJson } from '../../src/runtime/policy/document';
import {
  ACCOUNTS,
  EXTERNAL_ID,
  HOME,
  MASTER,
  MEMBER_ROLE,
  REGIONS,
  cloudFormation,
  eventBridge,
} from './aws';
import { e2e } from './hooks';

const MASTER_ROLES = [
  `arn:aws:iam::${MASTER}:role/remediation-remediator-abc123`,
  `arn:aws:iam::${MASTER}:role/remediation-poll-worker-abc123`,
];
const busName = (region: string) => `remediation-bus-${region}-abc123`;

/**
 * A policy document as IAM returns it: URL-encoded JSON. moto differs for a role's inline policy
 * created by CloudFormation: it keeps the template's object and returns its Python repr
 * (`{'Version': '2012-10-17', ...}`); read that too. The documents here hold no quote, backslash,
 * True, False or None inside their strings, so swapping the quotes and literals is exact.
 */
function policyOf(text: string | undefined): unknown {
  const decoded = decodeURIComponent(text ?? '');
  try {
    return JSON.parse(decoded);
  } catch {
    return JSON.parse(
      decoded
        .replace(/'/g, '"')
        .replace(/\bTrue\b/g, 'true')
        .replace(/\bFalse\b/g, 'false')
        .replace(/\bNone\b/g, 'null'),
    );
  }
}

/** Creates a stack and returns its status once CloudFormation has finished with it. */
async function createStack(
  account: string,
  region: string,
  name: string,
  template: unknown,
  parameters: Record<string, string>,
): Promise<string> {
  const { endpoint, accounts } = e2e();
  const params: Record<string, string> = {
    StackName: name,
    TemplateBody: JSON.stringify(template),
    'Capabilities.member.1': 'CAPABILITY_NAMED_IAM',
  };
  Object.entries(parameters).forEach(([key, value], i) => {
    params[`Parameters.member.${i + 1}.ParameterKey`] = key;
    params[`Parameters.member.${i + 1}.ParameterValue`] = value;
  });
  await cloudFormation(endpoint.url, accounts, account, region, 'CreateStack', params);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const xml = await cloudFormation(endpoint.url, accounts, account, region, 'DescribeStacks', {
      StackName: name,
    });
    const status = /<StackStatus>([^<]+)<\/StackStatus>/.exec(xml)?.[1] ?? '';
    if (!status.endsWith('_IN_PROGRESS')) return status;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the stack ${name} did not finish`);
}

describe('e2e: the member templates (what OrganizationMembers deploys) as CloudFormation stacks in moto', function () {
  this.timeout(60_000);

  before(async () => {
    await e2e().reset();
  });

  it('the role stack creates the member role: trusting the master roles with the ExternalId, read-only', async () => {
    const account = ACCOUNTS[0];
    const status = await createStack(account, HOME, 'remediation-member-role', memberRoleTemplate(), {
      MasterRoleArns: MASTER_ROLES.join(','),
      ExternalId: EXTERNAL_ID,
    });
    expect(status).to.equal('CREATE_COMPLETE');
    const iam = e2e().accounts.client(IAMClient, account, HOME);
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: MEMBER_ROLE }));
    expect(Role!.Arn).to.equal(`arn:aws:iam::${account}:role/${MEMBER_ROLE}`);
    expect(policyOf(Role!.AssumeRolePolicyDocument)).to.deep.equal(
      policyDocument(memberTrustStatement(MASTER_ROLES, externalIdCondition(EXTERNAL_ID))),
    );
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: MEMBER_ROLE, PolicyName: 'member-role' }),
    );
    const policy = policyOf(PolicyDocument) as { Statement: { Sid: string; Action: string[] }[] };
    expect(policy.Statement.map((s) => s.Sid)).to.deep.equal(['AuditOnly']);
    expect(policy.Statement[0]!.Action).to.deep.equal(memberRoleActions(false));
  });

  it('without an ExternalId the trust has no condition', async () => {
    const account = ACCOUNTS[1];
    const status = await createStack(account, HOME, 'remediation-member-role', memberRoleTemplate(), {
      MasterRoleArns: MASTER_ROLES.join(','),
    });
    expect(status).to.equal('CREATE_COMPLETE');
    const iam = e2e().accounts.client(IAMClient, account, HOME);
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: MEMBER_ROLE }));
    expect(policyOf(Role!.AssumeRolePolicyDocument)).to.deep.equal(
      policyDocument(memberTrustStatement(MASTER_ROLES)),
    );
  });

  it("the forwarder stack creates the rule with the translator's pattern, its target the master's bus of that region", async () => {
    const { endpoint, accounts } = e2e();
    const account = ACCOUNTS[0];
    const region = REGIONS[1];
    const status = await createStack(account, region, 'remediation-forwarder', forwarderTemplate(), {
      MasterAccountId: MASTER,
      EventBusName: busName(region),
    });
    expect(status).to.equal('CREATE_COMPLETE');
    const call = (action: string, input: unknown) =>
      eventBridge(endpoint.url, accounts, account, region, action, input);
    const { Rules } = (await call('ListRules', {})) as { Rules: { Name: string; EventPattern: string }[] };
    // One rule per pattern of the table.
    expect(Rules.map((r) => JSON.parse(r.EventPattern) as unknown)).to.have.deep.members(forwarderPatterns());
    const rule = Rules.find(
      (r) => canonicalJson(JSON.parse(r.EventPattern)) === canonicalJson(forwarderPatterns()[0]),
    );
    const { Targets } = (await call('ListTargetsByRule', { Rule: rule!.Name })) as {
      Targets: { Arn: string; RoleArn: string }[];
    };
    expect(Targets.map((t) => t.Arn)).to.deep.equal([
      `arn:aws:events:${region}:${MASTER}:event-bus/${busName(region)}`,
    ]);
    // The events role the stack created puts the events there, and may do nothing else.
    const roleName = Targets[0]!.RoleArn.split('/').pop()!;
    const iam = accounts.client(IAMClient, account, region);
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    expect(policyOf(Role!.AssumeRolePolicyDocument)).to.deep.include({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': account } },
        },
      ],
    });
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'put-on-master-bus' }),
    );
    expect((policyOf(PolicyDocument) as { Statement: unknown[] }).Statement).to.deep.equal([
      {
        Sid: 'PutOnMasterBuses',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: [`arn:aws:events:${region}:${MASTER}:event-bus/${busName(region)}`],
      },
    ]);
  });
});
