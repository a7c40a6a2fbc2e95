import { expect } from 'chai';
import { translateEvent } from '../../../../src/runtime/events/translate';
import { addLayerPermissionInput } from '../../../../src/runtime/types/lambda_layer/undo';
import { apiCall, OWNER, REGION as EVENT_REGION } from '../../../helpers/events';
import { awsError } from '../../../helpers/aws';
import {
  ACCOUNT,
  audit,
  KNOWN,
  MANAGEMENT,
  ORG_ID,
  organizationWorld,
  resource,
  STRANGER,
} from '../../../helpers/resources';
import { LAYER_NAME, LAYER_VERSION_ARN, layerPermission, layerWorld, VERSION } from './fixtures';

const layer = resource('lambda_layer', LAYER_VERSION_ARN);
const text = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
const anyone = layerPermission('anyone', '*');
const partner = layerPermission('partner', KNOWN);
const stranger = layerPermission('stranger', STRANGER);
const remove = (StatementId: string, RevisionId?: string) => [
  'RemoveLayerVersionPermission',
  { LayerName: LAYER_NAME, VersionNumber: VERSION, StatementId, ...(RevisionId ? { RevisionId } : {}) },
];

describe('auditor: lambda_layer', () => {
  it('passes a version without permissions, or granting known accounts only', async () => {
    for (const statements of [[], [partner]]) {
      const { findings, aws } = await audit(layerWorld({ statements }), layer);
      expect(findings).to.deep.equal([]);
      expect(aws.sent.map((c) => [c.operation, c.input])).to.deep.equal([
        ['GetLayerVersionPolicy', { LayerName: LAYER_NAME, VersionNumber: VERSION }],
        ['GetLayerVersion', { LayerName: LAYER_NAME, VersionNumber: VERSION }],
      ]);
    }
  });

  it('yields nothing for a version that is gone, or an id that is not a version of its account and region', async () => {
    const gone = await audit(layerWorld({ exists: false }), layer);
    expect(gone.findings).to.deep.equal([]);
    expect(gone.aws.calls('Lambda.GetLayerVersion')).to.have.length(1);
    for (const id of [
      LAYER_VERSION_ARN.replace(ACCOUNT, STRANGER),
      LAYER_VERSION_ARN.replace('eu-west-1', 'us-east-1'),
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:${LAYER_NAME}`,
    ]) {
      const { findings, aws } = await audit(
        layerWorld({ statements: [anyone] }),
        resource('lambda_layer', id),
      );
      expect(findings, id).to.deep.equal([]);
      expect(aws.sent, id).to.deep.equal([]);
    }
  });

  it('reports a permission for everyone, naming it, as a dry run', async () => {
    const { findings, aws } = await audit(layerWorld({ statements: [partner, anyone] }), layer);
    expect(findings).to.have.length(1);
    expect(findings[0]).to.deep.include({ check: 'lambda_layer.public', severity: 'high', resource: layer });
    expect(findings[0]!.message).to.equal(
      'Layer version policy statement "anyone" is public: Principal "*" lets in anyone, even without credentials; no condition pins the caller.',
    );
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'remove 1 public permission (RemoveLayerVersionPermission), keep the other 1 permission',
      status: 'dry_run',
    });
    expect(aws.writes()).to.deep.equal([]);
  });

  it('passes everyone of a configured organization; another organization is a grant to an unknown one, not public', async () => {
    const org = layerPermission('org', '*', ORG_ID);
    const configured = await audit({ ...layerWorld({ statements: [org] }), ...organizationWorld() }, layer, {
      organizationAccounts: [MANAGEMENT],
    });
    expect(configured.findings).to.deep.equal([]);
    const elsewhere = await audit(layerWorld({ statements: [org] }), layer);
    expect(elsewhere.findings.map((f) => f.check)).to.deep.equal(['lambda_layer.shared_unknown_account']);
  });

  it('removes each public permission by its statement id, the first on the revision read again, and only those', async () => {
    const second = layerPermission('anyone-too', '*');
    const { findings, aws } = await audit(layerWorld({ statements: [anyone, partner, second] }), layer, {
      remediate: { lambda_layer: true },
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      remove('anyone', 'rev-1'),
      remove('anyone-too'),
    ]);
    expect(findings[0]!.remediation.status).to.equal('applied');
    expect(findings[0]!.before).to.deep.equal({ Policy: text(anyone, partner, second) });
    expect(findings[0]!.after).to.deep.equal({ Policy: text(partner) });
  });

  it('does not remove anything from a policy changed since the audit read it', async () => {
    const world = layerWorld({ statements: [anyone] });
    const read = world['Lambda.GetLayerVersionPolicy'] as (input: object) => unknown;
    let reads = 0;
    world['Lambda.GetLayerVersionPolicy'] = (input: object) =>
      (reads += 1) === 1 ? read(input) : { Policy: text(anyone, partner), RevisionId: 'rev-7' };
    let caught: unknown;
    await audit(world, layer, { remediate: true }).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
  });

  it('fails as a concurrent change when Lambda refuses the revision, and keeps what it removed when a later removal fails', async () => {
    const refused = layerWorld({ statements: [anyone] });
    refused['Lambda.RemoveLayerVersionPermission'] = () => {
      throw awsError('PreconditionFailedException', 'The RevisionId provided does not match', 412);
    };
    let caught: unknown;
    await audit(refused, layer, { remediate: true }).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');

    const partial = layerWorld({ statements: [anyone, layerPermission('anyone-too', '*')] });
    const removeOne = partial['Lambda.RemoveLayerVersionPermission'] as (input: object) => unknown;
    let calls = 0;
    partial['Lambda.RemoveLayerVersionPermission'] = (input: object) => {
      if ((calls += 1) === 2) throw awsError('TooManyRequestsException', 'Rate exceeded', 429);
      return removeOne(input);
    };
    const { findings } = await audit(partial, layer, { remediate: true });
    expect(findings[0]!.remediation).to.deep.include({
      status: 'failed',
      reason: 'TooManyRequestsException: Rate exceeded',
    });
    expect(findings[0]!.before).to.deep.equal({ Policy: text(anyone, layerPermission('anyone-too', '*')) });
  });

  it('refuses to remove a hand-written statement that names known principals next to "*"', async () => {
    const mixed = { ...anyone, Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, '*'] } };
    const { findings, aws } = await audit(layerWorld({ statements: [mixed] }), layer, { remediate: true });
    expect(findings[0]!.remediation).to.deep.include({
      status: 'failed',
      reason:
        'RemediationError: statements "anyone" name other principals too: RemoveLayerVersionPermission removes a statement whole, so it is left for a person to narrow',
    });
    expect(aws.writes()).to.deep.equal([]);
  });

  describe('lambda_layer.shared_unknown_account', () => {
    it('reports permissions of an account and an organization nobody named, and leaves them with remediate: true', async () => {
      const org = layerPermission('strangers-org', '*', 'o-stranger123');
      const { findings, aws } = await audit(layerWorld({ statements: [partner, stranger, org] }), layer, {
        remediate: true,
      });
      expect(findings).to.have.length(1);
      expect(findings[0]).to.deep.include({ check: 'lambda_layer.shared_unknown_account', severity: 'high' });
      expect(findings[0]!.message).to.equal(
        `Layer version policy grants accounts and organizations outside the known accounts and organizations: statement "stranger" grants account ${STRANGER}; statement "strangers-org" grants organization o-stranger123.`,
      );
      expect(findings[0]!.remediation).to.deep.equal({
        action: `remove 2 permissions granting account ${STRANGER}, organization o-stranger123 (RemoveLayerVersionPermission), keep the other 1 permission`,
        status: 'dry_run',
      });
      expect(aws.writes()).to.deep.equal([]);
    });

    it('passes the same permission once settings name the account', async () => {
      const { findings } = await audit(layerWorld({ statements: [stranger] }), layer, {
        accounts: [ACCOUNT, KNOWN, STRANGER],
      });
      expect(findings).to.deep.equal([]);
    });

    it('removes only those permissions when the check is named, on the revision read again', async () => {
      const { findings, aws } = await audit(layerWorld({ statements: [partner, stranger] }), layer, {
        remediate: { 'lambda_layer.shared_unknown_account': true },
      });
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([remove('stranger', 'rev-1')]);
      expect(findings[0]!.before).to.deep.equal({ Policy: text(partner, stranger) });
      expect(findings[0]!.after).to.deep.equal({ Policy: text(partner) });
    });

    it('removes nothing from a policy changed since, nor a statement that names a known account too', async () => {
      const world = layerWorld({ statements: [stranger] });
      const read = world['Lambda.GetLayerVersionPolicy'] as (input: object) => unknown;
      let reads = 0;
      world['Lambda.GetLayerVersionPolicy'] = (input: object) =>
        (reads += 1) === 1 ? read(input) : { Policy: text(stranger, partner), RevisionId: 'rev-7' };
      let caught: unknown;
      await audit(world, layer, { remediate: { 'lambda_layer.shared_unknown_account': true } }).catch(
        (e: unknown) => (caught = e),
      );
      expect(caught).to.have.property('name', 'ConcurrentChangeError');

      const both = {
        ...stranger,
        Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, `arn:aws:iam::${STRANGER}:root`] },
      };
      const { findings, aws } = await audit(layerWorld({ statements: [both] }), layer, {
        remediate: { 'lambda_layer.shared_unknown_account': true },
      });
      expect(findings[0]!.remediation.status).to.equal('failed');
      expect(findings[0]!.remediation.reason).to.match(
        /^RemediationError: statements "stranger" name other principals too/,
      );
      expect(aws.writes()).to.deep.equal([]);
    });

    it('runs after the public fix, on what it left, each with its own before', async () => {
      const { findings, aws } = await audit(layerWorld({ statements: [anyone, partner, stranger] }), layer, {
        remediate: { lambda_layer: true, 'lambda_layer.shared_unknown_account': true },
      });
      expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
        ['lambda_layer.public', 'applied'],
        ['lambda_layer.shared_unknown_account', 'applied'],
      ]);
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
        remove('anyone', 'rev-1'),
        remove('stranger', 'rev-2'),
      ]);
      expect(findings[1]!.before).to.deep.equal({ Policy: text(partner, stranger) });
      expect(findings[1]!.after).to.deep.equal({ Policy: text(partner) });
    });

    it('fixes the grant on the original policy when only it is turned on', async () => {
      const { findings, aws } = await audit(layerWorld({ statements: [anyone, stranger] }), layer, {
        remediate: { 'lambda_layer.shared_unknown_account': true },
      });
      expect(findings.map((f) => f.remediation.status)).to.deep.equal(['dry_run', 'applied']);
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([remove('stranger', 'rev-1')]);
      expect(findings[1]!.after).to.deep.equal({ Policy: text(anyone) });
    });
  });
});

describe('lambda_layer: the permission an undo adds back', () => {
  it('writes a permission of an account, of everyone, or of everyone in an organization as it was', () => {
    expect(addLayerPermissionInput(LAYER_NAME, VERSION, stranger)).to.deep.equal({
      LayerName: LAYER_NAME,
      VersionNumber: VERSION,
      StatementId: 'stranger',
      Action: 'lambda:GetLayerVersion',
      Principal: `arn:aws:iam::${STRANGER}:root`,
    });
    expect(addLayerPermissionInput(LAYER_NAME, VERSION, layerPermission('org', '*', ORG_ID))).to.deep.include(
      {
        Principal: '*',
        OrganizationId: ORG_ID,
      },
    );
  });

  it('refuses what AddLayerVersionPermission cannot write', () => {
    const cases: [object, RegExp][] = [
      [{ ...anyone, Sid: undefined }, /it has no Sid/],
      [{ ...anyone, Effect: 'Deny' }, /its effect is Deny/],
      [{ ...anyone, Action: ['lambda:GetLayerVersion', 'lambda:ListLayerVersions'] }, /no single action/],
      [{ ...anyone, Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, '*'] } }, /not one account or "\*"/],
      [
        { ...stranger, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } } },
        /condition StringEquals/,
      ],
      [{ ...anyone, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }, /condition IpAddress/],
    ];
    for (const [statement, reason] of cases) {
      expect(() => addLayerPermissionInput(LAYER_NAME, VERSION, statement)).to.throw(reason);
    }
  });
});

describe('lambda_layer: the layer version an AddLayerVersionPermission call changed', () => {
  const call = (request: object, response: object | null) =>
    translateEvent(
      apiCall({
        source: 'lambda.amazonaws.com',
        name: 'AddLayerVersionPermission20181031',
        request,
        response,
      }),
    ).messages.map((m) => m.id);
  const arn = `arn:aws:lambda:${EVENT_REGION}:${OWNER}:layer:${LAYER_NAME}:7`;

  it("reads the version from the request, a number or a string, in the call's account and region", () => {
    expect(call({ layerName: LAYER_NAME, versionNumber: 7 }, null)).to.deep.equal([arn]);
    expect(call({ layerName: LAYER_NAME, versionNumber: '7' }, null)).to.deep.equal([arn]);
    expect(call({ layerName: arn.slice(0, arn.lastIndexOf(':')), versionNumber: 7 }, null)).to.deep.equal([
      arn,
    ]);
  });

  it("falls back on the statement's Resource, and names nothing it cannot read", () => {
    const statement = JSON.stringify({ Sid: 'x', Resource: arn });
    expect(call({ layerName: LAYER_NAME }, { statement })).to.deep.equal([arn]);
    expect(call({ layerName: LAYER_NAME }, { statement: 'not json' })).to.deep.equal([]);
    expect(call({ layerName: 'bad name!', versionNumber: 7 }, null)).to.deep.equal([]);
  });
});
