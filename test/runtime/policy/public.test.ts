import { expect } from 'chai';
import { type PolicyStatement, isPublicStatement } from '../../../src/runtime/policy/public';

const KNOWN = '111111111111';
const STRANGER = '999999999999';
const trusted = { accounts: new Set([KNOWN]) };
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

  it('checks organization ids against the known ones when they are given', () => {
    const org = { accounts: new Set([KNOWN]), organizationIds: new Set(['o-a1b2c3d4e5']) };
    expect(isPublicStatement(open({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), org)).to.equal(
      false,
    );
    expect(isPublicStatement(open({ StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } }), org)).to.equal(
      true,
    );
  });
});
