import { defineType } from '../manifest';
import { dig, isRecord } from '../../events/cloudtrail';
import { arnPart, req, res } from '../../events/ids';
import { partitionOf } from '../../contracts/regions';
import type { CloudTrailDetail } from '../../events/cloudtrail';

/** A layer version's ARN: `arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>`. */
export const LAYER_VERSION_ARN =
  /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):layer:([A-Za-z0-9_-]+):(\d+)$/;

/** The version number of the request, which CloudTrail may record as a number or a string. */
function versionOf(d: CloudTrailDetail): string | undefined {
  const value = dig(d.requestParameters, 'versionNumber');
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^\d+$/.test(text) ? text : undefined;
}

/**
 * The layer version AddLayerVersionPermission changed: from the layer's name or ARN and the version
 * of the request, in the account and region of the call; else the `Resource` of the statement it
 * answered with.
 */
function permittedLayerVersion(d: CloudTrailDetail): string[] {
  const layer = req(d, 'layerName');
  const version = versionOf(d);
  if (layer && version) {
    const name = layer.startsWith('arn:') ? arnPart(layer, ':layer:') : layer;
    const partition = d.awsRegion ? partitionOf(d.awsRegion) : undefined;
    const arn =
      layer.startsWith('arn:') && name
        ? `${layer}:${version}`
        : partition && d.recipientAccountId
          ? `arn:${partition}:lambda:${d.awsRegion}:${d.recipientAccountId}:layer:${name}:${version}`
          : undefined;
    if (arn && LAYER_VERSION_ARN.test(arn)) return [arn];
  }
  try {
    const statement: unknown = JSON.parse(res(d, 'statement') ?? '');
    const resource = isRecord(statement) ? statement.Resource : undefined;
    return typeof resource === 'string' && LAYER_VERSION_ARN.test(resource) ? [resource] : [];
  } catch {
    return [];
  }
}

/**
 * Lambda layer versions (id: the layer version ARN): the version's permissions must not let anyone,
 * or an unknown account or organization, use it. A layer version has no tags.
 */
export const lambdaLayer = defineType({
  type: 'lambda_layer',
  id: 'the layer version ARN',
  checks: [
    {
      id: 'lambda_layer.public',
      severity: 'high',
      title: 'Lambda layer version policy allows anyone',
      fix: 'remove the public permissions; the others stay',
    },
    {
      id: 'lambda_layer.shared_unknown_account',
      severity: 'high',
      title: 'Lambda layer version policy grants an unknown account',
      fix: 'remove the permissions granting unknown accounts or organizations; the others stay',
      consent: 'named',
    },
  ],
  // GetLayerVersion (also GetLayerVersionByArn's IAM action) tells a version without a policy from one
  // that is gone.
  readActions: ['lambda:GetLayerVersionPolicy', 'lambda:GetLayerVersion'],
  remediateActions: ['lambda:RemoveLayerVersionPermission'],
  notFound: ['ResourceNotFoundException'],
  // AddLayerVersionPermission is the one call that grants a layer version to others. A version is
  // published without permissions (PublishLayerVersion20181031 cannot make it non-compliant) and keeps
  // its own. The user guide lists AddLayerVersionPermission without an API version in its event name;
  // CloudTrail has recorded it with one too
  // (https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html).
  events: [
    {
      eventSource: 'lambda.amazonaws.com',
      eventNames: ['AddLayerVersionPermission', 'AddLayerVersionPermission20181031'],
      ids: permittedLayerVersion,
    },
  ],
  listing: {
    actions: ['lambda:ListLayers', 'lambda:ListLayerVersions'],
    load: async () => (await import('./lister')).lister,
  },
  securityHub: { resourceType: 'AwsLambdaLayerVersion', arn: (r) => r.id },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['lambda:AddLayerVersionPermission'],
});
