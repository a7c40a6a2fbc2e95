import { defineType } from '../manifest';
import { first, req, requestId, res } from '../../events/ids';

/**
 * IAM users (id: the user name): no console password without MFA, no unused password, no stale access
 * key. Global: listed once per account.
 */
export const iamUser = defineType({
  type: 'iam_user',
  id: 'the user name',
  global: true,
  checks: [
    {
      id: 'iam_user.password_without_mfa',
      compliance: { cis: ['1.10'] },
      severity: 'high',
      title: 'IAM user has a console password and no MFA device',
      fix: 'delete the console password (login profile)',
      notUndoable:
        'a deleted console password cannot be given back (AWS never returns it); set a new one with CreateLoginProfile once MFA is on',
      consent: 'disruptive',
    },
    {
      id: 'iam_user.inactive_password',
      compliance: { fsbp: ['IAM.8'] },
      severity: 'medium',
      title: 'IAM user has not used its console password for a long time',
      fix: 'delete the console password (login profile)',
      notUndoable:
        'a deleted console password cannot be given back (AWS never returns it); give the user a new one with CreateLoginProfile if they still need the console',
      consent: 'disruptive',
    },
    {
      id: 'iam_user.stale_access_key',
      compliance: { fsbp: ['IAM.8'] },
      severity: 'medium',
      title: 'IAM user has an active access key unused for a long time',
      fix: 'deactivate the access key (not delete it)',
    },
  ],
  readActions: [
    'iam:GetUser',
    'iam:GetLoginProfile',
    'iam:ListMFADevices',
    'iam:ListAccessKeys',
    'iam:GetAccessKeyLastUsed',
  ],
  remediateActions: ['iam:DeleteLoginProfile', 'iam:UpdateAccessKey'],
  notFound: ['NoSuchEntityException', 'NoSuchEntity'],
  events: [
    {
      eventSource: 'iam.amazonaws.com',
      eventNames: ['CreateLoginProfile', 'UpdateLoginProfile', 'DeactivateMFADevice', 'UpdateAccessKey'],
      ids: requestId('userName'),
    },
    // Without userName the key is the caller's own; the response names the user either way.
    {
      eventSource: 'iam.amazonaws.com',
      eventNames: ['CreateAccessKey'],
      ids: (d) => first(res(d, 'accessKey', 'userName') ?? req(d, 'userName')),
    },
  ],
  listing: { actions: ['iam:ListUsers'], load: async () => (await import('./lister')).lister },
  securityHub: { resourceType: 'AwsIamUser', arn: (r, p) => `arn:${p}:iam::${r.account}:user/${r.id}` },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['iam:UpdateAccessKey'],
});
