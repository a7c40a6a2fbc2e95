import {
  DeleteLoginProfileCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { unless } from '../../aws/errors';
import { PartialFixError } from '../../errors';
import { tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE, type Violation, Fixed } from '../../auditors/types';
import { noun } from '../../text';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOT_FOUND = ['NoSuchEntityException', 'NoSuchEntity'];

/**
 * IAM users (id: the user name): a console password needs MFA (after a grace period) and use; access
 * keys need use. Fixes delete the console password (the user can be given a new one) and deactivate,
 * never delete, a stale key.
 */
export const auditor: Auditor = {
  type: 'iam_user',

  async inspect(resource, ctx) {
    const iam = ctx.client(IAMClient, 'IAM');
    const UserName = resource.id;
    const user = (await unless(iam.send(new GetUserCommand({ UserName })), NOT_FOUND, undefined))?.User;
    if (!user) return GONE;
    const { thresholds } = ctx.settings;
    const now = ctx.now().getTime();
    const [profile, mfa, keys] = await Promise.all([
      unless(iam.send(new GetLoginProfileCommand({ UserName })), NOT_FOUND, undefined).then(
        (r) => r?.LoginProfile,
      ),
      iam.send(new ListMFADevicesCommand({ UserName })).then((r) => r.MFADevices ?? []),
      iam.send(new ListAccessKeysCommand({ UserName })).then((r) => r.AccessKeyMetadata ?? []),
    ]);
    const violations: Violation[] = [];

    // Both password checks delete the same login profile: once.
    let deleted: Promise<unknown> | undefined;
    const deleteProfile = () => {
      deleted ??= iam
        .send(new DeleteLoginProfileCommand({ UserName }))
        .then(() => ({ LoginProfile: { UserName, CreateDate: profile?.CreateDate } }));
      return deleted;
    };

    if (profile?.CreateDate) {
      const age = now - new Date(profile.CreateDate).getTime();
      if (mfa.length === 0 && age > thresholds.mfaGraceHours * HOUR) {
        violations.push({
          check: 'iam_user.password_without_mfa',
          message: `User ${UserName} has had a console password for ${Math.floor(age / HOUR)} hours and no MFA device (grace: ${thresholds.mfaGraceHours} hours).`,
          action:
            'delete the console password (the user keeps access keys; give a new password once MFA is set up)',
          fix: deleteProfile,
        });
      }
      const lastUsed = user.PasswordLastUsed ? new Date(user.PasswordLastUsed).getTime() : undefined;
      // A password set after the last sign-in is idle only since it was set.
      const idle = now - Math.max(lastUsed ?? 0, new Date(profile.CreateDate).getTime());
      if (idle > thresholds.passwordInactiveDays * DAY) {
        violations.push({
          check: 'iam_user.inactive_password',
          message: `User ${UserName} has not signed in to the console for ${Math.floor(idle / DAY)} days${lastUsed ? '' : ' (never)'} (limit: ${thresholds.passwordInactiveDays}).`,
          action: 'delete the console password',
          fix: deleteProfile,
        });
      }
    }

    const stale: { AccessKeyId: string; idleDays: number }[] = [];
    for (const key of keys) {
      if (key.Status !== 'Active' || !key.AccessKeyId) continue;
      const used = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })))
        .AccessKeyLastUsed;
      const since = used?.LastUsedDate ?? key.CreateDate;
      const idle = since ? now - new Date(since).getTime() : Infinity;
      if (idle > thresholds.accessKeyInactiveDays * DAY)
        stale.push({ AccessKeyId: key.AccessKeyId, idleDays: Math.floor(idle / DAY) });
    }
    if (stale.length > 0) {
      violations.push({
        check: 'iam_user.stale_access_key',
        message: `User ${UserName} has active access ${noun(stale.length, 'key')} unused for more than ${thresholds.accessKeyInactiveDays} days: ${stale.map((k) => `${k.AccessKeyId} (${k.idleDays} days)`).join(', ')}.`,
        action: `deactivate ${stale.map((k) => k.AccessKeyId).join(', ')} (they can be activated again)`,
        fix: async () => {
          const done: { AccessKeyId: string; Status: 'Active' }[] = [];
          try {
            for (const key of stale) {
              await iam.send(
                new UpdateAccessKeyCommand({ UserName, AccessKeyId: key.AccessKeyId, Status: 'Inactive' }),
              );
              done.push({ AccessKeyId: key.AccessKeyId, Status: 'Active' });
            }
          } catch (error) {
            if (done.length > 0) throw new PartialFixError({ AccessKeys: done }, error);
            throw error;
          }
          return new Fixed(
            { AccessKeys: done },
            { AccessKeys: done.map((k) => ({ ...k, Status: 'Inactive' })) },
          );
        },
      });
    }
    return { tags: tagsFromList(user.Tags), violations };
  },
};
