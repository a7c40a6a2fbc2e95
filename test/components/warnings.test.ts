import { expect } from 'chai';
import * as pulumi from '@pulumi/pulumi';
import sinon from 'sinon';
import { DISRUPTIVE_CHECKS } from '../../src/runtime/contracts/checks';
import { installMocks, settled } from '../helpers/pulumi';

type Components = typeof import('../../src/components');

const settings = { regions: ['eu-west-1'], accounts: ['111111111111'] };
const MASTER_ROLES = ['arn:aws:iam::000000000000:role/sec-remediator-1a2b3c'];
const BUSES = {
  'eu-west-1': 'arn:aws:events:eu-west-1:000000000000:event-bus/sec-bus-eu-west-1',
  'us-east-1': 'arn:aws:events:us-east-1:000000000000:event-bus/sec-bus-us-east-1',
};
const SEVEN_DAYS = 'AWS starts a stopped RDS instance (or Aurora cluster) again after seven days';

describe('component warnings (pulumi.log.warn, with the resource)', function () {
  let components: Components;
  let warn: sinon.SinonStub;

  before(async () => {
    await installMocks();
    components = await import('../../src/components');
  });
  beforeEach(() => {
    warn = sinon.stub(pulumi.log, 'warn').resolves();
  });
  afterEach(() => warn.restore());

  /** The warnings logged about `resource`. */
  const warningsOf = (resource: pulumi.Resource): string[] =>
    warn
      .getCalls()
      .filter((c) => c.args[1] === resource)
      .map((c) => String(c.args[0]));

  describe('disruptive fixes', () => {
    it('none with remediate: true alone, which turns on only fixes that stop and delete nothing', async () => {
      const master = new components.RemediationMaster('wdnone', {
        settings: { ...settings, remediate: true },
      });
      await settled([master]);
      expect(warn.callCount).to.equal(0);
    });

    it('lists every disruptive fix that remediateDisruptive turns on, and says the RDS stop lasts seven days', async () => {
      const master = new components.RemediationMaster('wdall', {
        settings: { ...settings, remediate: true, remediateDisruptive: true },
      });
      await settled([master]);
      const [message, ...others] = warningsOf(master);
      expect(others).to.deep.equal([]);
      expect(message).to.match(/^settings turn on 9 disruptive fixes \(remediateDisruptive is true\): /);
      for (const check of DISRUPTIVE_CHECKS) expect(message).to.contain(check);
      expect(message).to.contain(SEVEN_DAYS);
      expect(message).to.contain('so the stop of rds.unencrypted is not permanent');
    });

    it('lists only the ones the remediate map names (a check or its type), the RDS note only with rds.unencrypted', async () => {
      const byCheck = new components.RemediationMaster('wdcheck', {
        settings: { ...settings, remediate: { 'ec2.missing_tags': true, 'sqs.public': true } },
      });
      const byType = new components.RemediationMaster('wdtype', {
        settings: { ...settings, remediate: { rds: true } },
      });
      await settled([byCheck, byType]);
      expect(warningsOf(byCheck)).to.have.length(1);
      expect(warningsOf(byCheck)[0]).to.match(
        /^settings turn on 1 disruptive fix \(remediate names them or their resource type\): ec2\.missing_tags\. /,
      );
      expect(warningsOf(byCheck)[0]).to.not.contain('RDS');
      expect(warningsOf(byType)[0]).to.match(/: rds\.unencrypted\. /);
      expect(warningsOf(byType)[0]).to.contain(SEVEN_DAYS);
    });

    it('a member account warns only when it lets fixes run (remediation: true)', async () => {
      const disruptive = { ...settings, remediate: { 'rds.unencrypted': true } };
      const readOnly = new components.MemberAccount('wdro', {
        settings: disruptive,
        masterRoleArns: MASTER_ROLES,
        forwarderRegions: [],
      });
      const fixing = new components.MemberAccount('wdrw', {
        settings: disruptive,
        masterRoleArns: MASTER_ROLES,
        forwarderRegions: [],
        remediation: true,
      });
      await settled([readOnly, fixing]);
      expect(warningsOf(readOnly)).to.deep.equal([]);
      expect(warningsOf(fixing)).to.have.length(1);
      expect(warningsOf(fixing)[0]).to.match(
        /^settings turn on 1 disruptive fix \(remediate names them or their resource type\), and remediation: true lets them run in this account: rds\.unencrypted\. /,
      );
      expect(warningsOf(fixing)[0]).to.contain(SEVEN_DAYS);
    });
  });

  describe("IAM's events, which arrive in us-east-1 only", () => {
    it('warns when an eventRegions override leaves out us-east-1, naming the setting and why', async () => {
      const master = new components.RemediationMaster('wiam', { settings, eventRegions: ['eu-west-1'] });
      await settled([master]);
      expect(warningsOf(master)).to.deep.equal([
        'eventRegions leaves out us-east-1: IAM is a global service whose CloudTrail events arrive in us-east-1 only, so changes to IAM users and roles (iam_user, iam_role) are not seen until the next sweep. Add "us-east-1" to eventRegions, or leave eventRegions unset for the default (settings.regions and us-east-1).',
      ]);
    });

    it('is quiet with the default, with us-east-1 listed, or with us-east-1 as the home region', async () => {
      const byDefault = new components.RemediationMaster('wiamdef', { settings });
      const listed = new components.RemediationMaster('wiamlist', {
        settings,
        eventRegions: ['eu-west-1', 'us-east-1'],
      });
      const home = new components.RemediationMaster('wiamhome', {
        settings,
        homeRegion: 'us-east-1',
        eventRegions: ['eu-west-1'],
      });
      await settled([byDefault, listed, home]);
      expect(warn.callCount).to.equal(0);
      expect(home.eventRegions).to.deep.equal(['us-east-1', 'eu-west-1']);
    });

    it('warns when a forwarderRegions override leaves out us-east-1, not when it is [] (declared elsewhere)', async () => {
      const partial = new components.MemberAccount('wiamfw', {
        settings,
        masterRoleArns: MASTER_ROLES,
        eventBusArns: BUSES,
        forwarderRegions: ['eu-west-1'],
      });
      const none = new components.MemberAccount('wiamnone', {
        settings,
        masterRoleArns: MASTER_ROLES,
        forwarderRegions: [],
      });
      const byDefault = new components.MemberAccount('wiamfwdef', {
        settings,
        masterRoleArns: MASTER_ROLES,
        eventBusArns: BUSES,
      });
      await settled([partial, none, byDefault]);
      expect(warningsOf(partial)).to.have.length(1);
      expect(warningsOf(partial)[0]).to.match(
        /^forwarderRegions leaves out us-east-1: IAM is a global service whose CloudTrail events arrive in us-east-1 only/,
      );
      expect(warningsOf(none)).to.deep.equal([]);
      expect(warningsOf(byDefault)).to.deep.equal([]);
    });

    it('does not ask for us-east-1 in another partition (GovCloud)', async () => {
      const gov = new components.MemberAccount('wiamgov', {
        settings: { regions: ['us-gov-west-1'], accounts: ['111111111111'] },
        masterRoleArns: MASTER_ROLES,
        eventBusArns: { 'us-gov-west-1': 'arn:aws-us-gov:events:us-gov-west-1:000000000000:event-bus/b' },
        forwarderRegions: ['us-gov-west-1'],
      });
      await settled([gov]);
      expect(warningsOf(gov)).to.deep.equal([]);
    });
  });
});
