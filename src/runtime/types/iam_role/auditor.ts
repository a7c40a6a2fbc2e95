import { GetRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { unless } from '../../aws/errors';
import { type PolicyDocument } from '../../policy/document';
import { resourcePolicyViolations } from '../../auditors/policy';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';

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
export function decodeDocument(text: string): string {
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

    const violations = await resourcePolicyViolations({
      check: 'iam_role.public_trust',
      unknownAccountCheck: 'iam_role.trusts_unknown_account',
      resource,
      ctx,
      text: role.AssumeRolePolicyDocument ? decodeDocument(role.AssumeRolePolicyDocument) : undefined,
      noun: 'Trust policy',
      whole: 'trust policy',
      statement: 'trust statement',
      reread: async () => {
        const now = (await iam.send(new GetRoleCommand({ RoleName }))).Role?.AssumeRolePolicyDocument;
        return now && decodeDocument(now);
      },
      write: async (PolicyDocument) => {
        await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: PolicyDocument! }));
      },
      whenEmpty: {
        document: DENY_ALL_TRUST,
        action: 'replace the trust policy, all of it public, with one that denies everyone',
      },
      before: (AssumeRolePolicyDocument) => ({ AssumeRolePolicyDocument }),
    });
    return { tags: tagsFromList(role.Tags), violations };
  },
};
