import { expect } from 'chai';
import {
  type PolicyStatement,
  isPublicStatement,
  isPublicWebIdentityStatement,
} from '../../../src/runtime/policy/public';

const KNOWN = '111111111111';
const STRANGER = '999999999999';
const ORG = 'o-a1b2c3d4e5';
const trusted = { accounts: new Set([KNOWN]), organizationIds: new Set([ORG]) };
const allow = (extra: Partial<PolicyStatement>): PolicyStatement => ({
  Effect: 'Allow',
  Action: 'sqs:SendMessage',
  Resource: '*',
  ...extra,
});
const open = (Condition?: unknown) =>
  allow({ Principal: '*', ...(Condition === undefined ? {} : { Condition }) });

describe('policy: public statements', () => {
  describe('principals', () => {
    for (const [name, principal] of [
      ['"*"', '*'],
      ['{"AWS":"*"}', { AWS: '*' }],
      ['a list containing "*"', { AWS: [`arn:aws:iam::${KNOWN}:root`, '*'] }],
    ] as const) {
      it(`an Allow for ${name} is public`, () => {
        expect(isPublicStatement(allow({ Principal: principal }), trusted)).to.equal(true);
      });
    }

    it('an Allow with NotPrincipal is public (everyone but the listed)', () => {
      expect(
        isPublicStatement(allow({ NotPrincipal: { AWS: `arn:aws:iam::${KNOWN}:root` } }), trusted),
      ).to.equal(true);
    });

    it('named accounts and services are not public', () => {
      expect(
        isPublicStatement(allow({ Principal: { AWS: `arn:aws:iam::${STRANGER}:root` } }), trusted),
      ).to.equal(false);
      expect(isPublicStatement(allow({ Principal: { Service: 'sns.amazonaws.com' } }), trusted)).to.equal(
        false,
      );
    });

    it('a Deny for everyone is not public', () => {
      expect(isPublicStatement({ ...open(), Effect: 'Deny' }, trusted)).to.equal(false);
    });
  });

  describe('conditions that pin the caller', () => {
    const pinned: [string, unknown][] = [
      ['aws:SourceAccount equals a known account', { StringEquals: { 'aws:SourceAccount': KNOWN } }],
      ['aws:PrincipalAccount (any case)', { stringequals: { 'AWS:PRINCIPALACCOUNT': [KNOWN] } }],
      ['aws:SourceOwner', { StringEquals: { 'aws:SourceOwner': KNOWN } }],
      ['kms:CallerAccount', { StringEquals: { 'kms:CallerAccount': KNOWN } }],
      [
        'aws:SourceArn naming a known account',
        { ArnLike: { 'aws:SourceArn': `arn:aws:sns:eu-west-1:${KNOWN}:*` } },
      ],
      [
        'aws:PrincipalArn naming a known account',
        { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${KNOWN}:role/app` } },
      ],
      ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
      [
        'ForAnyValue:StringLike aws:PrincipalOrgPaths',
        { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-*' } },
      ],
      ['aws:SourceVpce', { StringEquals: { 'aws:SourceVpce': 'vpce-0abc' } }],
      [
        'one pinning condition among others',
        { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:SourceAccount': KNOWN } },
      ],
    ];
    for (const [name, condition] of pinned) {
      it(`${name}: not public`, () => {
        expect(isPublicStatement(open(condition), trusted)).to.equal(false);
      });
    }
  });

  describe('conditions that do not pin the caller', () => {
    const notPinned: [string, unknown][] = [
      ['no condition', undefined],
      ['aws:SecureTransport only', { Bool: { 'aws:SecureTransport': 'true' } }],
      ['an unknown account', { StringEquals: { 'aws:SourceAccount': STRANGER } }],
      ['a known and an unknown account', { StringEquals: { 'aws:SourceAccount': [KNOWN, STRANGER] } }],
      ['a wildcard account', { StringLike: { 'aws:SourceAccount': '*' } }],
      ['...IfExists (a missing key passes)', { StringEqualsIfExists: { 'aws:SourceAccount': KNOWN } }],
      [
        'ForAllValues: (a missing key passes)',
        { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      ],
      ['a negated operator', { StringNotEquals: { 'aws:SourceAccount': KNOWN } }],
      [
        'aws:SourceArn of an unknown account',
        { ArnLike: { 'aws:SourceArn': `arn:aws:sns:eu-west-1:${STRANGER}:*` } },
      ],
      [
        'aws:SourceArn with a wildcard account',
        { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:*:topic' } },
      ],
      ['a wildcard organization id', { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }],
      ['aws:SourceIp (anyone on that network)', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
      ['a malformed condition', { StringEquals: 'x' }],
    ];
    for (const [name, condition] of notPinned) {
      it(`${name}: public`, () => {
        expect(isPublicStatement(open(condition), trusted)).to.equal(true);
      });
    }
  });

  it('trusts only the configured organizations', () => {
    expect(isPublicStatement(open({ StringEquals: { 'aws:PrincipalOrgID': ORG } }), trusted)).to.equal(false);
    expect(
      isPublicStatement(open({ StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } }), trusted),
    ).to.equal(true);
    const noOrganizations = { accounts: new Set([KNOWN]), organizationIds: new Set<string>() };
    expect(
      isPublicStatement(open({ StringEquals: { 'aws:PrincipalOrgID': ORG } }), noOrganizations),
    ).to.equal(true);
  });

  it('does not take an ARN with a wildcard before its account field as naming that account', () => {
    const like = (arn: string) => open({ ArnLike: { 'aws:SourceArn': arn } });
    expect(isPublicStatement(like(`arn:aws:sns:*:${KNOWN}:topic`), trusted)).to.equal(true);
    expect(isPublicStatement(like(`arn:aws:*:*:${KNOWN}:*`), trusted)).to.equal(true);
    expect(isPublicStatement(like(`arn:aws:sns:eu-west-1:${KNOWN}:*`), trusted)).to.equal(false);
  });

  describe('web-identity trust (role trust policies)', () => {
    const GITHUB = `arn:aws:iam::${KNOWN}:oidc-provider/token.actions.githubusercontent.com`;
    const webIdentity = (federated: string, Condition?: unknown): PolicyStatement => ({
      Effect: 'Allow',
      Principal: { Federated: federated },
      Action: 'sts:AssumeRoleWithWebIdentity',
      ...(Condition === undefined ? {} : { Condition }),
    });
    const audience = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

    it('GitHub Actions with only the audience: any repository can assume the role', () => {
      expect(isPublicWebIdentityStatement(webIdentity(GITHUB, { StringEquals: audience }))).to.equal(true);
    });

    for (const [name, sub, expected] of [
      ['a repository', 'repo:acme/deploy:ref:refs/heads/main', false],
      ['an organization with a wildcard', 'repo:acme/*', false],
      ['any repository', 'repo:*', true],
      ['anything', '*', true],
    ] as const) {
      it(`GitHub Actions with a subject naming ${name}: ${expected ? 'public' : 'not public'}`, () => {
        const condition = {
          StringEquals: audience,
          StringLike: { 'token.actions.githubusercontent.com:sub': sub },
        };
        expect(isPublicWebIdentityStatement(webIdentity(GITHUB, condition))).to.equal(expected);
      });
    }

    it('Cognito is pinned by its identity pool audience; Google by its app audience', () => {
      const pool = { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:1234-abcd' } };
      expect(isPublicWebIdentityStatement(webIdentity('cognito-identity.amazonaws.com'))).to.equal(true);
      expect(isPublicWebIdentityStatement(webIdentity('cognito-identity.amazonaws.com', pool))).to.equal(
        false,
      );
      const app = { StringEquals: { 'accounts.google.com:aud': '1234.apps.googleusercontent.com' } };
      expect(isPublicWebIdentityStatement(webIdentity('accounts.google.com', app))).to.equal(false);
    });

    it('a subject condition that may be missing (IfExists) pins nobody', () => {
      const condition = { StringLikeIfExists: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } };
      expect(isPublicWebIdentityStatement(webIdentity(GITHUB, condition))).to.equal(true);
    });

    it('SAML providers, services and accounts are not web identities', () => {
      const saml = webIdentity(`arn:aws:iam::${KNOWN}:saml-provider/okta`);
      expect(isPublicWebIdentityStatement({ ...saml, Action: 'sts:AssumeRoleWithSAML' })).to.equal(false);
      expect(
        isPublicWebIdentityStatement({
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        }),
      ).to.equal(false);
    });
  });
});
