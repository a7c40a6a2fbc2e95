/**
 * Reading resource ids out of CloudTrail events, for the event rows of the type manifests. Nothing here
 * throws: an event may be anything at all.
 */

import { type CloudTrailDetail, first, str } from './cloudtrail';

export { first, list, str, strings } from './cloudtrail';

/** Creating an RDS database or Redshift cluster takes minutes: audit it once it can be read. */
export const CREATION_DELAY = 900;
/** A task gets its network interface (and any public address) shortly after RunTask returns. */
export const TASK_START_DELAY = 120;

/** A field of the call's request parameters. */
export const req = (d: CloudTrailDetail, ...keys: string[]) => str(d.requestParameters, ...keys);
/** A field of the call's response elements. */
export const res = (d: CloudTrailDetail, ...keys: string[]) => str(d.responseElements, ...keys);

/** The part of an ARN after `marker` up to the next `:` or `/` ("...:db:name" -> "name"). */
export function arnPart(arn: string | undefined, marker: string): string | undefined {
  if (arn === undefined) return undefined;
  const at = arn.indexOf(marker);
  if (at < 0) return undefined;
  const rest = arn.slice(at + marker.length);
  const end = rest.search(/[:/]/);
  const part = end < 0 ? rest : rest.slice(0, end);
  return part === '' ? undefined : part;
}

/** A field of the request that names the resource, as a list of one id (none when absent). */
export const requestId =
  (...keys: string[]) =>
  (d: CloudTrailDetail) =>
    first(req(d, ...keys));
