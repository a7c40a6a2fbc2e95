import { expect } from 'chai';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMemberTemplate } from '../../src/cli/member-template';
import { forwarderTemplate, memberRoleTemplate } from '../../src/components/member-templates';
import { loadSettingsFile } from '../../src/runtime/config';
import { memberRoleActions } from '../../src/runtime/permissions';
import { BUILT_CLI, captureIO, runBuiltCli } from '../helpers/cli';

function run(options: Parameters<typeof runMemberTemplate>[1]) {
  const captured = captureIO('');
  const code = runMemberTemplate(captured.io, options);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('cli: member-template', () => {
  it('prints the role template, read-only unless --remediation', () => {
    const readOnly = run({ part: 'role' });
    expect(readOnly.code).to.equal(0);
    expect(readOnly.stderr).to.equal('');
    const template = JSON.parse(readOnly.stdout);
    expect(template).to.deep.equal(memberRoleTemplate());
    const policy = template.Resources.MemberRole.Properties.Policies[0].PolicyDocument;
    expect(policy.Statement).to.have.length(1);
    expect(policy.Statement[0].Action).to.deep.equal(memberRoleActions(false));

    const fixes = JSON.parse(run({ part: 'role', remediation: true }).stdout);
    const statements = fixes.Resources.MemberRole.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements[0].Action).to.deep.equal(memberRoleActions(true));
    expect(statements[1]).to.deep.include({ Sid: 'NeverChangeOwnTrust', Effect: 'Deny' });
  });

  it('prints the forwarder template', () => {
    const result = run({ part: 'forwarder' });
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal(forwarderTemplate());
  });

  it('fails in one line, exit 2, on a bad --part or --remediation with the forwarder', () => {
    const bad = run({ part: 'roles' });
    expect(bad.code).to.equal(2);
    expect(bad.stdout).to.equal('');
    expect(bad.stderr).to.equal(
      'aws-remediation: --part "roles" is not a template: choose role or forwarder\n',
    );
    const forwarder = run({ part: 'forwarder', remediation: true });
    expect(forwarder.code).to.equal(2);
    expect(forwarder.stderr.trim().split('\n')).to.have.length(1);
  });

  describe('aws-remediation binary', () => {
    before(function () {
      if (!existsSync(BUILT_CLI)) this.skip(); // `npm test` builds first
    });

    it('takes the role name and what the role may do from --config', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cli-'));
      const file = join(dir, 'settings.json');
      writeFileSync(
        file,
        JSON.stringify({
          regions: ['eu-west-1'],
          organizationAccounts: ['999999999999'],
          memberRoleName: 'org_fixer',
          allowUndo: true,
        }),
      );
      const result = await runBuiltCli([
        'member-template',
        '--part',
        'role',
        '--remediation',
        '--config',
        file,
      ]);
      expect(result.code).to.equal(0);
      expect(JSON.parse(result.stdout)).to.deep.equal(
        memberRoleTemplate({ remediation: true, settings: loadSettingsFile(file) }),
      );
      expect(JSON.parse(result.stdout).Resources.MemberRole.Properties.RoleName).to.equal('org_fixer');
    });

    it('exits 2 with one line on a bad --part', async () => {
      const result = await runBuiltCli(['member-template', '--part', 'everything']);
      expect(result.code).to.equal(2);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.equal(
        'aws-remediation: --part "everything" is not a template: choose role or forwarder\n',
      );
    });
  });
});
