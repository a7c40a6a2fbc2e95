/** Lambda layer versions (id: the layer version ARN): a version whose permissions are stateful like Lambda's. */
import { ACCOUNT, REGION, resource, type Scenario, STRANGER } from '../../../helpers/resources';
import { awsError, type SentCommand, type World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_MARKER } from '../../../helpers/listing';

export const LAYER_NAME = 'shared-libs';
export const LAYER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:${LAYER_NAME}`;
export const VERSION = 3;
export const LAYER_VERSION_ARN = `${LAYER_ARN}:${VERSION}`;

/**
 * A permission as AddLayerVersionPermission writes it: `*`, an account root, or `*` within an
 * organization (aws:PrincipalOrgID).
 */
export function layerPermission(sid: string, principal: string, organizationId?: string) {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal === '*' ? '*' : { AWS: `arn:aws:iam::${principal}:root` },
    Action: 'lambda:GetLayerVersion',
    Resource: LAYER_VERSION_ARN,
    ...(organizationId ? { Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } } } : {}),
  };
}

/**
 * The layer version as Lambda answers for it: GetLayerVersionPolicy (ResourceNotFoundException when
 * there is no permission, or no version), GetLayerVersion, and RemoveLayerVersionPermission, which
 * refuses a RevisionId that is not the policy's (PreconditionFailedException); each removal is a new
 * revision.
 */
export function layerWorld(options: { statements?: object[]; exists?: boolean } = {}): World {
  let statements = [...(options.statements ?? [])] as { Sid: string }[];
  let revision = 1;
  const gone = () => awsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
  const known = (input: { LayerName: string; VersionNumber: number }) => {
    if (options.exists === false || input.LayerName !== LAYER_NAME || input.VersionNumber !== VERSION)
      throw gone();
  };
  return {
    'Lambda.GetLayerVersionPolicy': (input: { LayerName: string; VersionNumber: number }) => {
      known(input);
      if (statements.length === 0) throw gone();
      return {
        Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }),
        RevisionId: `rev-${revision}`,
      };
    },
    'Lambda.GetLayerVersion': (input: { LayerName: string; VersionNumber: number }) => {
      known(input);
      return { LayerArn: LAYER_ARN, LayerVersionArn: LAYER_VERSION_ARN, Version: VERSION };
    },
    'Lambda.RemoveLayerVersionPermission': (input: {
      LayerName: string;
      VersionNumber: number;
      StatementId: string;
      RevisionId?: string;
    }) => {
      known(input);
      if (input.RevisionId !== undefined && input.RevisionId !== `rev-${revision}`) {
        throw awsError(
          'PreconditionFailedException',
          'The RevisionId provided does not match the latest RevisionId',
          412,
        );
      }
      if (!statements.some((s) => s.Sid === input.StatementId)) throw gone();
      statements = statements.filter((s) => s.Sid !== input.StatementId);
      revision += 1;
      return {};
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('lambda_layer', LAYER_VERSION_ARN),
  world: () =>
    layerWorld({ statements: [layerPermission('public', '*'), layerPermission('stranger', STRANGER)] }),
  failing: ['lambda_layer.public', 'lambda_layer.shared_unknown_account'],
};

/** A layer's ARN from its name, in the account and region of a call. */
const layerArn = (call: Pick<SentCommand, 'account' | 'region'>, name: string) =>
  `arn:aws:lambda:${call.region}:${call.account}:layer:${name}`;

export const listing: ListingFixture = {
  // Layers hold the versions: each layer has the account and region's count of versions.
  typical: { lambda_layer_name: [0, 3], lambda_layer: [0, 4] },
  holders: { lambda_layer_name: 2 },
  ids: {
    lambda_layer_name: (account, region, index) => layerArn({ account, region }, `layer-${index}`),
  },
  listed: (ids) => ({
    lambda_layer: ids('lambda_layer_name').flatMap((arn) =>
      ids('lambda_layer').map((_, i) => `${arn}:${i + 1}`),
    ),
  }),
  responders: (estate) => ({
    'Lambda.ListLayers': estate.list('lambda_layer_name', 'Layers', NEXT_MARKER, (arn) => ({
      LayerName: arn.slice(arn.lastIndexOf(':') + 1),
      LayerArn: arn,
    })),
    'Lambda.ListLayerVersions': (input: Record<string, unknown>, call: SentCommand) =>
      estate.page(
        estate.ids('lambda_layer', call).map((_, i) => ({
          LayerVersionArn: `${layerArn(call, String(input.LayerName))}:${i + 1}`,
          Version: i + 1,
        })),
        'LayerVersions',
        NEXT_MARKER,
        input,
      ),
  }),
};
