/** IAM users (id: the user name): console password, MFA devices and access keys, dated from NOW. */
import { ACCOUNT, NOW, resource, type Scenario } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, MARKER } from '../../../helpers/listing';

export const USER_NAME = 'alice';
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600_000);

export function iamUserWorld(
  options: {
    profileAgeDays?: number;
    mfa?: boolean;
    passwordLastUsedDaysAgo?: number;
    keys?: { id: string; status?: string; createdDaysAgo: number; lastUsedDaysAgo?: number }[];
    exists?: boolean;
  } = {},
): World {
  return {
    'IAM.GetUser': () => {
      if (options.exists === false)
        throw awsError('NoSuchEntityException', `The user with name ${USER_NAME} cannot be found.`, 404);
      return {
        User: {
          UserName: USER_NAME,
          UserId: 'AIDAEXAMPLE',
          Arn: `arn:aws:iam::${ACCOUNT}:user/${USER_NAME}`,
          CreateDate: daysAgo(400),
          ...(options.passwordLastUsedDaysAgo === undefined
            ? {}
            : { PasswordLastUsed: daysAgo(options.passwordLastUsedDaysAgo) }),
          Tags: [],
        },
      };
    },
    'IAM.GetLoginProfile': () => {
      if (options.profileAgeDays === undefined)
        throw awsError('NoSuchEntityException', `Login Profile for User ${USER_NAME} cannot be found.`, 404);
      return {
        LoginProfile: {
          UserName: USER_NAME,
          CreateDate: daysAgo(options.profileAgeDays),
          PasswordResetRequired: false,
        },
      };
    },
    'IAM.ListMFADevices': {
      MFADevices: options.mfa
        ? [
            {
              UserName: USER_NAME,
              SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`,
              EnableDate: daysAgo(30),
            },
          ]
        : [],
    },
    'IAM.ListAccessKeys': {
      AccessKeyMetadata: (options.keys ?? []).map((k) => ({
        UserName: USER_NAME,
        AccessKeyId: k.id,
        Status: k.status ?? 'Active',
        CreateDate: daysAgo(k.createdDaysAgo),
      })),
    },
    'IAM.GetAccessKeyLastUsed': (input: { AccessKeyId: string }) => {
      const key = (options.keys ?? []).find((k) => k.id === input.AccessKeyId);
      return {
        UserName: USER_NAME,
        AccessKeyLastUsed: {
          ...(key?.lastUsedDaysAgo === undefined ? {} : { LastUsedDate: daysAgo(key.lastUsedDaysAgo) }),
          ServiceName: key?.lastUsedDaysAgo === undefined ? 'N/A' : 's3',
          Region: key?.lastUsedDaysAgo === undefined ? 'N/A' : 'eu-west-1',
        },
      };
    },
    'IAM.DeleteLoginProfile': {},
    'IAM.UpdateAccessKey': {},
  };
}

export const noncompliant: Scenario = {
  resource: resource('iam_user', USER_NAME),
  world: () =>
    iamUserWorld({
      profileAgeDays: 200,
      passwordLastUsedDaysAgo: 150,
      keys: [{ id: 'AKIAOLD', createdDaysAgo: 300, lastUsedDaysAgo: 120 }],
    }),
  failing: ['iam_user.password_without_mfa', 'iam_user.inactive_password', 'iam_user.stale_access_key'],
};

export const listing: ListingFixture = {
  typical: { iam_user: [0, 12] },
  responders: (estate) => ({
    'IAM.ListUsers': estate.list(
      'iam_user',
      'Users',
      { ...MARKER, truncated: 'IsTruncated' },
      (UserName) => ({
        UserName,
        Path: '/',
      }),
    ),
  }),
};
