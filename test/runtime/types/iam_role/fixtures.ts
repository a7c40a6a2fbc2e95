/** IAM roles (id: the role name): the trust policy, stateful like IAM. */
import { ACCOUNT, policy, resource, type Scenario, STRANGER, tagList } from '../../../helpers/resources';
import { awsError, type SentCommand, type World } from '../../../helpers/aws';
import { type ListingFixture, MARKER } from '../../../helpers/listing';

export const ROLE_NAME = 'deployer';

export function iamRoleWorld(
  options: { trust?: object; tags?: Record<string, string>; exists?: boolean } = {},
): World {
  let trustText = JSON.stringify(options.trust ?? policy());
  return {
    'IAM.GetRole': () => {
      if (options.exists === false)
        throw awsError('NoSuchEntityException', `The role with name ${ROLE_NAME} cannot be found.`, 404);
      return {
        Role: {
          Path: '/',
          RoleName: ROLE_NAME,
          RoleId: 'AROAEXAMPLEID',
          Arn: `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`,
          CreateDate: new Date('2026-01-01T00:00:00Z'),
          // IAM returns policy documents URL-encoded.
          AssumeRolePolicyDocument: encodeURIComponent(trustText),
          Tags: tagList(options.tags),
        },
      };
    },
    'IAM.UpdateAssumeRolePolicy': (input: { PolicyDocument: string }) => {
      trustText = input.PolicyDocument;
      return {};
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('iam_role', ROLE_NAME),
  world: () =>
    iamRoleWorld({
      trust: policy(
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${STRANGER}:root` }, Action: 'sts:AssumeRole' },
      ),
    }),
  failing: ['iam_role.public_trust', 'iam_role.trusts_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { iam_role: [2, 20], service_linked_role: [3, 3] },
  responders: (estate) => ({
    'IAM.ListRoles': (input: Record<string, unknown>, call: SentCommand) => {
      const roles = [
        ...estate.ids('iam_role', call).map((RoleName) => ({ RoleName, Path: '/' })),
        ...estate.ids('service_linked_role', call).map((RoleName) => ({
          RoleName,
          Path: '/aws-service-role/elasticloadbalancing.amazonaws.com/',
        })),
      ];
      return estate.page(roles, 'Roles', { ...MARKER, truncated: 'IsTruncated' }, input);
    },
  }),
};
