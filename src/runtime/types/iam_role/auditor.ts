import { GetRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { unless } from '../../aws/errors';
import { type PolicyDocument, parsePolicy, samePolicyText, serializePolicy } from '../../policy/document';
import { narrowPublic } from '../../policy/narrow';
import {
  confirmWithAccessAnalyzer,
  judgeOptionsFor,
  judgeResourcePolicy,
  narrowingAction,
  publicMessage,
} from '../../auditors/policy';
import { ConcurrentChangeError } from '../../errors';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE, type Violation } from '../../auditors/types';

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
export const auditor: Auditor = {
  type: 'iam_role',

  async inspect(resource, ctx) {
    const iam = ctx.client(IAMClient, 'IAM');
    const RoleName = resource.id;
    const output = await unless(
      iam.send(new GetRoleCommand({ RoleName })),
      ['NoSuchEntityException', 'NoSuchEntity'],
      undefined,
    );
    const role = output?.Role;
    if (!role) return GONE;

    const violations: Violation[] = [];
    const text = role.AssumeRolePolicyDocument ? decodeDocument(role.AssumeRolePolicyDocument) : undefined;
    if (text) {
      const trust = parsePolicy(text);
      const verdict = judgeResourcePolicy(trust, resource);
      if (verdict.public) {
        const narrowing = narrowPublic(trust, verdict, judgeOptionsFor(resource));
        const next = narrowing.document.Statement.length === 0 ? DENY_ALL_TRUST : narrowing.document;
        violations.push({
          check: 'iam_role.public_trust',
          message: publicMessage('Trust policy', trust, verdict),
          action:
            narrowing.document.Statement.length === 0
              ? 'replace the trust policy, all of it public, with one that denies everyone'
              : narrowingAction(narrowing, 'trust policy', 'trust statement'),
          fix: async () => {
            const now = (await iam.send(new GetRoleCommand({ RoleName }))).Role?.AssumeRolePolicyDocument;
            if (!samePolicyText(now && decodeDocument(now), text))
              throw new ConcurrentChangeError('the trust policy');
            const PolicyDocument = serializePolicy(next);
            await confirmWithAccessAnalyzer(ctx, resource, text, PolicyDocument);
            await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument }));
            return { AssumeRolePolicyDocument: text };
          },
        });
      }
    }
    return { tags: tagsFromList(role.Tags), violations };
  },
};
