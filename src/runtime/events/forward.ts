import type { RuntimeLogger } from '../logger';
import type { SqsSender, SendOptions } from '../queue/send';
import { sendMessages } from '../queue/send';
import { TRIGGER_ATTRIBUTE } from '../contracts/message';
import { type Translation, translateEvent } from './translate';

/** The logger methods the translator uses (Powertools' Logger fits). */
export type TranslatorLogger = Pick<RuntimeLogger, 'info' | 'debug'>;

export interface TranslatorDependencies {
  readonly sqs: SqsSender;
  /** URL of the resource queue. */
  readonly queueUrl: string;
  /** Calls by this role are the remediator's own and are not re-enqueued. */
  readonly memberRoleName: string;
  readonly logger: TranslatorLogger;
  readonly send?: SendOptions;
}

export interface TranslatorResult {
  readonly outcome: Translation['outcome'];
  readonly call?: string;
  readonly sent: number;
}

/**
 * The translator Lambda's logic: translate one EventBridge event and send its resource messages to
 * the resource queue. Throws only when a message could not be delivered, so that Lambda's
 * asynchronous retries (and its failure destination) take over; everything else is logged.
 */
export function createTranslatorHandler(deps: TranslatorDependencies) {
  return async (event: unknown): Promise<TranslatorResult> => {
    const translation = translateEvent(event, { memberRoleName: deps.memberRoleName });
    const { outcome, call, messages } = translation;
    if (messages.length === 0) {
      // Events outside the table are expected (the rule is broad); the others are worth seeing.
      const quiet = outcome === 'unsupported' || outcome === 'not_api_call';
      if (quiet) deps.logger.debug('event yields no resource message', { outcome, call });
      else deps.logger.info('event yields no resource message', { outcome, call });
      return { outcome, call, sent: 0 };
    }
    const report = await sendMessages(deps.sqs, deps.queueUrl, messages, deps.send, {
      [TRIGGER_ATTRIBUTE]: 'event',
    });
    deps.logger.info('resource messages sent', {
      outcome,
      call,
      sent: report.sent,
      resources: messages.map((m) => `${m.account}/${m.region}/${m.type}/${m.id}`),
    });
    return { outcome, call, sent: report.sent };
  };
}
