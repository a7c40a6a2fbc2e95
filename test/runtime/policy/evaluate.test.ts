import { expect } from 'chai';
import type { PolicyStatement } from '../../../src/runtime/policy/document';
import { type JudgeOptions, judgePolicy } from '../../../src/runtime/policy/evaluate';

// The corpus (corpus.test.ts) holds the cases with their AWS references; these tests pin the
// evaluator's interface: verdicts per statement, their reasons, the principals that let strangers in,
// and the accounts outside the known ones.

const KNOWN = '111111111111';
const STRANGER = '999999999999';
const ORG = 'o-a1b2c3d4e5';
const options: JudgeOptions = { type: 'sqs', account: KNOWN, organizationIds: [ORG] };
const allow = (extra: Partial<PolicyStatement>): PolicyStatement => ({
  Effect: 'Allow',
  Action: 'sqs:SendMessage',
  Resource: '*',
  ...extra,
});
const open = (Condition?: unknown) =>
  allow({ Principal: '*', ...(Condition === undefined ? {} : { Condition }) });
const judge = (statements: PolicyStatement[], opts: Partial<JudgeOptions> = {}) =>
  judgePolicy({ Version: '2012-10-17', Statement: statements }, { ...options, ...opts });
const isPublic = (statement: PolicyStatement, opts: Partial<JudgeOptions> = {}) =>
  judge([statement], opts).public;

describe('policy: judging a whole policy', () => {
  it('gives one verdict per statement, with its index, Sid, effect and reasons', () => {
    const verdict = judge([
      { ...open(), Sid: 'Open' },
      allow({ Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } }),
      { ...open(), Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    expect(verdict.public).to.equal(true);
    expect(verdict.statements.map((s) => [s.index, s.sid, s.effect, s.public])).to.deep.equal([
      [0, 'Open', 'Allow', true],
      [1, undefined, 'Allow', false],
      [2, undefined, 'Deny', false],
    ]);
    expect(verdict.statements[0]!.reasons[0]).to.match(/Principal "\*" lets in anyone/);
    expect(verdict.statements[0]!.reasons).to.include('no condition pins the caller');
    expect(verdict.statements[1]!.reasons[0]).to.match(
      /names only specific principals: AWS arn:aws:iam::111111111111:root/,
    );
    expect(verdict.statements[2]!.reasons).to.deep.equal(['a Deny statement grants nothing']);
  });

  it('names the principals that let strangers in, so a fix can take out only those', () => {
    const [verdict] = judge([allow({ Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, '*'] } })]).statements;
    expect(verdict!.public).to.equal(true);
    expect(verdict!.publicPrincipals).to.deep.equal([{ kind: 'AWS', value: '*' }]);
  });

  it('says which condition pins the caller', () => {
    const [verdict] = judge([open({ StringEquals: { 'aws:SourceAccount': KNOWN } })]).statements;
    expect(verdict!.public).to.equal(false);
    expect(verdict!.reasons).to.deep.equal([
      'StringEquals aws:SourceAccount "111111111111" pins the caller: a stranger cannot have a value that passes',
    ]);
  });

  it('says why a condition does not pin the caller', () => {
    const [ifExists] = judge([open({ StringEqualsIfExists: { 'aws:SourceAccount': KNOWN } })]).statements;
    expect(ifExists!.reasons).to.include(
      'StringEqualsIfExists aws:SourceAccount "111111111111" passes when the request has no aws:SourceAccount, as a stranger\'s can',
    );
    const [free] = judge([open({ Bool: { 'aws:SecureTransport': 'true' } })]).statements;
    expect(free!.reasons).to.include(
      'Bool aws:SecureTransport "true" does not pin the caller: the caller chooses aws:SecureTransport',
    );
  });

  it('says why an address condition does or does not pin the caller: how wide its range is, or that it is negated', () => {
    const [narrow] = judge([open({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })]).statements;
    expect(narrow!.public).to.equal(false);
    expect(narrow!.reasons).to.deep.equal([
      'IpAddress aws:SourceIp "203.0.113.0/24" pins the caller: a stranger cannot have a value that passes',
    ]);
    const [anywhere] = judge([
      open({ IpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '203.0.113.0/24'] } }),
    ]).statements;
    expect(anywhere!.public).to.equal(true);
    const reason = anywhere!.reasons.find((r) => r.startsWith('IpAddress'));
    expect(reason).to.equal(
      'IpAddress aws:SourceIp ["0.0.0.0/0", "203.0.113.0/24"] does not pin the caller: 0.0.0.0/0 is wider than a /8 (IPv4) or /32 (IPv6) range, so a stranger can send from an address in it',
    );
    // The Null condition asks for an address: the request comes from the internet, not a VPC endpoint.
    const [negated] = judge([
      open({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, Null: { 'aws:SourceIp': 'false' } }),
    ]).statements;
    expect(negated!.public).to.equal(true);
    expect(negated!.reasons).to.deep.equal([
      'Principal "*" lets in anyone, even without credentials',
      'NotIpAddress aws:SourceIp "203.0.113.0/24" does not pin the caller: it passes every address outside its ranges, a stranger\'s 198.51.100.7 too',
      'Null aws:SourceIp "false" does not pin the caller: a stranger can send from 198.51.100.7',
    ]);
  });

  it('lists the unknown accounts and organizations a statement grants to, without calling it public', () => {
    const verdict = judge([
      allow({ Principal: { AWS: `arn:aws:iam::${STRANGER}:root` } }),
      open({ StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } }),
      open({ StringEquals: { 'aws:PrincipalOrgID': ORG } }),
      open({ StringEquals: { 'aws:SourceAccount': [KNOWN, STRANGER] } }),
    ]);
    expect(verdict.public).to.equal(false);
    expect(verdict.statements.map((s) => s.external)).to.deep.equal([
      [STRANGER],
      ['o-zzzzzzzzzz'],
      [],
      [STRANGER],
    ]);
    expect(verdict.statements[0]!.reasons).to.include(`grants account ${STRANGER}, which is not known`);
  });

  it('counts the accounts given as known', () => {
    const verdict = judge([allow({ Principal: { AWS: STRANGER } })], { knownAccounts: [STRANGER] });
    expect(verdict.statements[0]!.external).to.deep.equal([]);
  });

  it('lets a Deny for everyone outside the organization keep an Allow for everyone private', () => {
    const deny: PolicyStatement = {
      Sid: 'OnlyOrg',
      Effect: 'Deny',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
    };
    const verdict = judge([open(), deny]);
    expect(verdict.public).to.equal(false);
    expect(verdict.statements[0]!.reasons.join(' ')).to.match(/Deny "OnlyOrg" stops/);
  });

  it('judges a Deny that covers only some of the allowed actions as not enough', () => {
    const deny: PolicyStatement = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'sqs:DeleteMessage',
      Resource: '*',
    };
    expect(
      judge([allow({ Principal: '*', Action: ['sqs:SendMessage', 'sqs:DeleteMessage'] }), deny]).public,
    ).to.equal(true);
    expect(judge([allow({ Principal: '*', Action: 'sqs:DeleteMessage' }), deny]).public).to.equal(false);
  });

  it('counts a Deny on the resource itself as a Deny on everything the policy governs', () => {
    const queue = `arn:aws:sqs:us-east-1:${KNOWN}:q`;
    const deny: PolicyStatement = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'sqs:*',
      Resource: queue,
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': KNOWN } },
    };
    expect(judge([open(), deny]).public).to.equal(true);
    expect(judge([open(), deny], { resourceArns: [queue] }).public).to.equal(false);
  });

  it('judges date conditions now and later', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(isPublic(open({ DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }), { now })).to.equal(
      false,
    );
    expect(
      isPublic(open({ DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }), { now }),
    ).to.equal(true);
  });

  it('says what it could not read, and judges the rest', () => {
    const [verdict] = judge([open({ StringEquals: 'x' })]).statements;
    expect(verdict!.public).to.equal(true);
    expect(verdict!.reasons).to.include(
      'condition StringEquals is not an object of keys and values and was not judged',
    );
  });

  describe('web identity (role trusts)', () => {
    const GITHUB = `arn:aws:iam::${KNOWN}:oidc-provider/token.actions.githubusercontent.com`;
    const ADMIN = `arn:aws:iam::${KNOWN}:role/admin`;
    const trust = (statement: PolicyStatement) => judge([statement], { type: 'iam_role' });

    it('names the unpinned provider next to a legitimate role as the public principal', () => {
      const [verdict] = trust({
        Effect: 'Allow',
        Principal: { AWS: ADMIN, Federated: GITHUB },
        Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'],
      }).statements;
      expect(verdict!.public).to.equal(true);
      expect(verdict!.publicPrincipals).to.deep.equal([{ kind: 'Federated', value: GITHUB }]);
      expect(verdict!.reasons[0]).to.equal(
        `Federated ${GITHUB} lets in anyone with a GitHub Actions token (token.actions.githubusercontent.com)`,
      );
    });

    it('says the subject condition fixes whose tokens count', () => {
      const [verdict] = trust({
        Effect: 'Allow',
        Principal: { Federated: GITHUB },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } },
      }).statements;
      expect(verdict!.public).to.equal(false);
      expect(verdict!.reasons).to.deep.equal([
        'StringLike token.actions.githubusercontent.com:sub "repo:acme/*" fixes whose GitHub Actions tokens count',
      ]);
    });

    it('does not let anonymous callers assume a role', () => {
      const verdict = trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' });
      expect(verdict.public).to.equal(true);
      expect(verdict.statements[0]!.reasons[0]).to.equal(
        'Principal "*" lets in a principal of any AWS account',
      );
    });

    it('does not count statements that allow no assume call', () => {
      expect(trust({ Effect: 'Allow', Principal: '*', Action: 'sts:TagSession' }).public).to.equal(false);
    });
  });
});
