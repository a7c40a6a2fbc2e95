import { expect } from 'chai';
import { audit, resource, statuses } from '../../../helpers/resources';
import { iamUserWorld, USER_NAME } from './fixtures';

describe('auditor: iam_user', () => {
  const user = resource('iam_user', USER_NAME);

  it('passes a user with MFA, a recent sign-in and used keys; and one without a console password', async () => {
    const healthy = iamUserWorld({
      profileAgeDays: 300,
      mfa: true,
      passwordLastUsedDaysAgo: 3,
      keys: [
        { id: 'AKIAUSED', createdDaysAgo: 300, lastUsedDaysAgo: 1 },
        { id: 'AKIAOFF', status: 'Inactive', createdDaysAgo: 900 },
      ],
    });
    expect((await audit(healthy, user)).findings).to.deep.equal([]);
    expect((await audit(iamUserWorld({}), user)).findings).to.deep.equal([]);
  });

  it('gives a new console password its MFA grace period', async () => {
    const fresh = await audit(iamUserWorld({ profileAgeDays: 0.5, passwordLastUsedDaysAgo: 0 }), user);
    expect(fresh.findings).to.deep.equal([]);
    const late = await audit(iamUserWorld({ profileAgeDays: 2, passwordLastUsedDaysAgo: 0 }), user);
    expect(late.findings.map((f) => f.check)).to.deep.equal(['iam_user.password_without_mfa']);
    expect(late.findings[0]!.message).to.equal(
      'User alice has had a console password for 48 hours and no MFA device (grace: 24 hours).',
    );
  });

  it('deletes the login profile once for both password checks, and deactivates (not deletes) stale keys', async () => {
    const { findings, aws } = await audit(
      iamUserWorld({
        profileAgeDays: 200,
        passwordLastUsedDaysAgo: 150,
        keys: [
          { id: 'AKIAOLD', createdDaysAgo: 300, lastUsedDaysAgo: 120 },
          { id: 'AKIANEVER', createdDaysAgo: 101 },
          { id: 'AKIANEW', createdDaysAgo: 5 },
        ],
      }),
      user,
      { remediate: true, remediateDisruptive: true },
    );
    expect(statuses(findings)).to.deep.equal({
      'iam_user.password_without_mfa': 'applied',
      'iam_user.inactive_password': 'applied',
      'iam_user.stale_access_key': 'applied',
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['DeleteLoginProfile', { UserName: USER_NAME }],
      ['UpdateAccessKey', { UserName: USER_NAME, AccessKeyId: 'AKIAOLD', Status: 'Inactive' }],
      ['UpdateAccessKey', { UserName: USER_NAME, AccessKeyId: 'AKIANEVER', Status: 'Inactive' }],
    ]);
    expect(findings[2]!.before).to.deep.equal({
      AccessKeys: [
        { AccessKeyId: 'AKIAOLD', Status: 'Active' },
        { AccessKeyId: 'AKIANEVER', Status: 'Active' },
      ],
    });
  });

  it('uses the thresholds of the settings', async () => {
    const world = iamUserWorld({ profileAgeDays: 40, mfa: true, passwordLastUsedDaysAgo: 40 });
    expect((await audit(world, user)).findings).to.deep.equal([]);
    const strict = await audit(world, user, { thresholds: { passwordInactiveDays: 30 } });
    expect(strict.findings.map((f) => f.check)).to.deep.equal(['iam_user.inactive_password']);
  });
});
