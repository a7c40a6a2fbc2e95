import { DEFAULT_MEMBER_ROLE_NAME } from '../runtime/contracts/settings';
import { serializeResourceMessage } from '../runtime/contracts/message';
import { TranslationTally, translateEvent } from '../runtime/events/translate';
import { type CommandIO, readJsonInput, writeLine } from './io';
import { plural } from '../runtime/text';

export interface TranslateCommandOptions {
  /** Calls made by this role are the remediator's own and yield nothing. */
  readonly memberRoleName?: string;
}

/**
 * `aws-remediation translate`: EventBridge CloudTrail events on stdin (JSON lines or a JSON array),
 * resource messages on stdout, one per line. A bad input line is reported on stderr with its line
 * number and the others still come out. Returns the exit code: 1 when any input was bad.
 */
export async function runTranslate(io: CommandIO, options: TranslateCommandOptions = {}): Promise<number> {
  const memberRoleName = options.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME;
  const tally = new TranslationTally();
  let bad = 0;

  for await (const item of readJsonInput(io.stdin)) {
    if ('error' in item) {
      bad += 1;
      io.stderr.write(`${item.where}: ${item.error}\n`);
      continue;
    }
    const translation = translateEvent(item.value, { memberRoleName });
    if (translation.outcome === 'not_api_call') {
      bad += 1;
      io.stderr.write(
        `${item.where}: not an EventBridge CloudTrail event (expected "detail-type": "AWS API Call via CloudTrail" and a "detail" with eventSource and eventName)\n`,
      );
      continue;
    }
    tally.add(translation);
    for (const message of translation.messages) await writeLine(io.stdout, serializeResourceMessage(message));
  }

  io.stderr.write(`translate: ${tally.summary()}${bad > 0 ? `; ${plural(bad, 'bad input line')}` : ''}\n`);
  return bad > 0 ? 1 : 0;
}
