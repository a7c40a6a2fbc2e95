/**
 * Secret ARNs, `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`: "the
 * ARN includes the name of the secret followed by six random characters" (CreateSecret, ARN:
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html). A call may
 * name a secret by its name or by a partial ARN, without those characters.
 */

/** The parts of a secret ARN; undefined for anything else. */
export function secretArnParts(arn: string): { region: string; account: string; name: string } | undefined {
  const [prefix, partition, service, region, account, kind, ...rest] = arn.split(':');
  if (prefix !== 'arn' || !partition || service !== 'secretsmanager' || kind !== 'secret') return undefined;
  if (!region || !/^\d{12}$/.test(account ?? '') || rest.length !== 1 || !rest[0]) return undefined;
  return { region, account: account!, name: rest[0] };
}

/** Whether a value is a complete secret ARN (a name, or a partial ARN without the suffix, is not). */
export function isCompleteSecretArn(value: string): boolean {
  return /-[A-Za-z0-9]{6}$/.test(secretArnParts(value)?.name ?? '');
}
