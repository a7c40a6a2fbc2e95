import { expect } from 'chai';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeFailure, previewTargets, renderPlan, urnResource } from '../../src/cli/preview';
import { BUILT_CLI, runBuiltCli } from '../helpers/cli';
import { buildEventPatterns } from '../../src/runtime/events/pattern';
import { memberRoleActions } from '../../src/runtime/permissions';
import { forwarderTemplate, memberRoleTemplate } from '../../src/components/member-templates';

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
      ['examples/organization', 'aws-remediation-organization'],
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

  it("shows the member role's read-only policy (the example is a dry run) and the forwarders' pattern", () => {
    const member = plans[1]!.resources;
    const policy = member.find(
      (r) => r.type === 'aws:iam/rolePolicy:RolePolicy' && r.name === 'remediation-member',
    )!;
    const actions = JSON.parse(policy.inputs.policy as string).Statement[0].Action as string[];
    // The example is a dry run: the member role can only read (the line that turns fixes on is commented out).
    expect(actions).to.deep.equal(memberRoleActions(false));
    expect(actions).to.not.include('s3:PutBucketPolicy');
    // Each pattern of the translator table in each region.
    const patterns = buildEventPatterns().map((p) => JSON.stringify(p));
    const rules = member.filter((r) => r.type === 'aws:cloudwatch/eventRule:EventRule');
    expect(rules.map((r) => [r.inputs.region, r.inputs.eventPattern])).to.deep.equal(
      ['eu-west-1', 'eu-central-1', 'us-east-1'].flatMap((region) => patterns.map((p) => [region, p])),
    );
  });

  it("shows the organization's stack sets with the member templates, and the management account's MemberAccount", () => {
    const organization = plans[2]!.resources;
    const sets = organization.filter((r) => r.type === 'aws:cloudformation/stackSet:StackSet');
    expect(sets.map((s) => [s.name, s.parent])).to.deep.equal([
      ['organization-role', 'aws-remediation:index:OrganizationMembers::organization'],
      ['organization-forwarder', 'aws-remediation:index:OrganizationMembers::organization'],
    ]);
    // A dry run: the role template the stack set deploys grants read actions only.
    expect(JSON.parse(sets[0]!.inputs.templateBody as string)).to.deep.equal(memberRoleTemplate());
    expect(JSON.parse(sets[1]!.inputs.templateBody as string)).to.deep.equal(forwarderTemplate());
    const instances = organization.filter(
      (r) => r.type === 'aws:cloudformation/stackSetInstance:StackSetInstance',
    );
    expect(instances).to.have.length(2 * 4);
    const management = organization.find(
      (r) => r.type === 'aws:iam/rolePolicy:RolePolicy' && r.name === 'remediation-member',
    )!;
    expect(JSON.parse(management.inputs.policy as string).Statement[0].Action).to.deep.equal(
      memberRoleActions(false),
    );
    const text = renderPlan('examples/organization', plans[2]!.project, organization);
    expect(text).to.contain('-- organization-role (aws:cloudformation/stackSet:StackSet, templateBody)');
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

describe('cli: preview of programs that cannot run (one line, exit 2)', function () {
  this.timeout(120_000);
  const quiet = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const root = resolve(__dirname, '..', '..');
  let tmp: string;

  before(function () {
    if (!existsSync(BUILT_CLI)) this.skip(); // `npm test` builds first
    tmp = mkdtempSync(join(tmpdir(), 'cli-preview-'));
  });
  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** A program in `tmp/name` whose node_modules holds this repository's packages and this package. */
  function program(name: string, settings: string): string {
    const dir = join(tmp, name);
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    symlinkSync(join(root, 'node_modules', '@pulumi'), join(dir, 'node_modules', '@pulumi'), 'dir');
    symlinkSync(root, join(dir, 'node_modules', 'pulumi-aws-remediation'), 'dir');
    writeFileSync(join(dir, 'Pulumi.yaml'), `name: ${name}\nruntime: nodejs\n`);
    writeFileSync(join(dir, 'Pulumi.dev.yaml'), `config:\n  ${name}:settings: ${settings}\n`);
    writeFileSync(
      join(dir, 'index.ts'),
      `import * as pulumi from '@pulumi/pulumi';
import { RemediationMaster, type RemediationSettings } from 'pulumi-aws-remediation';
console.log('evaluating ${name}');
new RemediationMaster('security', { settings: new pulumi.Config().requireObject<RemediationSettings>('settings') });
`,
    );
    return dir;
  }

  it('names the bad setting and what to write instead', async () => {
    program('bad-settings', `{"regions": ["eu-west-1"], "acounts": ["111111111111"]}`);
    const result = await runBuiltCli(['preview', 'bad-settings'], { env: quiet, cwd: tmp });
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      'aws-remediation: preview bad-settings: aws-remediation:index:RemediationMaster "security": Invalid remediation settings (2 problems): settings: unknown field "acounts"; allowed: "regions", "accounts", "organizationAccounts", "organizationalUnits", "devAccounts", "requiredTags", "remediate", "remediateDisruptive", "exceptions", "memberRoleName", "externalId", "guardDutyAdminAccount", "confirmWithAccessAnalyzer", "allowUndo", "securityHub", "notify", "thresholds"; settings.accounts: no accounts to watch: list member account IDs in "accounts", or organization management accounts in "organizationAccounts"\n',
    );
  });

  it('previews a program folder given relative to the current directory, with its only stack', async () => {
    program('good', `{"regions": ["eu-west-1"], "accounts": ["111111111111"]}`);
    const result = await runBuiltCli(['preview', 'good', '--json'], { env: quiet, cwd: tmp });
    expect(result.code, result.stderr).to.equal(0);
    const plan = JSON.parse(result.stdout) as Plan;
    expect([plan.program, plan.project]).to.deep.equal(['good', 'good']);
    expect(result.stderr).to.equal('evaluating good\n'); // what the program printed itself
    expect(plan.resources.filter((r) => r.type === 'aws:sqs/queue:Queue').map((r) => r.parent)).to.include(
      'aws-remediation:index:RemediationMaster::security',
    );
  });

  it('says to run `npm install` in a copied example without node_modules', async () => {
    const copy = join(tmp, 'master-copy');
    cpSync(join(root, 'examples', 'master'), copy, { recursive: true });
    const result = await runBuiltCli(['preview', copy], { env: quiet, cwd: tmp });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      `aws-remediation: preview ${copy}: @pulumi/pulumi, @pulumi/aws, pulumi-aws-remediation are not installed for ${copy}: run \`npm install\` there first, after pointing pulumi-aws-remediation (file:../..) in its package.json at a version or at where the package is\n`,
    );
  });

  it('says what is missing for a folder that is not a Pulumi program, or not there', async () => {
    const result = await runBuiltCli(['preview', '.', 'nowhere'], { env: quiet, cwd: tmp });
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      `aws-remediation: preview .: ${tmp} is not a Pulumi program: it has no Pulumi.yaml\naws-remediation: preview nowhere: ${join(tmp, 'nowhere')} does not exist\n`,
    );
  });
});

describe('cli: preview failures in words', () => {
  const dir = '/home/me/program';

  it('flattens a component error and names the component', () => {
    const error = Object.assign(
      new Error(
        'Invalid remediation settings (1 problem):\n  - settings.regions[0]: "x" is not an AWS region code',
      ),
      {
        __pulumResourceError: true,
        resource: { __pulumiType: 'aws-remediation:index:MemberAccount', __name: 'm' },
      },
    );
    expect(describeFailure(error, dir)).to.equal(
      'aws-remediation:index:MemberAccount "m": Invalid remediation settings (1 problem): settings.regions[0]: "x" is not an AWS region code',
    );
  });

  it('says where a configuration value goes', () => {
    const error = new Error(
      "Missing required configuration variable 'program:email'\n\tplease set a value using the command `pulumi config set program:email <value>`",
    );
    expect(describeFailure(error, dir, 'dev')).to.equal(
      `the program needs the configuration value program:email: set it under config: in ${dir}/Pulumi.dev.yaml, or choose another stack with --stack`,
    );
  });

  it('says to install a package the program imports', () => {
    const error = Object.assign(
      new Error("Cannot find module 'left-pad'\nRequire stack:\n- /home/me/program/index.ts"),
      {
        code: 'MODULE_NOT_FOUND',
      },
    );
    expect(describeFailure(error, dir)).to.equal(
      'cannot find the module left-pad: run `npm install` in /home/me/program (and add left-pad to its package.json if it is not there)',
    );
  });

  it("gives other errors' message and where in the program they were thrown, without the stack", () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'b')");
    error.stack = `${error.message}\n    at Object.<anonymous> (/home/me/program/index.ts:2:13)\n    at Module._compile (node:internal/modules/cjs/loader:1364:14)`;
    expect(describeFailure(error, dir)).to.equal(
      "TypeError: Cannot read properties of undefined (reading 'b') (at index.ts:2)",
    );
  });

  it('reads the parent of a resource from its URN', () => {
    expect(
      urnResource('urn:pulumi:dev::p::aws-remediation:index:MemberAccount$aws:iam/role:Role::m-member'),
    ).to.equal('aws:iam/role:Role::m-member');
    expect(urnResource('urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev')).to.equal(undefined);
    expect(urnResource('')).to.equal(undefined);
  });
});

describe('cli: preview targets', () => {
  it('resolves program folders against the current directory', () => {
    expect(previewTargets(['.', 'infra/security'], '/home/me/app')).to.deep.equal([
      { label: '.', dir: '/home/me/app' },
      { label: 'infra/security', dir: '/home/me/app/infra/security' },
    ]);
  });

  it("takes the examples of a checkout when given none (an installed package's: the current folder)", () => {
    expect(previewTargets([], '/home/me/app').map((t) => t.label)).to.deep.equal([
      'examples/master',
      'examples/member',
      'examples/organization',
      'examples/misconfiguration-maker',
      '.',
    ]);
  });
});
