import { expect } from 'chai';
import {
  ACCOUNT,
  accountStatement,
  audit,
  KNOWN,
  policy,
  publicStatement,
  resource,
  STRANGER,
} from '../../../helpers/resources';
import { KEY_ID, keyAdminStatement, kmsWorld } from './fixtures';

describe('auditor: kms_key', () => {
  const key = resource('kms_key', KEY_ID);
  const root = `arn:aws:iam::${ACCOUNT}:root`;

  it('passes the default key policy and grants pinned to the account through kms:CallerAccount', async () => {
    const viaService = publicStatement('ViaS3', ['kms:Decrypt', 'kms:GenerateDataKey'], '*', {
      Condition: {
        StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
      },
    });
    const { findings, aws } = await audit(kmsWorld({ policy: policy(keyAdminStatement(), viaService) }), key);
    expect(findings).to.deep.equal([]);
    expect(aws.inputs('KMS.GetKeyPolicy')).to.deep.equal([{ KeyId: KEY_ID, PolicyName: 'default' }]);
  });

  it('re-points public statements to the account root, keeping actions, conditions and other statements', async () => {
    const everyone = publicStatement('Everyone', 'kms:Decrypt', '*', {
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    });
    const notPrincipal = {
      Sid: 'AllButOne',
      Effect: 'Allow',
      NotPrincipal: { AWS: root },
      Action: 'kms:Encrypt',
      Resource: '*',
    };
    const original = policy(keyAdminStatement(), everyone, notPrincipal);
    const { findings, aws } = await audit(kmsWorld({ policy: original }), key, {
      remediate: { kms_key: true },
    });
    const [input] = aws.inputs('KMS.PutKeyPolicy');
    expect(input.KeyId).to.equal(KEY_ID);
    expect(input.PolicyName).to.equal('default');
    expect(JSON.parse(input.Policy)).to.deep.equal(
      policy(
        keyAdminStatement(),
        { ...everyone, Principal: { AWS: root } },
        { Sid: 'AllButOne', Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*', Principal: { AWS: root } },
      ),
    );
    expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
    expect(findings[0]!.message).to.match(
      /^Key policy statements "Everyone", "AllButOne" are public: "Everyone": Principal "\*" lets in anyone/,
    );
  });

  it('replaces only the wildcard of a principal map, so a named service keeps its grant', async () => {
    const mixed = {
      Sid: 'Mixed',
      Effect: 'Allow',
      Principal: { AWS: '*', Service: 'logs.eu-west-1.amazonaws.com' },
      Action: 'kms:Encrypt',
      Resource: '*',
    };
    const { aws } = await audit(kmsWorld({ policy: policy(keyAdminStatement(), mixed) }), key, {
      remediate: true,
    });
    const written = JSON.parse(aws.inputs('KMS.PutKeyPolicy')[0].Policy);
    expect(written.Statement[1].Principal).to.deep.equal({
      AWS: root,
      Service: 'logs.eu-west-1.amazonaws.com',
    });
  });

  it('skips AWS-managed keys, whose policy cannot be changed, and keys that no longer exist', async () => {
    const open = policy(publicStatement('Everyone', 'kms:*'));
    const managed = await audit(kmsWorld({ policy: open, manager: 'AWS' }), key);
    expect(managed.findings).to.deep.equal([]);
    expect(managed.aws.calls('KMS.GetKeyPolicy')).to.deep.equal([]);
    expect((await audit(kmsWorld({ exists: false }), key)).findings).to.deep.equal([]);
  });

  it('honours an exception by key id', async () => {
    const { findings, aws } = await audit(
      kmsWorld({ policy: policy(publicStatement('Everyone', 'kms:*')) }),
      key,
      {
        remediate: true,
        exceptions: { resources: { kms_key: [KEY_ID] } },
      },
    );
    expect(findings[0]!.remediation).to.deep.equal({
      action: `re-point 1 public statement to the account root (${root}), keep the rest`,
      status: 'excepted',
      reason: `excepted: exceptions.resources.kms_key lists "${KEY_ID}"`,
    });
    expect(aws.writes()).to.deep.equal([]);
  });
});

// A fix narrows before it removes (docs/policy-judgement.md, "What a fix removes"): a statement that
// names legitimate principals next to public ones keeps the legitimate ones.

const KNOWN_ROOT = `arn:aws:iam::${KNOWN}:root`;

describe('auditor: kms_key, narrowing fixes', () => {
  const key = resource('kms_key', KEY_ID);

  it('re-points only the wildcard of a mixed statement; the named account keeps its grant', async () => {
    const mixed = {
      Sid: 'UseKey',
      Effect: 'Allow',
      Principal: { AWS: [KNOWN_ROOT, '*'] },
      Action: ['kms:Decrypt', 'kms:Encrypt'],
      Resource: '*',
    };
    const { aws } = await audit(kmsWorld({ policy: policy(keyAdminStatement(), mixed) }), key, {
      remediate: true,
    });
    expect(aws.writes().map((c) => c.operation)).to.deep.equal(['PutKeyPolicy']);
    const [input] = aws.inputs('KMS.PutKeyPolicy');
    expect(input).to.deep.include({ KeyId: KEY_ID, PolicyName: 'default' });
    expect(JSON.parse(input.Policy)).to.deep.equal(
      policy(keyAdminStatement(), {
        ...mixed,
        Principal: { AWS: [KNOWN_ROOT, `arn:aws:iam::${ACCOUNT}:root`] },
      }),
    );
  });

  describe('kms_key.shared_unknown_account', () => {
    it('takes only the unknown account out of a statement naming a known one too, by name only', async () => {
      const shared = {
        Sid: 'Partners',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, `arn:aws:iam::${STRANGER}:root`] },
        Action: 'kms:Decrypt',
        Resource: '*',
      };
      const original = policy(keyAdminStatement(), shared);
      const dry = await audit(kmsWorld({ policy: original }), key, { remediate: true });
      expect(dry.findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
        ['kms_key.shared_unknown_account', 'dry_run'],
      ]);
      const { findings, aws } = await audit(kmsWorld({ policy: original }), key, {
        remediate: { 'kms_key.shared_unknown_account': true },
      });
      const left = policy(keyAdminStatement(), {
        ...shared,
        Principal: { AWS: `arn:aws:iam::${KNOWN}:root` },
      });
      expect(aws.inputs('KMS.PutKeyPolicy')).to.deep.equal([
        { KeyId: KEY_ID, PolicyName: 'default', Policy: JSON.stringify(left) },
      ]);
      expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
    });

    it('refuses to leave a key without a policy, and writes nothing', async () => {
      const { findings, aws } = await audit(
        kmsWorld({ policy: policy(accountStatement('Stranger', 'kms:*', STRANGER)) }),
        key,
        { remediate: { 'kms_key.shared_unknown_account': true } },
      );
      expect(findings[0]!.remediation).to.deep.include({
        status: 'failed',
        reason: 'RemediationError: the key policy would be left without a statement; nothing was changed',
      });
      expect(aws.writes()).to.deep.equal([]);
    });
  });
});
