import type { ResourceType } from '../../src/runtime/contracts/message';

export const OWNER = '111111111111';
export const CALLER = '222222222222';
export const REGION = 'eu-west-1';

export interface ApiCallOptions {
  readonly source: string;
  readonly name: string;
  readonly request?: unknown;
  readonly response?: unknown;
  /** The account that owns the resource (detail.recipientAccountId); null leaves it out. */
  readonly recipientAccountId?: string | null;
  /** The envelope's account. */
  readonly account?: string;
  readonly region?: string;
  readonly errorCode?: string;
  /** The role whose session made the call. */
  readonly roleName?: string;
  /** The account of the caller (differs from the owner for cross-account calls). */
  readonly callerAccount?: string;
}

/** An "AWS API Call via CloudTrail" event as EventBridge delivers it. */
export function apiCall(options: ApiCallOptions): Record<string, unknown> {
  const callerAccount = options.callerAccount ?? CALLER;
  const roleName = options.roleName ?? 'developer';
  const region = options.region ?? REGION;
  const detail: Record<string, unknown> = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:someone',
      arn: `arn:aws:sts::${callerAccount}:assumed-role/${roleName}/someone`,
      accountId: callerAccount,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLE',
          arn: `arn:aws:iam::${callerAccount}:role/${roleName}`,
          accountId: callerAccount,
          userName: roleName,
        },
      },
    },
    eventTime: '2026-11-22T10:00:00Z',
    eventSource: options.source,
    eventName: options.name,
    awsRegion: region,
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.0',
    requestParameters: options.request ?? null,
    responseElements: options.response ?? null,
    eventType: 'AwsApiCall',
  };
  if (options.recipientAccountId !== null) detail.recipientAccountId = options.recipientAccountId ?? OWNER;
  if (options.errorCode !== undefined) {
    detail.errorCode = options.errorCode;
    detail.errorMessage = 'the call failed';
  }
  return {
    version: '0',
    id: 'a1b2c3d4-0000-0000-0000-000000000000',
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${options.source.split('.')[0]}`,
    account: options.account ?? OWNER,
    time: '2026-11-22T10:00:01Z',
    region,
    resources: [],
    detail,
  };
}

export interface ExpectedResource {
  readonly type: ResourceType;
  readonly id: string;
  readonly delay?: number;
}

/** A realistic call and the resources it must yield. */
export interface Sample {
  readonly source: string;
  readonly name: string;
  readonly request?: unknown;
  readonly response?: unknown;
  readonly expected: readonly ExpectedResource[];
}

export function sampleEvent(
  sample: Sample,
  overrides: Partial<ApiCallOptions> = {},
): Record<string, unknown> {
  return apiCall({
    source: sample.source,
    name: sample.name,
    request: sample.request,
    response: sample.response,
    ...overrides,
  });
}
