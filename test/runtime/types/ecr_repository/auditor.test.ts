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
import { ecrWorld, REPOSITORY, REPOSITORY_ARN } from './fixtures';

const repository = resource('ecr_repository', REPOSITORY);
const TARGET = { registryId: ACCOUNT, repositoryName: REPOSITORY };
const KNOWN_ROOT = `arn:aws:iam::${KNOWN}:root`;
// Lambda pulls the image of a function of the account (the ECR user guide's example for Lambda).
const lambdaPull = {
  Sid: 'LambdaPull',
  Effect: 'Allow',
  Principal: { Service: 'lambda.amazonaws.com' },
  Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  Condition: { StringLike: { 'aws:sourceArn': `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:*` } },
};
const partnerPull = accountStatement('PartnerPull', 'ecr:BatchGetImage', KNOWN, REPOSITORY_ARN);

describe('auditor: ecr_repository', () => {
  it('passes a repository without a policy, or whose statements name known accounts or pinned services', async () => {
    for (const p of [
      undefined,
      policy(lambdaPull, partnerPull),
      policy(
        publicStatement('KnownAccount', 'ecr:BatchGetImage', REPOSITORY_ARN, {
          Condition: { StringEquals: { 'aws:PrincipalAccount': KNOWN } },
        }),
      ),
    ]) {
      const { findings, aws } = await audit(ecrWorld({ policy: p }), repository, { remediate: true });
      expect(findings).to.deep.equal([]);
      expect(aws.inputs('ECR.GetRepositoryPolicy')).to.deep.equal([TARGET]);
      expect(aws.inputs('ECR.ListTagsForResource')).to.deep.equal([{ resourceArn: REPOSITORY_ARN }]);
      expect(aws.writes()).to.deep.equal([]);
    }
  });

  it('reports a public statement, naming it, as a dry run', async () => {
    const { findings, aws } = await audit(
      ecrWorld({ policy: policy(lambdaPull, publicStatement('AnyonePulls', 'ecr:BatchGetImage')) }),
      repository,
    );
    expect(findings).to.have.length(1);
    expect(findings[0]).to.deep.include({
      check: 'ecr_repository.public',
      severity: 'high',
      resource: repository,
    });
    expect(findings[0]!.message).to.equal(
      'Repository policy statement "AnyonePulls" is public: Principal "*" lets in anyone, even without credentials; no condition pins the caller.',
    );
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'remove 1 public policy statement, keep the other 1 statement',
      status: 'dry_run',
    });
    expect(aws.writes()).to.deep.equal([]);
  });

  it('removes only the public statements, keeps the rest, and records the old policy as before', async () => {
    const original = policy(lambdaPull, publicStatement('Open', 'ecr:*', REPOSITORY_ARN), partnerPull);
    const { findings, aws } = await audit(ecrWorld({ policy: original }), repository, {
      remediate: { ecr_repository: true },
    });
    const left = policy(lambdaPull, partnerPull);
    // No `force`: ECR's lockout check stays on.
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['SetRepositoryPolicy', { ...TARGET, policyText: JSON.stringify(left) }],
    ]);
    expect(findings[0]!.remediation.status).to.equal('applied');
    expect(findings[0]!.before).to.deep.equal({ policyText: JSON.stringify(original) });
    expect(findings[0]!.after).to.deep.equal({ policyText: JSON.stringify(left) });
  });

  it('takes "*" out of a statement that also names a known account, and keeps the statement', async () => {
    const mixed = { ...partnerPull, Sid: 'Mixed', Principal: { AWS: [KNOWN_ROOT, '*'] } };
    const { findings, aws } = await audit(ecrWorld({ policy: policy(mixed) }), repository, {
      remediate: true,
    });
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'take the public principals out of 1 statement (its named principals stay)',
      status: 'applied',
    });
    expect(aws.inputs('ECR.SetRepositoryPolicy')).to.deep.equal([
      { ...TARGET, policyText: JSON.stringify(policy({ ...mixed, Principal: { AWS: KNOWN_ROOT } })) },
    ]);
  });

  it('deletes the policy when every statement was public', async () => {
    const original = policy(publicStatement('Open', 'ecr:BatchGetImage', REPOSITORY_ARN));
    const { findings, aws } = await audit(ecrWorld({ policy: original }), repository, {
      remediate: { 'ecr_repository.public': true },
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['DeleteRepositoryPolicy', TARGET],
    ]);
    expect(findings[0]!.remediation.action).to.equal(
      'remove the repository policy (its only 1 statement is public)',
    );
    expect(findings[0]!.before).to.deep.equal({ policyText: JSON.stringify(original) });
    expect(findings[0]!.after).to.deep.equal({ policyText: '' });
  });

  it('does not ask IAM Access Analyzer, whose CheckNoPublicAccess has no ECR repository type', async () => {
    const { findings, aws } = await audit(
      ecrWorld({ policy: policy(partnerPull, publicStatement('Open', 'ecr:BatchGetImage')) }),
      repository,
      { remediate: true, confirmWithAccessAnalyzer: true },
    );
    expect(aws.calls('AccessAnalyzer.CheckNoPublicAccess')).to.deep.equal([]);
    expect(findings[0]!.remediation.status).to.equal('applied');
  });

  it('honours the exception tag from ListTagsForResource: reported as excepted, not changed', async () => {
    const { findings, aws } = await audit(
      ecrWorld({ policy: policy(publicStatement('Open', 'ecr:*')), tags: { 'remediation-exempt': 'yes' } }),
      repository,
      { remediate: true, exceptions: { tag: { key: 'remediation-exempt', value: 'yes' } } },
    );
    expect(findings[0]!.remediation).to.deep.include({ status: 'excepted' });
    expect(aws.writes()).to.deep.equal([]);
  });

  it('does not write over a repository policy changed since the audit read it', async () => {
    const world = ecrWorld();
    let reads = 0;
    world['ECR.GetRepositoryPolicy'] = () => {
      reads += 1;
      const p = reads === 1 ? policy(publicStatement('Open', 'ecr:*')) : policy(partnerPull);
      return { ...TARGET, policyText: JSON.stringify(p) };
    };
    const settings = settingsWith({ remediate: true });
    const aws = new FakeAws(world);
    watched.push({ aws, settings });
    let caught: unknown;
    await new Remediator({ settings, clients: aws }).audit(repository).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
    expect(aws.writes()).to.deep.equal([]);
  });

  it('yields nothing for a repository that no longer exists', async () => {
    const { findings } = await audit(ecrWorld(), resource('ecr_repository', 'deleted'));
    expect(findings).to.deep.equal([]);
  });

  it('lets other errors through, so the record is retried', async () => {
    const world = ecrWorld({ policy: policy(publicStatement('Open', 'ecr:*')) });
    world['ECR.GetRepositoryPolicy'] = () => {
      throw awsError('AccessDeniedException', 'not authorized to perform: ecr:GetRepositoryPolicy', 403);
    };
    let caught: unknown;
    await audit(world, repository).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'AccessDeniedException');
  });

  describe('ecr_repository.shared_unknown_account', () => {
    const both = {
      Sid: 'Pullers',
      Effect: 'Allow',
      Principal: { AWS: [KNOWN_ROOT, `arn:aws:iam::${STRANGER}:role/ci`] },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    };

    it('reports a grant to an unknown account; remediate: true alone does not take it out', async () => {
      const { findings, aws } = await audit(ecrWorld({ policy: policy(lambdaPull, both) }), repository, {
        remediate: true,
      });
      expect(findings.map((f) => [f.check, f.severity, f.remediation.status])).to.deep.equal([
        ['ecr_repository.shared_unknown_account', 'high', 'dry_run'],
      ]);
      expect(findings[0]!.message).to.equal(
        `Repository policy grants an account outside the known accounts and organizations: statement "Pullers" grants account ${STRANGER}.`,
      );
      expect(aws.writes()).to.deep.equal([]);
    });

    it('passes the same grant once settings name the account', async () => {
      const { findings } = await audit(ecrWorld({ policy: policy(lambdaPull, both) }), repository, {
        accounts: [ACCOUNT, KNOWN, STRANGER],
      });
      expect(findings).to.deep.equal([]);
    });

    it('takes only the unknown principal out when the check is named, keeping the rest', async () => {
      const original = policy(lambdaPull, both);
      const { findings, aws } = await audit(ecrWorld({ policy: original }), repository, {
        remediate: { 'ecr_repository.shared_unknown_account': true },
      });
      const left = policy(lambdaPull, { ...both, Principal: { AWS: KNOWN_ROOT } });
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
        ['SetRepositoryPolicy', { ...TARGET, policyText: JSON.stringify(left) }],
      ]);
      expect(findings[0]!.remediation).to.deep.equal({
        status: 'applied',
        action: `take account ${STRANGER} out of 1 statement (the others it names stay), keep the other 1 statement`,
      });
      expect(findings[0]!.before).to.deep.equal({ policyText: JSON.stringify(original) });
      expect(findings[0]!.after).to.deep.equal({ policyText: JSON.stringify(left) });
    });

    it('deletes the policy when it granted only unknown accounts', async () => {
      const stranger = accountStatement('Stranger', 'ecr:BatchGetImage', STRANGER);
      const { findings, aws } = await audit(ecrWorld({ policy: policy(stranger) }), repository, {
        remediate: { 'ecr_repository.shared_unknown_account': true },
      });
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
        ['DeleteRepositoryPolicy', TARGET],
      ]);
      expect(findings[0]!.remediation.action).to.equal(
        `remove the repository policy (nothing is left once account ${STRANGER} is taken out)`,
      );
    });

    it('runs after the public fix on what it left, each with its own before', async () => {
      const open = publicStatement('Open', 'ecr:BatchGetImage');
      const original = policy(open, both);
      const { findings, aws } = await audit(ecrWorld({ policy: original }), repository, {
        remediate: { ecr_repository: true, 'ecr_repository.shared_unknown_account': true },
      });
      expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
        ['ecr_repository.public', 'applied'],
        ['ecr_repository.shared_unknown_account', 'applied'],
      ]);
      const writes = aws.inputs('ECR.SetRepositoryPolicy').map((i) => JSON.parse(i.policyText));
      expect(writes).to.deep.equal([policy(both), policy({ ...both, Principal: { AWS: KNOWN_ROOT } })]);
      expect(findings[0]!.before).to.deep.equal({ policyText: JSON.stringify(original) });
      expect(findings[1]!.before).to.deep.equal({ policyText: JSON.stringify(policy(both)) });
    });
  });
});
