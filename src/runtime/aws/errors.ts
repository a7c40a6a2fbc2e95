import { isRecord } from '../json';

/** The error code of an AWS SDK error (`NoSuchBucket`, `AccessDenied`, ...), or "" for other errors. */
export function awsErrorName(error: unknown): string {
  if (!isRecord(error)) return '';
  if (typeof error.name === 'string' && error.name !== 'Error') return error.name;
  return typeof error.Code === 'string' ? error.Code : '';
}

/** Whether an SDK error is one of the given error codes. */
export function isAwsError(error: unknown, ...names: readonly string[]): boolean {
  return names.includes(awsErrorName(error));
}

/** A one-line description of an error for findings and logs: `AccessDenied: User ... is not authorized`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * The result of an SDK call, or `fallback` when it fails with one of the given error codes (a
 * resource that no longer exists, a policy that is not set); other errors are thrown.
 */
export async function unless<T, F>(call: Promise<T>, codes: readonly string[], fallback: F): Promise<T | F> {
  try {
    return await call;
  } catch (error) {
    if (isAwsError(error, ...codes)) return fallback;
    throw error;
  }
}
