import type { AssumeRoleCommand, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import sinon from 'sinon';

export const HOUR = 3600_000;

/**
 * An STS stub answering AssumeRole like STS does, with sessions that last an hour from `clock`;
 * `fail` may refuse a role ARN with an error.
 */
export function stubSts(
  clock: { now: number } = { now: Date.now() },
  fail?: (roleArn: string) => Error | undefined,
) {
  let n = 0;
  const send = sinon.fake(async (command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput> => {
    const failure = fail?.(command.input.RoleArn!);
    if (failure) throw failure;
    n += 1;
    return {
      $metadata: {},
      Credentials: {
        AccessKeyId: `ASIA${n}`,
        SecretAccessKey: 'secret',
        SessionToken: `token-${n}`,
        Expiration: new Date(clock.now + HOUR),
      },
    };
  });
  return { send, inputs: () => send.getCalls().map((c) => c.args[0].input) };
}
