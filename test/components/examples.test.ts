import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enabledChecks } from '../../src/runtime/auditors/decision';
import { validateSettings } from '../../src/runtime/contracts/settings';
import { memberRoleActions } from '../../src/runtime/permissions';
import { type ExamplePlan, REPOSITORY, evaluateExample } from '../helpers/examples';

/** The examples that deploy the components, with the commented-out lines that would turn fixes on. */
const EXAMPLES = {
  'examples/master': ['remediate:', '  s3_bucket.public: true', '  sqs.public: true'],
  'examples/member': ["aws-remediation-member:remediation: 'true'"],
  'examples/organization': ["aws-remediation-organization:remediation: 'true'"],
  '.': ["aws-remediation:remediation: 'true'", 'remediate: true'],
} as const;
type Example = keyof typeof EXAMPLES;

const configText = (dir: Example) => readFileSync(join(REPOSITORY, dir, 'Pulumi.example.yaml'), 'utf8');

/** What the example turns on: the checks its functions' settings fix, and whether the member role may write. */
function fixesOf(plan: ExamplePlan) {
  const settings = plan.resources
    .filter((r) => r.type === 'aws:lambda/function:Function')
    .map((r) => validateSettings(JSON.parse(r.settingsJson!)));
  const memberPolicies = plan.resources
    .filter((r) => r.type === 'aws:iam/rolePolicy:RolePolicy' && r.name === 'remediation-member')
    .map((r) => JSON.parse(r.inputs.policy as string).Statement[0].Action as string[]);
  // The role templates the organization's stack sets deploy: their writes too.
  const templates = plan.resources
    .filter((r) => r.type === 'aws:cloudformation/stackSet:StackSet')
    .map((r) => JSON.parse(r.inputs.templateBody as string))
    .filter((t) => t.Resources.MemberRole !== undefined)
    .map((t) => t.Resources.MemberRole.Properties.Policies[0].PolicyDocument.Statement[0].Action as string[]);
  return {
    stackSetWrites: templates.map((actions) => actions.filter((a) => !memberRoleActions(false).includes(a))),
    checks: [...new Set(settings.flatMap((s) => enabledChecks(s)))],
    functions: settings.length,
    memberWrites: memberPolicies.map((actions) =>
      actions.filter((a) => !memberRoleActions(false).includes(a)),
    ),
  };
}

describe('examples: dry runs, as configured', function () {
  this.timeout(120_000);
  const plans = new Map<Example, ExamplePlan>();

  before(async () => {
    const dirs = Object.keys(EXAMPLES) as Example[];
    const evaluated = await Promise.all(dirs.map((dir) => evaluateExample(dir)));
    dirs.forEach((dir, i) => plans.set(dir, evaluated[i]!));
  });

  it('the master turns no fix on: every settings.json leaves remediate off', () => {
    const fixes = fixesOf(plans.get('examples/master')!);
    expect(fixes.functions).to.equal(6);
    expect(fixes.checks).to.deep.equal([]);
  });

  it("the member's role may only read", () => {
    const fixes = fixesOf(plans.get('examples/member')!);
    expect(fixes.memberWrites).to.deep.equal([[]]);
  });

  it("the organization's stack set roles and the management account's role may only read", () => {
    const fixes = fixesOf(plans.get('examples/organization')!);
    expect(fixes.memberWrites).to.deep.equal([[]]);
    expect(fixes.stackSetWrites).to.deep.equal([[]]);
  });

  it('the all-in-one program turns nothing on either', () => {
    const fixes = fixesOf(plans.get('.')!);
    expect(fixes.functions).to.equal(5);
    expect(fixes.checks).to.deep.equal([]);
    expect(fixes.memberWrites).to.deep.equal([[]]);
  });

  it('shows the lines that turn fixes on commented out, with a word on what they do', () => {
    for (const [dir, lines] of Object.entries(EXAMPLES) as [Example, readonly string[]][]) {
      const text = configText(dir);
      for (const line of lines) {
        expect(text, `${dir}: ${line}`).to.match(new RegExp(`^\\s*# ${escape(line)}$`, 'm'));
        expect(text, `${dir}: ${line}`).to.not.match(new RegExp(`^\\s*${escape(line)}$`, 'm'));
      }
      // A comment says what the lines do.
      expect(text, dir).to.match(/# A dry run/);
    }
  });

  it('reads the ExternalId with config.requireSecret, so it is secret in the state', () => {
    for (const dir of [
      'examples/master',
      'examples/member',
      'examples/organization',
      'examples/single-account',
    ]) {
      expect(readFileSync(join(REPOSITORY, dir, 'index.ts'), 'utf8'), dir).to.contain(
        "externalId: config.requireSecret('externalId')",
      );
    }
    const master = plans.get('examples/master')!.resources;
    for (const fn of master.filter((r) => r.type === 'aws:lambda/function:Function')) {
      expect(fn.secretInputs, fn.name).to.deep.equal(['code']);
      expect(JSON.parse(fn.settingsJson!).externalId, fn.name).to.equal('change-me-to-a-secret');
    }
    const role = plans.get('examples/member')!.resources.find((r) => r.type === 'aws:iam/role:Role')!;
    expect(role.secretInputs).to.deep.equal(['assumeRolePolicy']);
    expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Condition).to.deep.equal({
      StringEquals: { 'sts:ExternalId': 'change-me-to-a-secret' },
    });
  });

  describe('with the commented-out lines turned back on', () => {
    const uncommented = new Map<Example, ExamplePlan>();

    before(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'examples-'));
      await Promise.all(
        (Object.entries(EXAMPLES) as [Example, readonly string[]][]).map(async ([example, lines]) => {
          let text = configText(example);
          for (const line of lines) {
            text = text.replace(new RegExp(`^(\\s*)# (${escape(line)})$`, 'm'), '$1$2');
          }
          const file = join(dir, `${example.replace(/\W/g, '_')}.yaml`);
          writeFileSync(file, text);
          uncommented.set(example, await evaluateExample(example, file));
        }),
      );
    });

    it('the master fixes the two checks they name, and nothing else', () => {
      expect(fixesOf(uncommented.get('examples/master')!).checks).to.deep.equal([
        's3_bucket.public',
        'sqs.public',
      ]);
    });

    it("the member's role gets the fixes' write actions", () => {
      const [writes] = fixesOf(uncommented.get('examples/member')!).memberWrites;
      expect(writes).to.include.members(['s3:PutBucketPolicy', 'sqs:SetQueueAttributes']);
    });

    it("the organization's stack set roles and the management account's role get the fixes' write actions", () => {
      const fixes = fixesOf(uncommented.get('examples/organization')!);
      for (const writes of [...fixes.memberWrites, ...fixes.stackSetWrites]) {
        expect(writes).to.include.members(['s3:PutBucketPolicy', 'sqs:SetQueueAttributes']);
      }
      expect(fixes.stackSetWrites).to.have.length(1);
    });

    it('the all-in-one program turns on the fixes that stop and delete nothing, and lets the role make them', () => {
      const fixes = fixesOf(uncommented.get('.')!);
      expect(fixes.checks).to.include.members([
        's3_bucket.public',
        'sqs.public',
        'security_group.public_ingress',
      ]);
      expect(fixes.checks).to.not.include('rds.unencrypted');
      expect(fixes.memberWrites[0]).to.include('s3:PutBucketPolicy');
    });
  });
});

/** A string as a regular expression that matches it literally. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
