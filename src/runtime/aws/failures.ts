/**
 * Failures that are not about one resource but about the whole run: no credentials, credentials AWS
 * refuses, an endpoint that cannot be reached. Every message after the first would fail the same way,
 * so the CLI stops and says, in one line, what to do.
 */

import { isRecord } from '../json';
import { awsErrorName } from './errors';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** Errors STS (or any service) gives for the caller's own credentials, whatever the resource. */
const REFUSED_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'IncompleteSignature',
]);

/** The error and the errors it wraps (`cause`), outermost first. */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (
    let e = error;
    e !== undefined && e !== null && out.length < 8;
    e = isRecord(e) ? e.cause : undefined
  ) {
    out.push(e);
  }
  return out;
}

const codeOf = (e: unknown) => (isRecord(e) && typeof e.code === 'string' ? e.code : '');
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What went wrong for the whole run, in one line with what to do; undefined for other errors. */
export function runFailure(error: unknown): string | undefined {
  for (const e of chain(error)) {
    const name = awsErrorName(e);
    if (
      name === 'CredentialsProviderError' ||
      /Could not load credentials from any providers/.test(messageOf(e))
    ) {
      return 'no AWS credentials found: set AWS_PROFILE (after `aws sso login` or `aws configure`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
    }
    if (
      name === 'TokenProviderError' ||
      /The SSO session .* has expired|Token is expired/i.test(messageOf(e))
    ) {
      return `your AWS sign-in has expired (${messageOf(e)}): run \`aws sso login\` again`;
    }
    if (REFUSED_CREDENTIALS.has(name)) {
      return `AWS refused your credentials (${name}: ${messageOf(e)}): refresh them (\`aws sso login\`, new keys) or check AWS_PROFILE`;
    }
    const code = codeOf(e);
    if (NETWORK_CODES.has(code) || name === 'TimeoutError' || code === 'TimeoutError') {
      const where = isRecord(e) && typeof e.hostname === 'string' ? ` ${e.hostname}` : '';
      return `cannot reach AWS${where} (${code || name}: ${messageOf(e)}): check your network or proxy, and AWS_ENDPOINT_URL if you set it; AWS_REMEDIATION_CONNECTION_TIMEOUT_MS and AWS_REMEDIATION_REQUEST_TIMEOUT_MS set the timeouts`;
    }
  }
  return undefined;
}
