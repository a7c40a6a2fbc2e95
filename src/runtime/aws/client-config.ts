/**
 * Configuration shared by every AWS SDK client the package creates: adaptive retries (client-side
 * rate limiting when throttled) and the standard endpoint variables, so the same code runs against
 * AWS-compatible endpoints.
 */
export interface ClientConfig {
  readonly retryMode: 'adaptive' | 'standard';
  readonly maxAttempts: number;
  readonly endpoint?: string;
  /** S3 only, when an endpoint is set: most AWS-compatible endpoints need path-style requests. */
  readonly forcePathStyle?: boolean;
  /**
   * S3 only: a bucket is global to its account but lives in one region; follow S3's redirect when the
   * client's region is not the bucket's.
   */
  readonly followRegionRedirects?: boolean;
  /**
   * S3 Control only, when an endpoint is set: the endpoint as given. S3 Control's endpoint rules put
   * the account id in front of the host (`<account>.s3-control.<region>.amazonaws.com`), which an
   * endpoint given as one URL (an address, a single host) cannot serve; the request names the account
   * in its `x-amz-account-id` header as well
   * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html).
   */
  readonly endpointProvider?: () => { url: URL };
  /**
   * Give up on a connection that does not open, or a request that gets no answer, after this long (the
   * SDK then retries, up to `maxAttempts`): an endpoint that never answers cannot hang a run.
   */
  readonly requestHandler: {
    readonly connectionTimeout: number;
    readonly requestTimeout: number;
    /** The SDK only warns about a request past its timeout unless told to fail it. */
    readonly throwOnRequestTimeout: true;
  };
}

/** Milliseconds to wait for a connection to open (`AWS_REMEDIATION_CONNECTION_TIMEOUT_MS`). */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
/** Milliseconds to wait for an answer to a request (`AWS_REMEDIATION_REQUEST_TIMEOUT_MS`). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;

function milliseconds(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * `AWS_ENDPOINT_URL_<SERVICE>` (e.g. `AWS_ENDPOINT_URL_SQS`), else `AWS_ENDPOINT_URL`. Set explicitly
 * on the client, because some clients otherwise prefer other hosts (SQS sends to the queue URL's).
 */
export function endpointFromEnv(serviceId: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const specific = env[`AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
  return specific || env.AWS_ENDPOINT_URL || undefined;
}

export function clientConfig(serviceId: string, env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const endpoint = endpointFromEnv(serviceId, env);
  const s3 = serviceId === 'S3';
  const maxAttempts = Number(env.AWS_MAX_ATTEMPTS);
  return {
    // The SDK's own variables may change the retries: AWS_RETRY_MODE=standard, AWS_MAX_ATTEMPTS.
    retryMode: env.AWS_RETRY_MODE === 'standard' ? 'standard' : 'adaptive',
    maxAttempts: Number.isInteger(maxAttempts) && maxAttempts > 0 ? maxAttempts : 5,
    requestHandler: {
      connectionTimeout: milliseconds(
        env.AWS_REMEDIATION_CONNECTION_TIMEOUT_MS,
        DEFAULT_CONNECTION_TIMEOUT_MS,
      ),
      requestTimeout: milliseconds(env.AWS_REMEDIATION_REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS),
      throwOnRequestTimeout: true,
    },
    ...(s3 ? { followRegionRedirects: true } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(endpoint && s3 ? { forcePathStyle: true } : {}),
    ...(endpoint && serviceId === 'S3 Control'
      ? { endpointProvider: () => ({ url: new URL(endpoint) }) }
      : {}),
  };
}
