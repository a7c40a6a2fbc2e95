import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/** The access keys a fix deactivated are activated again (a deleted key is gone for good). */
export const undo: UndoTable = {
  'iam_user.stale_access_key': {
    async plan(finding, ctx) {
      const iam = ctx.client(IAMClient, 'IAM');
      const UserName = finding.resource.id;
      const keys = beforeOf<{ AccessKeys: { AccessKeyId: string }[] }>(finding).AccessKeys ?? [];
      const { AccessKeyMetadata = [] } = await iam.send(new ListAccessKeysCommand({ UserName }));
      const current = {
        AccessKeys: keys.map(({ AccessKeyId }) => ({
          AccessKeyId,
          Status: AccessKeyMetadata.find((k) => k.AccessKeyId === AccessKeyId)?.Status ?? 'Deleted',
        })),
      };
      return {
        current,
        changed: changedSince(current, finding.after),
        steps: current.AccessKeys.filter((k) => k.Status === 'Inactive').map((k) =>
          step(iam, 'IAM', UpdateAccessKeyCommand, {
            UserName,
            AccessKeyId: k.AccessKeyId,
            Status: 'Active',
          }),
        ),
      };
    },
  },
};
