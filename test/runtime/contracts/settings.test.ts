import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettingsFile } from '../../../src/runtime/config';
import { DEFAULT_MEMBER_ROLE_NAME, validateSettings } from '../../../src/runtime/contracts/settings';
import { MANIFESTS } from '../../../src/runtime/types';
import { SettingsError } from '../../../src/runtime/errors';
import { problemsOf } from '../../helpers/validation';

const minimal = { regions: ['us-east-1'], accounts: ['111111111111'] };
/** Every resource type, in the manifests' order. */
const TYPES = MANIFESTS.map((m) => m.type).join(', ');

const problems = (input: unknown) => problemsOf(validateSettings, SettingsError, input);

describe('contracts: settings', () => {
  it('fills in the safe defaults: remediation off, default role, thresholds', () => {
    expect(validateSettings(minimal)).to.deep.equal({
      regions: ['us-east-1'],
      accounts: ['111111111111'],
      organizationAccounts: [],
      organizationalUnits: [],
      devAccounts: [],
      requiredTags: [],
      remediate: false,
      remediateDisruptive: false,
      exceptions: { resources: {}, accounts: {} },
      memberRoleName: DEFAULT_MEMBER_ROLE_NAME,
      confirmWithAccessAnalyzer: false,
      allowUndo: false,
      securityHub: false,
      notify: 'changes',
      thresholds: { mfaGraceHours: 24, passwordInactiveDays: 90, accessKeyInactiveDays: 100 },
    });
  });

  it('accepts every documented field', () => {
    const full = {
      regions: ['us-east-1', 'eu-west-1', 'us-gov-west-1'],
      accounts: ['111111111111'],
      organizationAccounts: ['222222222222'],
      organizationalUnits: ['ou-ab12-cd34ef56', 'r-ab12'],
      devAccounts: ['111111111111'],
      requiredTags: ['team', 'cost-center'],
      remediate: { 's3_bucket.public': true, sqs: true, 'ec2.missing_tags': false },
      remediateDisruptive: true,
      exceptions: {
        resources: { s3_bucket: ['public-website'], iam_role: ['break-glass'] },
        accounts: { '333333333333': ['ec2', 'rds'] },
        tag: { key: 'remediation', value: 'skip' },
      },
      memberRoleName: 'sec-remediator',
      externalId: 'org-7f3a:remediation',
      guardDutyAdminAccount: '444444444444',
      confirmWithAccessAnalyzer: true,
      allowUndo: true,
      securityHub: true,
      notify: 'all',
      thresholds: { mfaGraceHours: 48, passwordInactiveDays: 30, accessKeyInactiveDays: 60 },
    };
    expect(validateSettings(full)).to.deep.equal(full);
  });

  it('holds 1,000 accounts with exceptions (no environment-size limit)', () => {
    const accounts = Array.from({ length: 1000 }, (_, i) => String(100000000000 + i));
    const settings = validateSettings({
      regions: ['us-east-1'],
      accounts,
      exceptions: { accounts: Object.fromEntries(accounts.map((a) => [a, ['ec2']])) },
    });
    expect(settings.accounts).to.have.length(1000);
    expect(JSON.stringify(settings).length).to.be.greaterThan(4096);
  });

  it('names each bad field and what is allowed', () => {
    expect(
      problems({
        regions: ['us-east-1', 'us-east-x', 'us-east-1'],
        accounts: ['123'],
        regionz: ['eu-west-1'],
      }),
    ).to.deep.equal([
      'settings.regions[1]: "us-east-x" is not an AWS region code, like "us-east-1" or "eu-west-2"',
      'settings.regions[2]: "us-east-1" is listed twice',
      'settings.accounts[0]: "123" is not a 12-digit AWS account ID, like "123456789012"',
      'settings: unknown field "regionz"; allowed: "regions", "accounts", "organizationAccounts", "organizationalUnits", "devAccounts", "requiredTags", "remediate", "remediateDisruptive", "exceptions", "memberRoleName", "externalId", "guardDutyAdminAccount", "confirmWithAccessAnalyzer", "allowUndo", "securityHub", "notify", "thresholds"',
    ]);
  });

  it('requires regions and at least one source of accounts', () => {
    expect(problems({})).to.deep.equal([
      'settings.regions: is required: a list of AWS region codes, like ["us-east-1", "eu-west-1"]',
    ]);
    expect(problems({ regions: [] })[0]).to.equal(
      'settings.regions: must list at least one region to watch, like ["us-east-1"]',
    );
    expect(problems({ regions: ['us-east-1'] })).to.deep.equal([
      'settings.accounts: no accounts to watch: list member account IDs in "accounts", or organization management accounts in "organizationAccounts"',
    ]);
  });

  it('accepts organization accounts alone', () => {
    expect(
      validateSettings({ regions: ['us-east-1'], organizationAccounts: ['222222222222'] }).accounts,
    ).to.deep.equal([]);
  });

  it('checks organizational unit ids, and that their organization is named', () => {
    const org = { regions: ['us-east-1'], organizationAccounts: ['222222222222'] };
    expect(
      problems({
        ...org,
        organizationalUnits: [
          'ou-ab12-cd34ef56',
          'OU-AB12-CD34EF56',
          'ou-ab12',
          'o-ab12cd34ef',
          'ou-ab12-cd34ef56',
          12,
        ],
      }),
    ).to.deep.equal([
      'settings.organizationalUnits[1]: "OU-AB12-CD34EF56" is neither an organizational unit id, like "ou-ab12-cd34ef56", nor a root id, like "r-ab12" (lower-case letters and digits, as the Organizations console shows them)',
      'settings.organizationalUnits[2]: "ou-ab12" is neither an organizational unit id, like "ou-ab12-cd34ef56", nor a root id, like "r-ab12" (lower-case letters and digits, as the Organizations console shows them)',
      'settings.organizationalUnits[3]: "o-ab12cd34ef" is neither an organizational unit id, like "ou-ab12-cd34ef56", nor a root id, like "r-ab12" (lower-case letters and digits, as the Organizations console shows them)',
      'settings.organizationalUnits[5]: must be an organizational unit id string, like "ou-ab12-cd34ef56", or a root id, like "r-ab12"',
    ]);
    expect(problems({ ...org, organizationalUnits: ['r-ab12', 'r-ab12'] })).to.deep.equal([
      'settings.organizationalUnits[1]: "r-ab12" is listed twice',
    ]);
    expect(problems({ ...org, organizationalUnits: 'ou-ab12-cd34ef56' })).to.deep.equal([
      'settings.organizationalUnits: must be a list of organizational unit ids, like ["ou-ab12-cd34ef56"]',
    ]);
    expect(
      problems({ regions: ['us-east-1'], accounts: ['111111111111'], organizationalUnits: ['r-ab12'] }),
    ).to.deep.equal([
      'settings.organizationalUnits: lists organizational units but "organizationAccounts" is empty: add the management account of their organization to "organizationAccounts", or remove "organizationalUnits"',
    ]);
    expect(validateSettings({ ...org, organizationalUnits: ['r-ab12'] }).organizationalUnits).to.deep.equal([
      'r-ab12',
    ]);
  });

  it('rejects remediate keys that are neither check ids nor resource types', () => {
    const [problem] = problems({ ...minimal, remediate: { 's3.public': true } });
    expect(problem).to.match(
      /^settings\.remediate\["s3\.public"\]: "s3\.public" is neither a check id nor a resource type; use a check id \(one of region\.guardduty_enabled, /,
    );
    expect(problems({ ...minimal, remediate: 'yes' })).to.deep.equal([
      'settings.remediate: must be true, false, or a map from check id or resource type to true/false',
    ]);
    expect(problems({ ...minimal, remediate: { sqs: 'yes' } })).to.deep.equal([
      'settings.remediate.sqs: must be true or false',
    ]);
  });

  it('checks exceptions: known types, account ids, a tag key', () => {
    expect(
      problems({
        ...minimal,
        exceptions: { resources: { s3: ['x'] }, accounts: { '111111111111': ['bucket'], abc: [] }, tag: {} },
      }),
    ).to.deep.equal([
      `settings.exceptions.resources: unknown resource type "s3"; use one of ${TYPES}`,
      `settings.exceptions.accounts["111111111111"][0]: "bucket" is not a resource type; use one of ${TYPES}`,
      'settings.exceptions.accounts.abc: "abc" is not a 12-digit AWS account ID, like "123456789012"',
      'settings.exceptions.tag.key: is required: a tag key string',
    ]);
  });

  it('checks the role name, external id and thresholds', () => {
    expect(
      problems({
        ...minimal,
        memberRoleName: 'has space',
        externalId: 'x',
        thresholds: { mfaGraceHours: 0, passwordInactiveDays: 1.5 },
      }),
    ).to.deep.equal([
      'settings.memberRoleName: must be an IAM role name: 1 to 64 letters, digits or any of _+=,.@-',
      'settings.externalId: must be 2 to 1224 letters, digits or any of _+=,.@:/- (the STS ExternalId format)',
      'settings.thresholds.mfaGraceHours: must be a positive number of hours',
      'settings.thresholds.passwordInactiveDays: must be a whole number of days',
    ]);
  });

  it('says what the settings must be when they are not an object', () => {
    expect(problems('us-east-1')[0]).to.match(/^settings: must be an object with the fields "regions", /);
  });

  it('formats the whole error for people', () => {
    expect(() => validateSettings({ regions: ['x'], accounts: ['111111111111'] })).to.throw(
      SettingsError,
      'Invalid remediation settings (1 problem):\n  - settings.regions[0]: "x" is not an AWS region code',
    );
  });

  describe('settings file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));

    it('loads and validates a settings.json', () => {
      const path = join(dir, 'ok.json');
      writeFileSync(path, JSON.stringify(minimal));
      expect(loadSettingsFile(path).memberRoleName).to.equal('member_remediator');
    });

    it('names the file in its errors', () => {
      const path = join(dir, 'bad.json');
      writeFileSync(path, JSON.stringify({ regions: ['x'], accounts: ['111111111111'] }));
      expect(() => loadSettingsFile(path)).to.throw(SettingsError, `(in ${path})`);
      writeFileSync(path, '{ not json');
      expect(() => loadSettingsFile(path)).to.throw(SettingsError, `${path}: not valid JSON`);
      expect(() => loadSettingsFile(join(dir, 'missing.json'))).to.throw(/cannot read the settings file/);
    });
  });
});
