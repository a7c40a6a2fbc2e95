import {
  DeleteResourcePolicyCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { judgeResourcePolicy, resourcePolicyViolations } from '../../auditors/policy';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE } from '../../auditors/types';
import { parsePolicy } from '../../policy/document';
import { secretArnParts } from './arn';

/**
 * Secrets Manager secrets (id: the secret ARN): the secret's resource policy must not let anyone, or
 * an unknown account, read or manage it. The policy is read with GetResourcePolicy (`ResourcePolicy`,
 * absent when the secret has none), written with PutResourcePolicy and removed with
 * DeleteResourcePolicy when no statement is left.
 *
 * Not audited (GONE): a replica, whose policy is its primary's and which cannot be changed itself
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html), and a secret
 * scheduled for deletion, which nobody can read until it is restored (RestoreSecret is an event of
 * the type).
 */
export const auditor: Auditor = {
  type: 'secretsmanager_secret',

  async inspect(resource, ctx) {
    const parts = secretArnParts(resource.id);
    if (!parts || parts.account !== resource.account || parts.region !== resource.region) return GONE;
    const sm = ctx.client(SecretsManagerClient, 'Secrets Manager');
    const SecretId = resource.id;
    const secret = await sm.send(new DescribeSecretCommand({ SecretId }));
    if (secret.ARN !== SecretId || secret.DeletedDate) return GONE;
    if (secret.PrimaryRegion !== undefined && secret.PrimaryRegion !== parts.region) return GONE;
    const readPolicy = async () => (await sm.send(new GetResourcePolicyCommand({ SecretId }))).ResourcePolicy;
    const resourceArns = [SecretId];

    const violations = await resourcePolicyViolations({
      check: 'secretsmanager_secret.public',
      unknownAccountCheck: 'secretsmanager_secret.shared_unknown_account',
      resource,
      ctx,
      text: await readPolicy(),
      noun: 'Secret policy',
      whole: 'secret policy',
      resourceArns,
      reread: readPolicy,
      write: async (ResourcePolicy) => {
        if (ResourcePolicy === undefined) {
          await sm.send(new DeleteResourcePolicyCommand({ SecretId }));
          return;
        }
        // BlockPublicPolicy makes Secrets Manager refuse a policy that "allow[s] broad access to the
        // secret" (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html):
        // a second judge of a policy the package finds not public, so that where the two differ the
        // write is refused whole (PublicPolicyException) and the fix fails with nothing changed. It
        // is left out only for a policy the package itself finds public: the unknown-account fix
        // keeps public statements when the public fix is not turned on.
        const isPublic = judgeResourcePolicy(parsePolicy(ResourcePolicy), resource, resourceArns).public;
        await sm.send(
          new PutResourcePolicyCommand({
            SecretId,
            ResourcePolicy,
            ...(isPublic ? {} : { BlockPublicPolicy: true }),
          }),
        );
      },
      before: (ResourcePolicy) => ({ ResourcePolicy }),
    });
    return { tags: tagsFromList(secret.Tags), violations };
  },
};
