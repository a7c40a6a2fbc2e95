import { expect } from 'chai';
import fc from 'fast-check';
import type { PolicyDocument, PolicyStatement } from '../../../src/runtime/policy/document';
import { type JudgeOptions, judgePolicy } from '../../../src/runtime/policy/evaluate';
import { narrowPublic } from '../../../src/runtime/policy/narrow';

// Properties of the judgement and of the narrowing fix that must hold for any policy, checked on
// generated policies built from the vocabulary real policies use.

const OWN = '111122223333';
const OTHER = '444455556666';
const ORG = 'o-a1b2c3d4e5';
const GITHUB = `arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com`;

const principal = fc.oneof(
  fc.constant('*'),
  fc.constant({ AWS: '*' }),
  fc.constant({ AWS: `arn:aws:iam::${OTHER}:root` }),
  fc.constant({ AWS: [`arn:aws:iam::${OWN}:root`, '*'] }),
  fc.constant({ Service: 'sns.amazonaws.com' }),
  fc.constant({ Federated: GITHUB }),
  fc.constant({ AWS: `arn:aws:iam::${OWN}:role/admin`, Federated: GITHUB }),
);

const conditionValue = fc.constantFrom(
  OWN,
  OTHER,
  ORG,
  `${ORG}/*`,
  'o-*',
  `arn:aws:sns:*:${OWN}:topic`,
  'arn:aws:sns:us-east-1:*:topic',
  '203.0.113.0/24',
  '0.0.0.0/0',
  'vpce-1a2b3c4d',
  'repo:acme/*',
  'repo:acme*',
  'true',
  'false',
  '${aws:ResourceAccount}',
  '${aws:username}',
);
const operator = fc.constantFrom(
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringEqualsIfExists',
  'ForAllValues:StringLike',
  'ForAnyValue:StringEquals',
  'ArnLike',
  'ArnNotEquals',
  'IpAddress',
  'NotIpAddress',
  'Bool',
  'Null',
);
const key = fc.constantFrom(
  'aws:SourceAccount',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:SourceArn',
  'aws:SourceIp',
  'aws:SourceVpce',
  'aws:SecureTransport',
  'token.actions.githubusercontent.com:sub',
  'token.actions.githubusercontent.com:aud',
);
const condition = fc.option(
  fc.dictionary(
    operator,
    fc.dictionary(key, fc.array(conditionValue, { minLength: 1, maxLength: 2 }), { maxKeys: 2 }),
    {
      maxKeys: 2,
    },
  ),
  { nil: undefined },
);

const statement = (type: string): fc.Arbitrary<PolicyStatement> =>
  fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      principal,
      notPrincipal: fc.boolean(),
      actions: fc.constantFrom<unknown>(
        type === 'iam_role' ? 'sts:AssumeRole' : 'sqs:SendMessage',
        type === 'iam_role' ? ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'] : 'sqs:*',
        '*',
      ),
      condition,
    })
    .map(({ effect, principal: p, notPrincipal, actions, condition: c }) => ({
      Effect: effect,
      ...(notPrincipal && effect === 'Deny'
        ? { NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` } }
        : { Principal: p }),
      Action: actions,
      ...(type === 'iam_role' ? {} : { Resource: '*' }),
      ...(c ? { Condition: c } : {}),
    }));

const policyOf = (type: string) =>
  fc
    .array(statement(type), { minLength: 1, maxLength: 4 })
    .map((Statement): PolicyDocument => ({ Version: '2012-10-17', Statement }));

const cases = fc.constantFrom('sqs', 'iam_role').chain((type) => fc.tuple(fc.constant(type), policyOf(type)));

const optionsFor = (type: string): JudgeOptions => ({ type, account: OWN, organizationIds: [ORG] });

/** The principal entries of a statement as `kind:value` strings. */
function entries(statement: PolicyStatement): string[] {
  const p = statement.Principal;
  if (p === '*') return ['*:*'];
  if (p === null || typeof p !== 'object') return [];
  return Object.entries(p).flatMap(([kind, v]) =>
    (Array.isArray(v) ? v : [v]).map((x) => `${kind}:${String(x)}`),
  );
}

describe('policy: properties of the judgement and the fix', () => {
  it('judges any policy without throwing, one verdict per statement, Deny never public', () => {
    fc.assert(
      fc.property(cases, ([type, policy]) => {
        const verdict = judgePolicy(policy, optionsFor(type));
        expect(verdict.statements).to.have.length(policy.Statement.length);
        verdict.statements.forEach((s, i) => {
          if (policy.Statement[i]!.Effect === 'Deny') expect(s.public).to.equal(false);
          expect(s.reasons.length).to.be.greaterThan(0);
        });
        expect(verdict.public).to.equal(verdict.statements.some((s) => s.public));
      }),
      { numRuns: 1500 },
    );
  });

  it('leaves nothing public after narrowing, keeps every Deny, and never adds a principal', () => {
    fc.assert(
      fc.property(cases, ([type, policy]) => {
        const options = optionsFor(type);
        const verdict = judgePolicy(policy, options);
        const narrowing = narrowPublic(policy, verdict, options);
        expect(judgePolicy(narrowing.document, options).public).to.equal(false);
        const denies = policy.Statement.filter((s) => s.Effect === 'Deny');
        expect(narrowing.document.Statement.filter((s) => s.Effect === 'Deny')).to.deep.equal(denies);
        for (const { before, after } of narrowing.narrowed) {
          const kept = entries(after);
          expect(kept.length).to.be.greaterThan(0);
          for (const entry of kept) expect(entries(before)).to.include(entry);
          expect({ ...after, Principal: undefined }).to.deep.equal({ ...before, Principal: undefined });
        }
        // A policy with nothing public is left as it is.
        if (!verdict.public) expect(narrowing.document).to.deep.equal(policy);
      }),
      { numRuns: 1000 },
    );
  });

  it('does not make a statement public by adding a condition to it', () => {
    fc.assert(
      fc.property(cases, condition, ([type, policy], extra) => {
        const options = optionsFor(type);
        const before = judgePolicy(policy, options);
        const stricter = {
          ...policy,
          Statement: policy.Statement.map((s) =>
            s.Effect === 'Allow' && extra
              ? { ...s, Condition: { ...extra, ...((s.Condition as object | undefined) ?? {}) } }
              : s,
          ),
        };
        const after = judgePolicy(stricter, options);
        // The statement's own operators win over added ones of the same name: conditions are only added.
        after.statements.forEach((s, i) => {
          if (s.public)
            expect(before.statements[i]!.public, JSON.stringify(stricter.Statement[i])).to.equal(true);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
