import { DEFAULT_MEMBER_ROLE_NAME } from '../contracts/settings';
import { MAX_DELAY_SECONDS, type ResourceMessage } from '../contracts/message';
import { AccountIdSchema, RegionSchema } from '../contracts/validation';
import { CLOUDTRAIL_DETAIL_TYPE, type CloudTrailDetail, isRecord, str } from './cloudtrail';
import { findEventRule } from './table';

/**
 * What became of an event:
 * - `translated`: one or more resource messages;
 * - `unsupported`: an API call outside the translation table (ignored);
 * - `failed_call`: the call returned an error (`errorCode`), so it changed nothing;
 * - `own_change`: made by the member remediator role itself (not re-enqueued, so fixes never loop);
 * - `no_resource`: in the table, but no resource id could be read from it;
 * - `not_api_call`: not an "AWS API Call via CloudTrail" event at all.
 */
export type TranslationOutcome =
  'translated' | 'unsupported' | 'failed_call' | 'own_change' | 'no_resource' | 'not_api_call';

export const TRANSLATION_OUTCOMES: readonly TranslationOutcome[] = [
  'translated',
  'unsupported',
  'failed_call',
  'own_change',
  'no_resource',
  'not_api_call',
];

export interface Translation {
  readonly outcome: TranslationOutcome;
  readonly messages: readonly ResourceMessage[];
  /** `eventSource eventName` when the event had them, for counting and logs. */
  readonly call?: string;
}

export interface TranslateOptions {
  /** The member remediator role's name; its own calls are dropped. Default `member_remediator`. */
  readonly memberRoleName?: string;
}

/** Whether the caller is the member remediator role (an assumed-role session of it). */
export function isOwnChange(detail: CloudTrailDetail, memberRoleName: string): boolean {
  const identity = detail.userIdentity;
  if (!isRecord(identity)) return false;
  const issuer = str(identity, 'sessionContext', 'sessionIssuer', 'userName');
  if (issuer !== undefined) return issuer === memberRoleName;
  // Some events carry only the session ARN: arn:aws:sts::<account>:assumed-role/<role>/<session>.
  const arn = str(identity, 'arn');
  return (
    arn !== undefined && arn.split(':')[5]?.split('/')[1] === memberRoleName && arn.includes(':assumed-role/')
  );
}

const isAccountId = (v: string | undefined): v is string =>
  v !== undefined && AccountIdSchema.safeParse(v).success;
const isRegion = (v: string | undefined): v is string => v !== undefined && RegionSchema.safeParse(v).success;

function result(
  outcome: TranslationOutcome,
  call?: string,
  messages: readonly ResourceMessage[] = [],
): Translation {
  return call === undefined ? { outcome, messages } : { outcome, messages, call };
}

/**
 * Translates one EventBridge event into resource messages. Total: any input, however malformed,
 * yields a {@link Translation} and never throws.
 *
 * The resource's account is the account that owns it: `detail.recipientAccountId`, then the
 * envelope's `account` (not the caller's, which differs for cross-account calls).
 */
export function translateEvent(event: unknown, options: TranslateOptions = {}): Translation {
  if (!isRecord(event) || event['detail-type'] !== CLOUDTRAIL_DETAIL_TYPE || !isRecord(event.detail)) {
    return result('not_api_call');
  }
  const detail = event.detail as CloudTrailDetail;
  const eventSource = str(detail, 'eventSource');
  const eventName = str(detail, 'eventName');
  if (eventSource === undefined || eventName === undefined) return result('not_api_call');
  const call = `${eventSource} ${eventName}`;

  const rule = findEventRule(eventSource, eventName);
  if (rule === undefined) return result('unsupported', call);
  if (detail.errorCode !== undefined && detail.errorCode !== null) return result('failed_call', call);
  if (isOwnChange(detail, options.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME))
    return result('own_change', call);

  const recipient = str(detail, 'recipientAccountId');
  const envelopeAccount = str(event, 'account');
  const account = isAccountId(recipient) ? recipient : envelopeAccount;
  const awsRegion = str(detail, 'awsRegion');
  const region = isRegion(awsRegion) ? awsRegion : str(event, 'region');
  if (!isAccountId(account) || !isRegion(region)) return result('no_resource', call);

  const messages: ResourceMessage[] = [];
  const seen = new Set<string>();
  for (const target of rule.targets) {
    for (const id of target.ids(detail)) {
      const key = `${target.type}/${id}`;
      // An id must name the resource: a blank one (from an extractor of a type's own) names nothing;
      // the account and region of a `region` message are its resource, and its id is "".
      const named = target.type === 'region' ? id === '' : id.trim() !== '';
      if (seen.has(key) || id.length > 2048 || !named) continue;
      seen.add(key);
      messages.push({
        account,
        region,
        type: target.type,
        id,
        delay: Math.min(target.delay ?? 0, MAX_DELAY_SECONDS),
      });
    }
  }
  return messages.length > 0 ? result('translated', call, messages) : result('no_resource', call);
}

/** Counts of outcomes over many events, for logs and the CLI summary. */
export class TranslationTally {
  readonly outcomes: Record<TranslationOutcome, number> = {
    translated: 0,
    unsupported: 0,
    failed_call: 0,
    own_change: 0,
    no_resource: 0,
    not_api_call: 0,
  };
  messages = 0;

  add(translation: Translation): void {
    this.outcomes[translation.outcome] += 1;
    this.messages += translation.messages.length;
  }

  get events(): number {
    return Object.values(this.outcomes).reduce((a, b) => a + b, 0);
  }

  /** One line, e.g. `3 events -> 4 messages (translated 2, unsupported 1)`. */
  summary(): string {
    const parts = TRANSLATION_OUTCOMES.filter((o) => this.outcomes[o] > 0).map(
      (o) => `${o} ${this.outcomes[o]}`,
    );
    return `${this.events} events -> ${this.messages} messages${parts.length ? ` (${parts.join(', ')})` : ''}`;
  }
}
