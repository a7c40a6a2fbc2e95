/**
 * Shapes of "AWS API Call via CloudTrail" events as EventBridge delivers them, and total accessors
 * for reading their loosely-typed request and response elements. Nothing here throws: an event may
 * be anything at all.
 */

import { isRecord } from '../json';

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The subset of an EventBridge CloudTrail event the translator reads. */
export interface CloudTrailEvent {
  readonly 'detail-type'?: string;
  readonly source?: string;
  readonly account?: string;
  readonly region?: string;
  readonly detail?: CloudTrailDetail;
}

export interface CloudTrailDetail {
  readonly eventSource?: string;
  readonly eventName?: string;
  readonly awsRegion?: string;
  readonly recipientAccountId?: string;
  readonly errorCode?: string;
  readonly userIdentity?: {
    readonly type?: string;
    readonly arn?: string;
    readonly sessionContext?: {
      readonly sessionIssuer?: { readonly type?: string; readonly userName?: string; readonly arn?: string };
    };
  };
  readonly requestParameters?: unknown;
  readonly responseElements?: unknown;
}

export { isRecord };

/** Follows `keys` through nested objects; undefined as soon as a step is missing. */
export function dig(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** The value at `keys` when it is a non-empty string. */
export function str(value: unknown, ...keys: string[]): string | undefined {
  const found = dig(value, ...keys);
  // A blank value names nothing (a resource message's id must name the resource).
  return typeof found === 'string' && found.trim() !== '' ? found : undefined;
}

/**
 * The list at `keys`. CloudTrail writes EC2 lists as `{ items: [...] }` and other services' as plain
 * arrays; both are accepted.
 */
export function list(value: unknown, ...keys: string[]): unknown[] {
  const found = dig(value, ...keys);
  if (Array.isArray(found)) return found;
  const items = dig(found, 'items');
  return Array.isArray(items) ? items : [];
}

/** The non-empty strings at `key` of each element of the list at `keys`. */
export function strings(value: unknown, keys: string[], key?: string): string[] {
  const out: string[] = [];
  for (const item of list(value, ...keys)) {
    const found = key === undefined ? item : dig(item, key);
    if (typeof found === 'string' && found.trim() !== '') out.push(found);
  }
  return out;
}

/** The first of several candidate values that is present. */
export function first(...candidates: (string | undefined)[]): string[] {
  const found = candidates.find((c) => c !== undefined);
  return found === undefined ? [] : [found];
}
