import { expect } from 'chai';
import { Remediator } from '../../../../src/runtime/remediator/remediator';
import { awsError, FakeAws, watched } from '../../../helpers/aws';
import { ACCOUNT, audit, KNOWN, policy, resource, settingsWith } from '../../../helpers/resources';
import { DOMAIN, DOMAIN_ARN, SUBRESOURCES, openStatement, opensearchWorld } from './fixtures';

const domain = resource('opensearch_domain', DOMAIN);
const KNOWN_ROOT = `arn:aws:iam::${KNOWN}:root`;
/** A legitimate statement: a known account's role reads the domain. */
const partner = {
  Sid: 'PartnerReads',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${KNOWN}:role/search-reader` },
  Action: ['es:ESHttpGet', 'es:ESHttpPost'],
  Resource: SUBRESOURCES,
};
const written = (aws: FakeAws) =>
  aws.inputs('OpenSearch.UpdateDomainConfig').map((i: { DomainName: string; AccessPolicies: string }) => ({
    DomainName: i.DomainName,
    AccessPolicies: i.AccessPolicies === '' ? '' : JSON.parse(i.AccessPolicies),
  }));

describe('auditor: opensearch_domain', () => {
  it('passes a domain without a policy, with named principals only, or open only to a narrow address range', async () => {
    for (const p of [
      undefined,
      policy(partner),
      policy(openStatement('Office', '203.0.113.0/24')),
      policy(openStatement('Offices', ['203.0.113.0/24', '198.51.100.0/24'])),
    ]) {
      const { findings, aws } = await audit(opensearchWorld({ policy: p }), domain);
      expect(findings).to.deep.equal([]);
      expect(aws.inputs('OpenSearch.DescribeDomain')).to.deep.equal([{ DomainName: DOMAIN }]);
      expect(aws.inputs('OpenSearch.ListTags')).to.deep.equal([{ ARN: DOMAIN_ARN }]);
    }
  });

  it('passes a domain in a VPC whatever its policy: it has no public endpoint', async () => {
    const { findings, aws } = await audit(
      opensearchWorld({ vpc: true, policy: policy(openStatement('Open')) }),
      domain,
      { remediate: true },
    );
    expect(findings).to.deep.equal([]);
    expect(aws.writes()).to.deep.equal([]);
  });

  it('passes an open policy in front of fine-grained access control, which authenticates every request', async () => {
    const { findings, aws } = await audit(
      opensearchWorld({ fineGrained: 'authenticated', policy: policy(openStatement('Open')) }),
      domain,
      { remediate: true },
    );
    expect(findings).to.deep.equal([]);
    expect(aws.writes()).to.deep.equal([]);
  });

  it('reports, and does not fix, an open policy when fine-grained access control lets anonymous users in', async () => {
    const { findings, aws } = await audit(
      opensearchWorld({ fineGrained: 'anonymous', policy: policy(openStatement('Open')) }),
      domain,
      { remediate: true },
    );
    expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
      ['opensearch_domain.public', 'not_available'],
    ]);
    expect(findings[0]!.message).to.match(/lets anonymous users in \(AnonymousAuthEnabled\)\.$/);
    expect(aws.writes()).to.deep.equal([]);
  });

  it('reports a policy open to everyone, saying why, as a dry run that writes nothing', async () => {
    const { findings, aws } = await audit(
      opensearchWorld({ policy: policy(partner, openStatement('Open')) }),
      domain,
    );
    expect(findings.map((f) => [f.check, f.severity, f.resource])).to.deep.equal([
      ['opensearch_domain.public', 'high', domain],
    ]);
    expect(findings[0]!.message).to.equal(
      'Domain access policy statement "Open" is public: Principal "*" lets in anyone, even without credentials; no condition pins the caller. The domain has a public endpoint (it is not in a VPC).',
    );
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'remove 1 public policy statement, keep the other 1 statement',
      status: 'dry_run',
    });
    expect(aws.writes()).to.deep.equal([]);
  });

  it('judges 0.0.0.0/0 as anyone, and says so', async () => {
    const { findings } = await audit(
      opensearchWorld({ policy: policy(openStatement('Anywhere', '0.0.0.0/0')) }),
      domain,
    );
    expect(findings[0]!.message).to.equal(
      'Domain access policy statement "Anywhere" is public: Principal "*" lets in anyone, even without credentials; IpAddress aws:SourceIp "0.0.0.0/0" does not pin the caller: 0.0.0.0/0 is wider than a /8 (IPv4) or /32 (IPv6) range, so a stranger can send from an address in it. The domain has a public endpoint (it is not in a VPC).',
    );
  });

  it('removes the public statement with UpdateDomainConfig and keeps the rest, with the old policy as before', async () => {
    const original = policy(partner, openStatement('Open'), openStatement('Office', '203.0.113.0/24'));
    const world = opensearchWorld({ policy: original });
    const { findings, aws } = await audit(world, domain, { remediate: { opensearch_domain: true } });
    expect(aws.writes().map((c) => c.operation)).to.deep.equal(['UpdateDomainConfig']);
    expect(written(aws)).to.deep.equal([
      { DomainName: DOMAIN, AccessPolicies: policy(partner, openStatement('Office', '203.0.113.0/24')) },
    ]);
    // The fix read the configured policy again before it wrote.
    expect(aws.inputs('OpenSearch.DescribeDomainConfig')).to.deep.equal([{ DomainName: DOMAIN }]);
    expect(findings[0]!.remediation.status).to.equal('applied');
    expect(findings[0]!.before).to.deep.equal({ AccessPolicies: JSON.stringify(original) });
    // Audited again: nothing public is left.
    expect((await audit(world, domain)).findings).to.deep.equal([]);
  });

  it('takes "*" out of a statement that also names a known account, and keeps the statement', async () => {
    const mixed = { ...openStatement('Mixed'), Principal: { AWS: [KNOWN_ROOT, '*'] } };
    const { findings, aws } = await audit(opensearchWorld({ policy: policy(mixed) }), domain, {
      remediate: true,
    });
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'take the public principals out of 1 statement (its named principals stay)',
      status: 'applied',
    });
    expect(written(aws)).to.deep.equal([
      { DomainName: DOMAIN, AccessPolicies: policy({ ...mixed, Principal: { AWS: KNOWN_ROOT } }) },
    ]);
  });

  it('removes the access policy ("") when every statement was public', async () => {
    const { findings, aws } = await audit(
      opensearchWorld({ policy: policy(openStatement('Open')) }),
      domain,
      {
        remediate: { 'opensearch_domain.public': true },
      },
    );
    expect(aws.inputs('OpenSearch.UpdateDomainConfig')).to.deep.equal([
      { DomainName: DOMAIN, AccessPolicies: '' },
    ]);
    expect(findings[0]!.remediation.action).to.equal(
      'remove the domain access policy (its only 1 statement is public)',
    );
    expect(findings[0]!.after).to.deep.equal({ AccessPolicies: '' });
  });

  it('asks IAM Access Analyzer about both policies first when settings say so', async () => {
    const world = {
      ...opensearchWorld({ policy: policy(partner, openStatement('Open')) }),
      'AccessAnalyzer.CheckNoPublicAccess': (input: { policyDocument: string }) =>
        JSON.parse(input.policyDocument).Statement.length > 1
          ? { result: 'FAIL', message: 'public' }
          : { result: 'PASS', message: 'not public' },
    };
    const { findings, aws } = await audit(world, domain, {
      remediate: true,
      confirmWithAccessAnalyzer: true,
    });
    expect(aws.inputs('AccessAnalyzer.CheckNoPublicAccess').map((i) => i.resourceType)).to.deep.equal([
      'AWS::OpenSearchService::Domain',
      'AWS::OpenSearchService::Domain',
    ]);
    expect(findings[0]!.remediation.status).to.equal('applied');
  });

  it('honours the exception tag: reported as excepted, not changed', async () => {
    const { findings, aws } = await audit(
      opensearchWorld({ policy: policy(openStatement('Open')), tags: { 'remediation-exempt': 'yes' } }),
      domain,
      { remediate: true, exceptions: { tag: { key: 'remediation-exempt', value: 'yes' } } },
    );
    expect(findings.map((f) => f.remediation.status)).to.deep.equal(['excepted']);
    expect(aws.writes()).to.deep.equal([]);
  });

  it('does not write over an access policy changed since the audit read it', async () => {
    const world = opensearchWorld({ policy: policy(openStatement('Open')) });
    world['OpenSearch.DescribeDomainConfig'] = {
      DomainConfig: {
        AccessPolicies: { Options: JSON.stringify(policy(partner)), Status: { State: 'Active' } },
      },
    };
    const settings = settingsWith({ remediate: true });
    const aws = new FakeAws(world);
    watched.push({ aws, settings });
    let caught: unknown;
    await new Remediator({ settings, clients: aws })
      .audit(resource('opensearch_domain', DOMAIN, { account: ACCOUNT }))
      .catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
    expect(aws.writes()).to.deep.equal([]);
  });

  it('yields nothing for a domain that no longer exists, and rechecks one still being created', async () => {
    expect((await audit(opensearchWorld({ exists: false }), domain)).findings).to.deep.equal([]);
    const creating = await audit(
      opensearchWorld({ created: false, policy: policy(openStatement('Open')) }),
      domain,
      { remediate: true },
    );
    expect(creating.findings).to.deep.equal([]);
    expect(creating.report.recheck?.reason).to.equal('domain orders-search is being created');
    expect(creating.aws.writes()).to.deep.equal([]);
  });

  it('lets other errors through, so the record is retried', async () => {
    const world = opensearchWorld({ policy: policy(openStatement('Open')) });
    world['OpenSearch.ListTags'] = () => {
      throw awsError('AccessDeniedException', 'not authorized to perform: es:ListTags', 403);
    };
    let caught: unknown;
    await audit(world, domain).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'AccessDeniedException');
  });
});
