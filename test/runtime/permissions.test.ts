import { expect } from 'chai';
import { listerActions } from '../../src/runtime/poller/listers';
import { sweepTask } from '../../src/runtime/poller/sweep';
import { memberRoleActions, remediationActions } from '../../src/runtime/permissions';
import { FakeAws, iamActionOf } from '../helpers/aws';
import { unknownActions } from '../helpers/iam';
import { pollWorld, sampleInventory } from '../helpers/poll-world';

describe('member role actions', () => {
  it('exist, every one', async () => {
    expect(await unknownActions(memberRoleActions(true, { confirmWithAccessAnalyzer: true }))).to.deep.equal(
      [],
    );
  });

  it('cover every call of a full sweep, and each lister declares the actions of its calls', async () => {
    // One of every listed type (and what holds them), in an account and region listed with the global types.
    const aws = new FakeAws(pollWorld(() => sampleInventory(1)));
    await sweepTask(
      { account: '111111111111', region: 'eu-west-1', global: true, onlyTestResources: false },
      { clients: aws },
    );
    const sent = [...new Set(aws.sent.map(iamActionOf))].sort();
    expect(sent).to.deep.equal(listerActions());
    const read = memberRoleActions(false);
    for (const action of sent) expect(read).to.include(action);
  });

  it('with remediation off, hold only reads; remediation adds only writes', () => {
    const read = memberRoleActions(false);
    expect(read.filter((a) => !/:(Get|Describe|List)/.test(a))).to.deep.equal([]);
    const writes = remediationActions();
    expect(writes.length).to.be.greaterThan(0);
    expect(writes.filter((a) => /:(Get|Describe|List)/.test(a))).to.deep.equal([]);
    expect(memberRoleActions(true)).to.deep.equal([...read, ...writes].sort());
  });

  it("add IAM Access Analyzer's CheckNoPublicAccess only when fixes are on and to be confirmed by it", () => {
    const action = 'access-analyzer:CheckNoPublicAccess';
    expect(memberRoleActions(true, { confirmWithAccessAnalyzer: true })).to.include(action);
    expect(memberRoleActions(true)).to.not.include(action);
    expect(memberRoleActions(false, { confirmWithAccessAnalyzer: true })).to.not.include(action);
  });

  it('add the writes of undo only with allowUndo, and nothing else', () => {
    const read = memberRoleActions(false);
    const withUndo = memberRoleActions(false, { allowUndo: true });
    const added = withUndo.filter((a) => !read.includes(a));
    expect(added).to.include.members([
      'sqs:SetQueueAttributes',
      's3:PutBucketAcl',
      'lambda:AddPermission',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:StartInstances',
    ]);
    expect(added.filter((a) => /:(Get|Describe|List)/.test(a))).to.deep.equal([]);
    expect(memberRoleActions(true)).to.not.include('lambda:AddPermission');
    expect(memberRoleActions(true)).to.not.include('ec2:AuthorizeSecurityGroupIngress');
  });

  it("add Security Hub's BatchImportFindings only with securityHub, and it exists", async () => {
    const action = 'securityhub:BatchImportFindings';
    expect(memberRoleActions(false, { securityHub: true })).to.include(action);
    expect(memberRoleActions(true, { securityHub: true })).to.include(action);
    expect(memberRoleActions(false)).to.not.include(action);
    expect(memberRoleActions(true)).to.not.include(action);
    const added = memberRoleActions(false, { securityHub: true }).filter(
      (a) => !memberRoleActions(false).includes(a),
    );
    expect(added).to.deep.equal([action]);
    expect(await unknownActions([action])).to.deep.equal([]);
  });
});
