import { expect } from 'chai';
import { enabledChecks, exceptionReason, remediationEnabled } from '../../../src/runtime/auditors/decision';
import type { Tags } from '../../../src/runtime/auditors/decision';
import type { CheckId } from '../../../src/runtime/contracts/checks';
import type { ResourceMessage } from '../../../src/runtime/contracts/message';
import type { ResolvedSettings } from '../../../src/runtime/contracts/settings';
import { settle } from '../../../src/runtime/remediator/settle';
import { CHECKS } from '../../../src/runtime/contracts/checks';
import { type RemediationSettings, validateSettings } from '../../../src/runtime/contracts/settings';
import { message } from '../../helpers/sqs';

const settingsWith = (extra: Partial<RemediationSettings>) =>
  validateSettings({ regions: ['eu-west-1'], accounts: ['111111111111'], ...extra });
const bucket = message({ type: 's3_bucket', id: 'reports' });

/**
 * What the remediator does with one failing check of one resource (a fix that only records it ran):
 * 'apply' when it fixes, 'dry_run' when it only reports, 'excepted' when it leaves the resource alone.
 */
async function decide(
  settings: ResolvedSettings,
  resource: ResourceMessage,
  check: CheckId,
  tags: Tags = {},
) {
  const findings = await settle([CHECKS.get(check)!], resource, settings, tags, [
    { check, message: 'failing', action: 'fix', fix: async () => ({}) },
  ]);
  const status = Array.isArray(findings) ? findings[0]!.remediation.status : 'gone';
  return status === 'applied' ? 'apply' : status;
}

describe('auditors: remediation decision', () => {
  it('is a dry run by default', async () => {
    expect(await decide(settingsWith({}), bucket, 's3_bucket.public')).to.equal('dry_run');
  });

  it('applies fixes when remediate is true', async () => {
    expect(await decide(settingsWith({ remediate: true }), bucket, 's3_bucket.public')).to.equal('apply');
  });

  it('reads a map by check id first, then by resource type, and leaves the rest off', () => {
    const settings = settingsWith({
      remediate: { s3_bucket: true, 's3_bucket.no_tls_enforcement': false, sqs: false },
    });
    expect(remediationEnabled(settings, 's3_bucket.public')).to.equal(true);
    expect(remediationEnabled(settings, 's3_bucket.no_tls_enforcement')).to.equal(false);
    expect(remediationEnabled(settings, 'sqs.public')).to.equal(false);
    expect(remediationEnabled(settings, 'kms_key.public_policy')).to.equal(false);
  });

  describe('disruptive and partner-access fixes need their own consent', () => {
    it('remediate: true leaves the disruptive fixes off, remediateDisruptive turns them on', () => {
      expect(remediationEnabled(settingsWith({ remediate: true }), 'ec2.missing_tags')).to.equal(false);
      expect(remediationEnabled(settingsWith({ remediate: true }), 'ec2.imdsv1_allowed')).to.equal(true);
      expect(
        remediationEnabled(settingsWith({ remediate: true, remediateDisruptive: true }), 'ec2.missing_tags'),
      ).to.equal(true);
      expect(enabledChecks(settingsWith({ remediate: true }))).to.not.include.members([
        'rds.unencrypted',
        'iam_user.inactive_password',
        'ecs_task.public_ip',
        'elbv2.public_dev_instance',
      ]);
    });

    it('naming a disruptive check or its type is consent', () => {
      expect(
        remediationEnabled(settingsWith({ remediate: { 'ec2.missing_tags': true } }), 'ec2.missing_tags'),
      ).to.equal(true);
      expect(remediationEnabled(settingsWith({ remediate: { rds: true } }), 'rds.unencrypted')).to.equal(
        true,
      );
      // remediateDisruptive alone turns nothing on.
      expect(remediationEnabled(settingsWith({ remediateDisruptive: true }), 'rds.unencrypted')).to.equal(
        false,
      );
    });

    it('removes partner access only when the check itself is named', () => {
      const check = 'ami.shared_unknown_account';
      expect(
        remediationEnabled(settingsWith({ remediate: true, remediateDisruptive: true }), check),
      ).to.equal(false);
      expect(remediationEnabled(settingsWith({ remediate: { ami: true } }), check)).to.equal(false);
      expect(remediationEnabled(settingsWith({ remediate: { [check]: true } }), check)).to.equal(true);
      expect(remediationEnabled(settingsWith({ remediate: { ami: true } }), 'ami.public')).to.equal(true);
    });
  });

  describe('exceptions always win over remediate', () => {
    const on = { remediate: true } as const;

    it('by resource id within its type only', async () => {
      const settings = settingsWith({
        ...on,
        exceptions: { resources: { s3_bucket: ['reports'], sqs: ['other'] } },
      });
      expect(await decide(settings, bucket, 's3_bucket.public')).to.equal('excepted');
      expect(exceptionReason(settings, bucket)).to.equal('exceptions.resources.s3_bucket lists "reports"');
      expect(await decide(settings, message({ type: 'sqs', id: 'reports' }), 'sqs.public')).to.equal('apply');
    });

    it('by account and type', async () => {
      const settings = settingsWith({ ...on, exceptions: { accounts: { '111111111111': ['s3_bucket'] } } });
      expect(await decide(settings, bucket, 's3_bucket.public')).to.equal('excepted');
      expect(await decide(settings, message({ type: 'sqs' }), 'sqs.public')).to.equal('apply');
      expect(await decide(settings, { ...bucket, account: '222222222222' }, 's3_bucket.public')).to.equal(
        'apply',
      );
    });

    it('by tag key, and by key and value when a value is set', async () => {
      const anyValue = settingsWith({ ...on, exceptions: { tag: { key: 'remediation' } } });
      expect(await decide(anyValue, bucket, 's3_bucket.public', { remediation: '' })).to.equal('excepted');
      expect(await decide(anyValue, bucket, 's3_bucket.public', { team: 'x' })).to.equal('apply');

      const exact = settingsWith({ ...on, exceptions: { tag: { key: 'remediation', value: 'skip' } } });
      expect(await decide(exact, bucket, 's3_bucket.public', { remediation: 'skip' })).to.equal('excepted');
      expect(await decide(exact, bucket, 's3_bucket.public', { remediation: 'fix' })).to.equal('apply');
      expect(exceptionReason(exact, bucket, { remediation: 'skip' })).to.equal(
        'it carries the exception tag remediation=skip',
      );
    });

    it('does not take inherited object keys for tags', async () => {
      const settings = settingsWith({ ...on, exceptions: { tag: { key: 'constructor' } } });
      expect(await decide(settings, bucket, 's3_bucket.public', {})).to.equal('apply');
    });
  });
});
