import { GetRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { unless } from '../aws/errors';
import {
  type PolicyDocument,
  parsePolicy,
  plural,
  publicStatements,
  samePolicyText,
  serializePolicy,
  statementLabels,
  withStatements,
} from '../policy/document';
import { isPublicWebIdentityStatement } from '../policy/public';
import { ConcurrentChangeError, settle, type Violation } from './settle';
import { tagsFromList } from './tags';
import type { Auditor } from './types';

/** The trust policy a role gets when every statement of its trust was public: nobody may assume it. */
export const DENY_ALL_TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyAllAfterRemediation',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'],
    },
  ],
};

/** IAM returns policy documents URL-encoded. */
function decodeDocument(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** IAM roles (id: the role name): the trust policy must not let anyone assume the role. */
export const iamRoleAuditor: Auditor = {
  type: 'iam_role',
  checks: [
    {
      id: 'iam_role.public_trust',
      severity: 'critical',
      title: 'IAM role trust policy lets anyone assume it',
      fix: 'remove the public trust statements; a trust left empty denies everyone',
    },
  ],
  readActions: ['iam:GetRole'],
  remediateActions: ['iam:UpdateAssumeRolePolicy'],

  async audit(resource, ctx) {
    const iam = ctx.client(IAMClient, 'IAM');
    const RoleName = resource.id;
    const output = await unless(
      iam.send(new GetRoleCommand({ RoleName })),
      ['NoSuchEntityException', 'NoSuchEntity'],
      undefined,
    );
    const role = output?.Role;
    if (!role) return [];

    const violations: Violation[] = [];
    const text = role.AssumeRolePolicyDocument ? decodeDocument(role.AssumeRolePolicyDocument) : undefined;
    if (text) {
      const trust = parsePolicy(text);
      const anyone = await publicStatements(trust, ctx);
      const open = trust.Statement.filter((st) => anyone.includes(st) || isPublicWebIdentityStatement(st));
      if (open.length > 0) {
        const kept = trust.Statement.filter((s) => !open.includes(s));
        violations.push({
          check: 'iam_role.public_trust',
          message: `Trust policy statement${open.length === 1 ? '' : 's'} ${statementLabels(open, trust)} let${open.length === 1 ? 's' : ''} anyone assume the role: everyone with no condition naming known accounts or the organization, or anyone with a token of a web-identity provider with no condition on its subject.`,
          action:
            kept.length === 0
              ? 'replace the trust policy, all of it public, with one that denies everyone'
              : `remove ${plural(open.length, 'public trust statement')}, keep the other ${plural(kept.length, 'statement')}`,
          fix: async () => {
            const now = (await iam.send(new GetRoleCommand({ RoleName }))).Role?.AssumeRolePolicyDocument;
            if (!samePolicyText(now && decodeDocument(now), text))
              throw new ConcurrentChangeError('the trust policy');
            const next = kept.length === 0 ? DENY_ALL_TRUST : withStatements(trust, kept);
            await iam.send(
              new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: serializePolicy(next) }),
            );
            return { AssumeRolePolicyDocument: text };
          },
        });
      }
    }
    return settle(iamRoleAuditor, resource, ctx, tagsFromList(role.Tags), violations);
  },
};
