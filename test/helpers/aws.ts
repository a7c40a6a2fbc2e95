import type { ClientClass, ClientSource } from '../../src/runtime/aws/clients';
import type { ResolvedSettings } from '../../src/runtime/contracts/settings';

/** One command a fake client received. */
export interface SentCommand {
  /** The service id the code asked for ("SQS", "S3", "EC2", ...). */
  readonly service: string;
  /** The API operation ("GetQueueAttributes"), from the command class. */
  readonly operation: string;
  readonly account: string;
  readonly region: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly input: any;
}

/** Answers one operation: a response object, or a function of the input that returns or throws. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Responder = object | ((input: any, call: SentCommand) => unknown);

/** Responders keyed by `Service.Operation`, e.g. `"SQS.GetQueueAttributes"`. */
export type World = Record<string, Responder>;

/** Operations that only read (the member role always may call them). */
export function isReadOperation(operation: string): boolean {
  return /^(Get|Describe|List|Head|Check)/.test(operation);
}

/** An error shaped like the SDK's service exceptions: `name` is the error code. */
export function awsError(name: string, message = `${name} (stub)`, httpStatusCode = 400): Error {
  const error = new Error(message) as Error & Record<string, unknown>;
  error.name = name;
  error.$fault = httpStatusCode >= 500 ? 'server' : 'client';
  error.$metadata = { httpStatusCode, requestId: 'stub-request' };
  return error;
}

/** A copy without the keys whose value is undefined (the SDK paginators set unused tokens so). */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object' || value instanceof Date || ArrayBuffer.isView(value)) {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  );
}

/** Every FakeAws made while a test runs, with the settings it served (see test/hooks.ts). */
export const watched: { aws: FakeAws; settings: ResolvedSettings }[] = [];

/**
 * A fake of every AWS service the runtime calls: clients whose `send` records the command and answers
 * from a {@link World}. An operation without a responder fails the call, so a test cannot pass by
 * accident on an unexpected request.
 */
export class FakeAws implements ClientSource {
  readonly sent: SentCommand[] = [];
  private readonly world: World;

  constructor(
    world: World = {},
    private readonly hooks: { beforeSend?: (account: string, region: string) => Promise<void> } = {},
  ) {
    this.world = { ...world };
  }

  /** Adds or replaces responders. */
  on(world: World): this {
    Object.assign(this.world, world);
    return this;
  }

  get<C>(Client: ClientClass<C>, service: string, account: string, region: string): C {
    const send = async (command: { input: unknown; constructor: { name: string } }) => {
      await this.hooks.beforeSend?.(account, region);
      const operation = command.constructor.name.replace(/Command$/, '');
      const call: SentCommand = {
        service,
        operation,
        account,
        region,
        input: withoutUndefined(command.input),
      };
      this.sent.push(call);
      const responder = this.world[`${service}.${operation}`];
      if (responder === undefined) throw new Error(`FakeAws: no responder for ${service}.${operation}`);
      const output =
        typeof responder === 'function' ? await responder(call.input, call) : structuredClone(responder);
      return { $metadata: { httpStatusCode: 200 }, ...(output as object) };
    };
    // An instance of the real client class (the SDK paginators check it), whose send is the fake's.
    const client = Object.create(Client.prototype) as { send: typeof send };
    client.send = send;
    return client as unknown as C;
  }

  /** Commands sent, optionally only those of `Service.Operation`. */
  calls(key?: string): SentCommand[] {
    return key ? this.sent.filter((c) => `${c.service}.${c.operation}` === key) : [...this.sent];
  }

  /** The inputs of every `Service.Operation` command. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inputs(key: string): any[] {
    return this.calls(key).map((c) => c.input);
  }

  /** Commands that change something. */
  writes(): SentCommand[] {
    return this.sent.filter((c) => !isReadOperation(c.operation));
  }
}

/** The IAM action an SDK command needs (`S3.GetBucketAcl` -> `s3:GetBucketAcl`). */
export function iamActionOf(call: Pick<SentCommand, 'service' | 'operation'>): string {
  const prefix: Record<string, string> = {
    SQS: 'sqs',
    S3: 's3',
    EC2: 'ec2',
    RDS: 'rds',
    Lambda: 'lambda',
    IAM: 'iam',
    KMS: 'kms',
    Organizations: 'organizations',
    STS: 'sts',
    SNS: 'sns',
    Redshift: 'redshift',
    ECS: 'ecs',
    'Elastic Load Balancing': 'elasticloadbalancing',
    'Elastic Load Balancing v2': 'elasticloadbalancing',
    GuardDuty: 'guardduty',
    'Config Service': 'config',
    CloudTrail: 'cloudtrail',
    AccessAnalyzer: 'access-analyzer',
    SecurityHub: 'securityhub',
    'Secrets Manager': 'secretsmanager',
    ECR: 'ecr',
    EFS: 'elasticfilesystem',
    OpenSearch: 'es',
    'S3 Control': 's3',
    DynamoDB: 'dynamodb',
  };
  // Operations whose IAM action has another name.
  const renamed: Record<string, string> = {
    'S3.ListBuckets': 's3:ListAllMyBuckets',
    'S3 Control.GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  };
  const known = renamed[`${call.service}.${call.operation}`];
  if (known) return known;
  const service = prefix[call.service];
  if (!service) throw new Error(`iamActionOf: no IAM prefix known for service ${call.service}`);
  return `${service}:${call.operation}`;
}
