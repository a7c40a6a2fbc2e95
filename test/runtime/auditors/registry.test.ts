import { expect } from 'chai';
import { DISRUPTIVE_CHECKS, NAMED_ONLY_CHECKS } from '../../../src/runtime/contracts/checks';
import { CHECK_IDS, checkResourceType } from '../../../src/runtime/contracts/checks';
import { AuditorRegistry, CORE_READ_ACTIONS, registry } from '../../../src/runtime/auditors/registry';
import { MANIFESTS } from '../../../src/runtime/types';
import { iamActionOf } from '../../helpers/aws';
import { actionExists, unknownActions } from '../../helpers/iam';
import { audit } from '../../helpers/resources';
import { NONCOMPLIANT } from '../../helpers/fixtures';

describe('auditor registry', () => {
  it('has one auditor per type and unique check ids, each from the catalog and of its type', () => {
    const types = MANIFESTS.map((a) => a.type);
    expect(new Set(types).size).to.equal(types.length);
    const ids = MANIFESTS.flatMap((a) => a.checks.map((c) => c.id));
    expect(new Set(ids).size).to.equal(ids.length);
    for (const auditor of MANIFESTS) {
      for (const check of auditor.checks) {
        expect(CHECK_IDS).to.include(check.id);
        expect(checkResourceType(check.id), check.id).to.equal(auditor.type);
        expect(check.title.length, check.id).to.be.within(10, 80);
      }
    }
  });

  it('refuses two manifests of one type and names the valid types for an unknown one', () => {
    expect(() => new AuditorRegistry([MANIFESTS[0]!, MANIFESTS[0]!])).to.throw(
      /two manifests for resource type region/,
    );
    expect(() => registry.manifest('bucket')).to.throw(
      `no resource type "bucket"; the types are: ${MANIFESTS.map((m) => m.type).join(', ')}`,
    );
  });

  it('declares only IAM actions that exist', async () => {
    const declared = [
      ...CORE_READ_ACTIONS,
      ...MANIFESTS.flatMap((a) => [...a.readActions, ...a.remediateActions]),
    ];
    expect(await unknownActions(declared)).to.deep.equal([]);
    // The check itself can fail: a made-up action is refused.
    expect(await actionExists('s3:GetBucketPublicness')).to.equal(false);
  });

  it('gives the member role read actions only when remediation is off', () => {
    const off = registry.memberActions(false);
    const on = registry.memberActions(true);
    expect(off).to.include.members(['organizations:ListAccounts', 'sqs:GetQueueAttributes', 'iam:GetRole']);
    expect(off).to.not.include.members(['sqs:SetQueueAttributes']);
    expect(off.filter((a) => !/:(Get|Describe|List)/.test(a))).to.deep.equal([]);
    expect(on).to.include.members([
      ...off,
      's3:PutBucketPolicy',
      'kms:PutKeyPolicy',
      'ec2:ModifySnapshotAttribute',
    ]);
    expect(on).to.deep.equal([...new Set(on)].sort());
  });

  it('marks as disruptive or partner-access only checks that have a fix, and every such check exists', () => {
    const fixes = new Map(registry.checks().map((c) => [c.id, c.fix]));
    for (const check of [...DISRUPTIVE_CHECKS, ...NAMED_ONLY_CHECKS]) {
      expect(fixes.get(check), check).to.be.a('string');
    }
  });

  describe('declared actions cover every command the auditors send', () => {
    for (const auditor of MANIFESTS) {
      it(auditor.type, async () => {
        const scenario = NONCOMPLIANT[auditor.type];
        expect(scenario, `a NONCOMPLIANT scenario for ${auditor.type}`).to.not.equal(undefined);
        const dry = await audit(scenario!.world(), scenario!.resource, scenario!.settings);
        for (const call of dry.aws.sent) expect(auditor.readActions, 'dry run').to.include(iamActionOf(call));

        const applied = await audit(scenario!.world(), scenario!.resource, {
          ...scenario!.settings,
          remediate: Object.fromEntries(auditor.checks.map((c) => [c.id, true])),
        });
        const reads = applied.aws.sent.filter((c) => /^(Get|Describe|List)/.test(c.operation));
        const writes = applied.aws.writes();
        if (auditor.remediateActions.length > 0)
          expect(writes, 'a fix sends at least one write').to.not.be.empty;
        for (const call of reads) expect(auditor.readActions).to.include(iamActionOf(call));
        for (const call of writes) expect(auditor.remediateActions).to.include(iamActionOf(call));
        // And nothing is declared that no test ever sends.
        const sent = new Set(applied.aws.sent.map(iamActionOf));
        for (const action of auditor.readActions) {
          expect(
            [...sent, ...dry.aws.sent.map(iamActionOf)],
            `${action} is declared but never sent`,
          ).to.include(action);
        }
      });
    }
  });
});
