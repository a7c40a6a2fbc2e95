/** The region of an SQS queue URL (`https://sqs.eu-west-1.amazonaws.com/1234/q` -> `eu-west-1`). */
export function queueRegion(url: string): string | undefined {
  return /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(url)?.[1];
}
