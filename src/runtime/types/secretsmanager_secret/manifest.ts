import { defineType } from '../manifest';
import type { CloudTrailDetail } from '../../events/cloudtrail';
import { req, res } from '../../events/ids';
import { isCompleteSecretArn } from './arn';

/**
 * The secret a call changed, as its ARN: the response's (`arn`; `aRN` in events before February 2024,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html), else the
 * request's `secretId` when it is a complete ARN. A secret named only by its name or a partial ARN
 * yields no message (a message's id is the ARN, which the event does not hold): the poller's next
 * sweep audits it.
 */
export function secretArnOf(d: CloudTrailDetail): string[] {
  const arn = [res(d, 'arn'), res(d, 'aRN'), req(d, 'secretId')].find(
    (v) => v !== undefined && isCompleteSecretArn(v),
  );
  return arn === undefined ? [] : [arn];
}

/**
 * Secrets Manager secrets (id: the secret ARN): the secret's resource policy must not let anyone, or
 * an unknown account, read or manage the secret.
 */
export const secretsmanagerSecret = defineType({
  type: 'secretsmanager_secret',
  id: 'the secret ARN',
  checks: [
    {
      id: 'secretsmanager_secret.public',
      severity: 'critical',
      title: 'Secrets Manager secret policy allows anyone',
      fix: 'take the public principals out of the resource policy (a statement goes only when nothing legitimate is left, the policy when no statement is); the others stay',
    },
    {
      id: 'secretsmanager_secret.shared_unknown_account',
      severity: 'high',
      title: 'Secrets Manager secret policy grants an unknown account',
      fix: 'take the unknown accounts and organizations out of the resource policy; the others stay',
      consent: 'named',
    },
  ],
  readActions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'],
  remediateActions: ['secretsmanager:PutResourcePolicy', 'secretsmanager:DeleteResourcePolicy'],
  notFound: ['ResourceNotFoundException'],
  events: [
    {
      eventSource: 'secretsmanager.amazonaws.com',
      // PutResourcePolicy attaches a policy. RestoreSecret brings back a secret scheduled for
      // deletion (not audited meanwhile), with its policy; StopReplicationToReplica makes a replica
      // (audited through its primary) a secret of its own, with the policy it had. CreateSecret takes
      // no policy, so a new secret has none
      // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
      eventNames: ['PutResourcePolicy', 'RestoreSecret', 'StopReplicationToReplica'],
      ids: secretArnOf,
    },
  ],
  listing: {
    actions: ['secretsmanager:ListSecrets'],
    load: async () => (await import('./lister')).lister,
  },
  securityHub: { resourceType: 'AwsSecretsManagerSecret', arn: (r) => r.id },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['secretsmanager:PutResourcePolicy', 'secretsmanager:DeleteResourcePolicy'],
});
