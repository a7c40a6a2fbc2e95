import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { renderPlan } from '../../src/cli/preview';
import { BUILT_CLI, runBuiltCli } from '../helpers/cli';
import { buildEventPatterns } from '../../src/runtime/events/pattern';
import { memberRoleActions } from '../../src/runtime/permissions';

interface Plan {
  program: string;
  project: string;
  resources: { type: string; name: string; parent?: string; inputs: Record<string, unknown> }[];
}

describe('cli: preview (the example programs under the mock runtime, offline)', function () {
  this.timeout(120_000);
  let plans: Plan[];

  before(async function () {
    if (!existsSync(BUILT_CLI)) this.skip(); // `npm test` builds first
    const result = await runBuiltCli(['preview', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    plans = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Plan);
  });

  it('evaluates the master, member, misconfiguration-maker and all-in-one programs', () => {
    expect(plans.map((p) => [p.program, p.project])).to.deep.equal([
      ['examples/master', 'aws-remediation-master'],
      ['examples/member', 'aws-remediation-member'],
      ['examples/misconfiguration-maker', 'aws-remediation-misconfiguration-maker'],
      ['.', 'aws-remediation'],
    ]);
  });

  it("shows the master's resources under its component, with the example's settings packaged", () => {
    const master = plans[0]!.resources;
    const fns = master.filter((r) => r.type === 'aws:lambda/function:Function');
    expect(fns.map((f) => f.name).sort()).to.deep.equal([
      'remediation-poll-planner',
      'remediation-poll-worker',
      'remediation-remediator',
      'remediation-translator',
      'remediation-translator-eu-central-1',
      'remediation-translator-us-east-1',
    ]);
    for (const f of fns) expect(f.parent).to.equal('aws-remediation:index:RemediationMaster::remediation');
    const subscriptions = master.filter((r) => r.type === 'aws:sns/topicSubscription:TopicSubscription');
    // Findings, and the alarms topic of each of the three watched regions.
    expect(subscriptions.map((s) => s.inputs.endpoint)).to.deep.equal(Array(4).fill('security@example.com'));
  });

  it("shows the member role's read-and-fix policy and the forwarders' pattern", () => {
    const member = plans[1]!.resources;
    const policy = member.find(
      (r) => r.type === 'aws:iam/rolePolicy:RolePolicy' && r.name === 'remediation-member',
    )!;
    const actions = JSON.parse(policy.inputs.policy as string).Statement[0].Action as string[];
    expect(actions).to.include.members(memberRoleActions(false));
    expect(actions).to.include('s3:PutBucketPolicy'); // the example turns remediation on
    const rules = member.filter((r) => r.type === 'aws:cloudwatch/eventRule:EventRule');
    expect(rules.map((r) => r.inputs.region)).to.deep.equal(['eu-west-1', 'eu-central-1', 'us-east-1']);
    for (const r of rules) expect(r.inputs.eventPattern).to.equal(JSON.stringify(buildEventPatterns()[0]));
  });

  it('prints the plan as text: a tree, the policy documents and the event patterns', () => {
    const text = renderPlan('examples/member', plans[1]!.project, plans[1]!.resources);
    expect(text).to.match(/^== examples\/member \(project aws-remediation-member\): \d+ resources\n/);
    expect(text).to.contain(
      'aws-remediation:index:MemberAccount  remediation\n  aws-remediation:index:EventForwarder  remediation-eu-west-1\n',
    );
    expect(text).to.contain('-- remediation-member (aws:iam/role:Role, assumeRolePolicy)');
    expect(text).to.contain('"sts:ExternalId": "change-me-to-a-secret"');
    expect(text).to.match(
      /Event patterns:\n-- used by remediation-eu-west-1-rule, remediation-eu-central-1-rule, remediation-us-east-1-rule\n/,
    );
  });
});
