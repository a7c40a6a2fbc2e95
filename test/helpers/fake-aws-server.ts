import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake endpoint received. */
export interface ReceivedRequest {
  /** The signing name of the service, from the Authorization header's credential scope ("sts", "sqs"). */
  readonly service: string;
  /** The API operation (from X-Amz-Target, or the query protocol's Action). */
  readonly operation: string;
  /** The access key the request was signed with. */
  readonly accessKeyId: string;
  /** The JSON body, or the query protocol's form fields. */
  readonly body: Record<string, unknown>;
}

/** A reply: JSON (JSON protocol) or XML text (query protocol), with an optional HTTP status. */
export type Reply = { json: unknown; status?: number } | { xml: string; status?: number };

/** Answers for `service.Operation` keys (signing names: `sts.AssumeRole`, `sqs.GetQueueAttributes`). */
export type Routes = Record<string, (body: Record<string, unknown>, request: ReceivedRequest) => Reply>;

/**
 * An AWS-compatible endpoint on 127.0.0.1 for the real SDK, speaking the JSON protocol (SQS, ...) and
 * the query protocol (STS, SNS), so built bundles and the CLI run end to end with no AWS account.
 */
export async function startFakeAws(routes: Routes): Promise<{
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}> {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const scope = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(
        String(req.headers.authorization ?? ''),
      );
      const target = String(req.headers['x-amz-target'] ?? '');
      const json = target !== '';
      const body: Record<string, unknown> = json
        ? (JSON.parse(text || '{}') as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(text));
      const request: ReceivedRequest = {
        service: scope?.[2] ?? '',
        operation: json ? target.slice(target.lastIndexOf('.') + 1) : String(body.Action ?? ''),
        accessKeyId: scope?.[1] ?? '',
        body,
      };
      received.push(request);
      const route = routes[`${request.service}.${request.operation}`];
      const reply: Reply = route
        ? route(body, request)
        : {
            json: {
              __type: 'UnknownOperationException',
              message: `no route for ${request.service}.${request.operation}`,
            },
            status: 400,
          };
      res.statusCode = reply.status ?? 200;
      if ('json' in reply) {
        res.setHeader('content-type', 'application/x-amz-json-1.0');
        res.end(JSON.stringify(reply.json));
      } else {
        res.setHeader('content-type', 'text/xml');
        res.end(reply.xml);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** STS's AssumeRole answer, with credentials named after `accessKeyId`, valid for an hour. */
export function assumeRoleReply(accessKeyId: string, roleArn: string): Reply {
  const expiration = new Date(Date.now() + 3600_000).toISOString();
  return {
    xml: `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>${roleArn}/session</Arn><AssumedRoleId>AROAFAKE:session</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  };
}

/** SendMessageBatch as SQS answers it when it takes every entry (with the MD5 the SDK checks). */
export function acceptBatchReply(body: Record<string, unknown>): Reply {
  const entries = body.Entries as { Id: string; MessageBody: string }[];
  return {
    json: {
      Successful: entries.map((e) => ({
        Id: e.Id,
        MessageId: `msg-${e.Id}`,
        MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex'),
      })),
      Failed: [],
    },
  };
}
