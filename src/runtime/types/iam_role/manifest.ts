import { defineType } from '../manifest';
import { requestId } from '../../events/ids';

/**
 * IAM roles (id: the role name): the trust policy must not let anyone, or an
 * unknown account, assume the role. Global: listed
 * once per account; service-linked roles are left out.
 */
export const iamRole = defineType({
  type: 'iam_role',
  id: 'the role name',
  global: true,
  checks: [
    {
      id: 'iam_role.public_trust',
      severity: 'critical',
      title: 'IAM role trust policy lets anyone assume it',
      fix: 'take the public principals out of the trust (a statement goes only when nothing legitimate is left); a trust left empty denies everyone',
    },
    {
      id: 'iam_role.trusts_unknown_account',
      severity: 'high',
      title: 'IAM role trust policy lets an unknown account assume it',
      fix: 'take the unknown accounts and organizations out of the trust; the others stay; a trust left empty denies everyone',
      consent: 'named',
    },
  ],
  readActions: ['iam:GetRole'],
  remediateActions: ['iam:UpdateAssumeRolePolicy'],
  notFound: ['NoSuchEntityException', 'NoSuchEntity'],
  events: [
    {
      eventSource: 'iam.amazonaws.com',
      eventNames: ['CreateRole', 'UpdateAssumeRolePolicy'],
      ids: requestId('roleName'),
    },
  ],
  listing: { actions: ['iam:ListRoles'], load: async () => (await import('./lister')).lister },
  securityHub: { resourceType: 'AwsIamRole', arn: (r, p) => `arn:${p}:iam::${r.account}:role/${r.id}` },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['iam:UpdateAssumeRolePolicy'],
});
