import { expect } from 'chai';
import { Remediator } from '../../../../src/runtime/remediator/remediator';
import { awsError, FakeAws, watched } from '../../../helpers/aws';
import {
  ACCOUNT,
  accountStatement,
  audit,
  KNOWN,
  policy,
  publicStatement,
  resource,
  settingsWith,
  STRANGER,
} from '../../../helpers/resources';
import { efsWorld, FILE_SYSTEM_ARN, FILE_SYSTEM_ID } from './fixtures';

const fileSystem = resource('efs_file_system', FILE_SYSTEM_ID);
const KNOWN_ROOT = `arn:aws:iam::${KNOWN}:root`;
const CLIENT = ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'];
// The EFS console's "Prevent anonymous access" statement: everyone, but only through a mount target.
const throughMountTargets = {
  Sid: 'MountTargetsOnly',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: ['elasticfilesystem:ClientRootAccess', 'elasticfilesystem:ClientWrite'],
  Resource: FILE_SYSTEM_ARN,
  Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
};
/** A statement pinned to clients that come through a mount target, as the public fix leaves it. */
const pin = (statement: object) => ({
  ...statement,
  Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
});
const partner = accountStatement('Partner', 'elasticfilesystem:ClientMount', KNOWN, FILE_SYSTEM_ARN);
// What a policy left without statements becomes: the account's own principals, through their IAM policies.
const OWN_ACCOUNT_ONLY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'OwnAccountOnly',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: [
        'elasticfilesystem:ClientMount',
        'elasticfilesystem:ClientWrite',
        'elasticfilesystem:ClientRootAccess',
      ],
      Resource: FILE_SYSTEM_ARN,
    },
  ],
};
const put = (Policy: object) => ({
  FileSystemId: FILE_SYSTEM_ID,
  Policy: JSON.stringify(Policy),
  BypassPolicyLockoutSafetyCheck: false,
});

describe('auditor: efs_file_system', () => {
  it('passes the default policy, a mount-target-only grant and grants to known accounts', async () => {
    for (const p of [undefined, policy(throughMountTargets), policy(partner)]) {
      const { findings, aws } = await audit(efsWorld({ policy: p }), fileSystem, { remediate: true });
      expect(findings).to.deep.equal([]);
      expect(aws.inputs('EFS.DescribeFileSystemPolicy')).to.deep.equal([{ FileSystemId: FILE_SYSTEM_ID }]);
      expect(aws.inputs('EFS.DescribeFileSystems')).to.deep.equal([{ FileSystemId: FILE_SYSTEM_ID }]);
      expect(aws.writes()).to.deep.equal([]);
    }
  });

  it('reports a statement for everyone that a mount target does not pin, as a dry run', async () => {
    const { findings } = await audit(
      efsWorld({
        policy: policy({
          ...throughMountTargets,
          Sid: 'Anyone',
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        }),
      }),
      fileSystem,
    );
    expect(findings.map((f) => [f.check, f.severity, f.remediation.status])).to.deep.equal([
      ['efs_file_system.public', 'high', 'dry_run'],
    ]);
    expect(findings[0]!.message).to.equal(
      'File system policy statement "Anyone" is public: Principal "*" lets in anyone, even without credentials; Bool aws:SecureTransport "true" does not pin the caller: the caller chooses aws:SecureTransport.',
    );
  });

  it('pins only clients that come through a mount target: "false" lets in everyone else', async () => {
    const { findings } = await audit(
      efsWorld({
        policy: policy({
          ...throughMountTargets,
          Sid: 'NotThroughMountTargets',
          Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'false' } },
        }),
      }),
      fileSystem,
    );
    expect(findings.map((f) => f.check)).to.deep.equal(['efs_file_system.public']);
  });

  it('pins the public statements to mount targets (anonymous NFS clients in the network keep access), lockout check on, the old policy as before', async () => {
    const open = publicStatement('Open', CLIENT, FILE_SYSTEM_ARN);
    const original = policy(throughMountTargets, open, partner);
    const { findings, aws } = await audit(efsWorld({ policy: original }), fileSystem, {
      remediate: { efs_file_system: true },
    });
    const left = policy(throughMountTargets, pin(open), partner);
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['PutFileSystemPolicy', put(left)],
    ]);
    expect(findings[0]!.remediation).to.deep.equal({
      action:
        'pin 1 public statement to clients that come through a mount target (elasticfilesystem:AccessedViaMountTarget "true"): clients in the file system\'s network keep their access, nobody else gets in',
      status: 'applied',
    });
    expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
    expect(findings[0]!.after).to.deep.equal({ Policy: JSON.stringify(left) });
  });

  it('pins a statement that also names a known account, which keeps its principals', async () => {
    const mixed = { ...partner, Sid: 'Mixed', Principal: { AWS: [KNOWN_ROOT, '*'] } };
    const { aws } = await audit(efsWorld({ policy: policy(mixed) }), fileSystem, { remediate: true });
    expect(aws.inputs('EFS.PutFileSystemPolicy')).to.deep.equal([put(policy(pin(mixed)))]);
  });

  it("narrows a statement that already names the key, and never deletes the policy (the default one lets every client in): one left empty names only the account's own principals", async () => {
    const original = policy({
      ...throughMountTargets,
      Sid: 'NotThroughMountTargets',
      Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'false' } },
    });
    const { findings, aws } = await audit(efsWorld({ policy: original }), fileSystem, {
      remediate: { 'efs_file_system.public': true },
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['PutFileSystemPolicy', put(OWN_ACCOUNT_ONLY)],
    ]);
    expect(findings[0]!.remediation.action).to.equal(
      "replace the file system policy, all of it public, with one that names only the account's own principals (deleting it would bring back the default policy, open to every client that reaches a mount target)",
    );
    expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
    expect(findings[0]!.after).to.deep.equal({ Policy: JSON.stringify(OWN_ACCOUNT_ONLY) });
  });

  it('checks the fix with IAM Access Analyzer as AWS::EFS::FileSystem when asked', async () => {
    const original = policy(partner, publicStatement('Open', CLIENT, FILE_SYSTEM_ARN));
    const world = {
      ...efsWorld({ policy: original }),
      'AccessAnalyzer.CheckNoPublicAccess': (input: { policyDocument: string }) =>
        // Access Analyzer judges EFS as EFS's block public access does: a mount target pins the caller.
        input.policyDocument.includes('"Principal":"*"') &&
        !input.policyDocument.includes('AccessedViaMountTarget')
          ? { result: 'FAIL', message: 'public' }
          : { result: 'PASS', message: 'not public' },
    };
    const { findings, aws } = await audit(world, fileSystem, {
      remediate: true,
      confirmWithAccessAnalyzer: true,
    });
    expect(aws.inputs('AccessAnalyzer.CheckNoPublicAccess')).to.deep.equal([
      { policyDocument: JSON.stringify(original), resourceType: 'AWS::EFS::FileSystem' },
      {
        policyDocument: JSON.stringify(
          policy(partner, pin(publicStatement('Open', CLIENT, FILE_SYSTEM_ARN))),
        ),
        resourceType: 'AWS::EFS::FileSystem',
      },
    ]);
    expect(findings[0]!.remediation.status).to.equal('applied');
  });

  it('honours the exception tag from DescribeFileSystems: reported as excepted, not changed', async () => {
    const { findings, aws } = await audit(
      efsWorld({ policy: policy(publicStatement('Open', CLIENT)), tags: { 'remediation-exempt': 'yes' } }),
      fileSystem,
      { remediate: true, exceptions: { tag: { key: 'remediation-exempt', value: 'yes' } } },
    );
    expect(findings[0]!.remediation).to.deep.include({ status: 'excepted' });
    expect(aws.writes()).to.deep.equal([]);
  });

  it('does not write over a file system policy changed since the audit read it', async () => {
    const world = efsWorld();
    let reads = 0;
    world['EFS.DescribeFileSystemPolicy'] = () => {
      reads += 1;
      const p = reads === 1 ? policy(publicStatement('Open', CLIENT)) : policy(partner);
      return { FileSystemId: FILE_SYSTEM_ID, Policy: JSON.stringify(p) };
    };
    const settings = settingsWith({ remediate: true });
    const aws = new FakeAws(world);
    watched.push({ aws, settings });
    let caught: unknown;
    await new Remediator({ settings, clients: aws }).audit(fileSystem).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
    expect(aws.writes()).to.deep.equal([]);
  });

  it('yields nothing for a file system that no longer exists', async () => {
    const { findings } = await audit(efsWorld(), resource('efs_file_system', 'fs-0000000000000dead'));
    expect(findings).to.deep.equal([]);
  });

  it('lets other errors through, so the record is retried', async () => {
    const world = efsWorld();
    world['EFS.DescribeFileSystemPolicy'] = () => {
      throw awsError(
        'AccessDeniedException',
        'not authorized to perform: elasticfilesystem:DescribeFileSystemPolicy',
        403,
      );
    };
    let caught: unknown;
    await audit(world, fileSystem).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'AccessDeniedException');
  });

  describe('efs_file_system.shared_unknown_account', () => {
    const both = {
      Sid: 'Clients',
      Effect: 'Allow',
      Principal: { AWS: [KNOWN_ROOT, `arn:aws:iam::${STRANGER}:role/batch`] },
      Action: CLIENT,
      Resource: FILE_SYSTEM_ARN,
    };

    it('reports a grant to an unknown account; remediate: true alone does not take it out', async () => {
      const { findings, aws } = await audit(
        efsWorld({ policy: policy(throughMountTargets, both) }),
        fileSystem,
        {
          remediate: true,
        },
      );
      expect(findings.map((f) => [f.check, f.severity, f.remediation.status])).to.deep.equal([
        ['efs_file_system.shared_unknown_account', 'high', 'dry_run'],
      ]);
      expect(findings[0]!.message).to.equal(
        `File system policy grants an account outside the known accounts and organizations: statement "Clients" grants account ${STRANGER}.`,
      );
      expect(aws.writes()).to.deep.equal([]);
    });

    it('takes only the unknown principal out when the check is named, keeping the rest', async () => {
      const original = policy(throughMountTargets, both);
      const { findings, aws } = await audit(efsWorld({ policy: original }), fileSystem, {
        remediate: { 'efs_file_system.shared_unknown_account': true },
      });
      const left = policy(throughMountTargets, { ...both, Principal: { AWS: KNOWN_ROOT } });
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
        ['PutFileSystemPolicy', put(left)],
      ]);
      expect(findings[0]!.before).to.deep.equal({ Policy: JSON.stringify(original) });
      expect(findings[0]!.after).to.deep.equal({ Policy: JSON.stringify(left) });
    });

    it("replaces a policy that granted only unknown accounts with the account's own, never the default", async () => {
      const stranger = accountStatement(
        'Stranger',
        'elasticfilesystem:ClientMount',
        STRANGER,
        FILE_SYSTEM_ARN,
      );
      const { findings, aws } = await audit(efsWorld({ policy: policy(stranger) }), fileSystem, {
        remediate: { 'efs_file_system.shared_unknown_account': true },
      });
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
        ['PutFileSystemPolicy', put(OWN_ACCOUNT_ONLY)],
      ]);
      expect(findings[0]!.remediation.action).to.equal(
        `replace the file system policy, which grants only account ${STRANGER}, with one that names only the account's own principals`,
      );
    });

    it('runs after the public fix on what it left, each with its own before', async () => {
      const open = publicStatement('Open', CLIENT, FILE_SYSTEM_ARN);
      const original = policy(open, both);
      const { findings, aws } = await audit(efsWorld({ policy: original }), fileSystem, {
        remediate: { efs_file_system: true, 'efs_file_system.shared_unknown_account': true },
      });
      expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
        ['efs_file_system.public', 'applied'],
        ['efs_file_system.shared_unknown_account', 'applied'],
      ]);
      expect(aws.inputs('EFS.PutFileSystemPolicy')).to.deep.equal([
        put(policy(pin(open), both)),
        put(policy(pin(open), { ...both, Principal: { AWS: KNOWN_ROOT } })),
      ]);
      expect(findings[1]!.before).to.deep.equal({ Policy: JSON.stringify(policy(pin(open), both)) });
    });
  });
});
