import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
  request,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One API call that went through the endpoint. */
export interface ApiCall {
  /** The signing name of the service: "sqs", "s3", "ec2", "iam", "sts"... */
  readonly service: string;
  /** The operation (query and JSON protocols), or "<METHOD> <path>" (REST: S3, Lambda). */
  readonly operation: string;
  /** Whether the call may change something (any operation but a read, and STS). */
  readonly write: boolean;
}

const READ = /^(Describe|Get|List|Head|Receive|BatchGet|Scan|Query)/;

function classify(service: string, method: string, headers: IncomingHttpHeaders, body: string): ApiCall {
  const target = headers['x-amz-target'];
  let operation: string;
  if (typeof target === 'string') operation = target.slice(target.lastIndexOf('.') + 1);
  else if (/^Action=/.test(body) || body.includes('&Action='))
    operation = new URLSearchParams(body).get('Action') ?? '';
  else operation = '';
  if (operation === '') {
    // REST protocols (S3, Lambda): the method says whether it reads.
    return { service, operation: method, write: !['GET', 'HEAD'].includes(method) };
  }
  return { service, operation, write: service !== 'sts' && !READ.test(operation) };
}

/**
 * moto's ModifySnapshotAttribute reads only the request form with `OperationType`, `UserId.N` and
 * `UserGroup.N`, and silently ignores the other documented form, `CreateVolumePermission.Add|Remove.N`,
 * which the package sends. This rewrites the second form into the first (same meaning on AWS), so the
 * fix is judged by what the server then holds.
 */
export function rewriteSnapshotPermission(body: string): string | undefined {
  const params = new URLSearchParams(body);
  if (params.get('Action') !== 'ModifySnapshotAttribute') return undefined;
  const entries = [...params.entries()].filter(([k]) => k.startsWith('CreateVolumePermission.'));
  const operations = new Set(entries.map(([k]) => k.split('.')[1]));
  if (entries.length === 0 || operations.size !== 1) return undefined;
  const out = new URLSearchParams();
  for (const [k, v] of params.entries()) if (!k.startsWith('CreateVolumePermission.')) out.append(k, v);
  out.set('OperationType', [...operations][0] === 'Add' ? 'add' : 'remove');
  let groups = 0;
  let users = 0;
  for (const [k, v] of entries) {
    if (k.endsWith('.Group')) out.append(`UserGroup.${++groups}`, v);
    else if (k.endsWith('.UserId')) out.append(`UserId.${++users}`, v);
  }
  return out.toString();
}

/**
 * moto compares the `RevisionId` query parameter of RemovePermission and RemoveLayerVersionPermission,
 * which it reads as a list, to the policy's revision, a string: the call fails with
 * PreconditionFailedException whatever the revision. This drops the parameter from the path (the
 * package's use of it is covered by the unit tests).
 */
export function dropRemovePermissionRevision(method: string, path: string): string | undefined {
  const permission =
    /^\/2015-03-31\/functions\/[^/]+\/policy\/[^/?]+\?/.test(path) ||
    /^\/2018-10-31\/layers\/[^/]+\/versions\/\d+\/policy\/[^/?]+\?/.test(path);
  if (method !== 'DELETE' || !permission) return undefined;
  const [base, query] = path.split('?', 2) as [string, string];
  const params = new URLSearchParams(query);
  if (!params.has('RevisionId')) return undefined;
  params.delete('RevisionId');
  const rest = params.toString();
  return rest ? `${base}?${rest}` : base;
}

/**
 * A pass-through endpoint in front of the moto server: every call the package (and the suite) makes
 * goes through it, so a test can assert which calls were sent (a dry run sends no write). It also
 * bridges one request form moto does not read ({@link rewriteSnapshotPermission}).
 */
export class Endpoint {
  readonly calls: ApiCall[] = [];
  /** Requests rewritten for moto, by the function that rewrote them. */
  readonly rewrites = new Map<string, number>();

  private readonly server: Server;
  private port = 0;

  private constructor(private readonly upstream: URL) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.forward(req, res, Buffer.concat(chunks)));
    });
  }

  /** Starts an endpoint on a free loopback port that forwards to `target`. */
  static async start(target: string): Promise<Endpoint> {
    const endpoint = new Endpoint(new URL(target));
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    endpoint.port = (endpoint.server.address() as AddressInfo).port;
    return endpoint;
  }

  /** The AWS_ENDPOINT_URL of everything that should go through it. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private forward(req: IncomingMessage, res: ServerResponse, received: Buffer) {
    let body = received;
    const text = body.toString('utf8');
    const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(
      String(req.headers.authorization ?? ''),
    )?.[1];
    const call = classify(service ?? '', req.method ?? 'GET', req.headers, text);
    this.calls.push(call);
    const rewritten =
      call.operation === 'ModifySnapshotAttribute' ? rewriteSnapshotPermission(text) : undefined;
    if (rewritten !== undefined) {
      this.count(rewriteSnapshotPermission.name);
      body = Buffer.from(rewritten);
    }
    let path = req.url ?? '/';
    const shorter = service === 'lambda' ? dropRemovePermissionRevision(req.method ?? '', path) : undefined;
    if (shorter !== undefined) {
      this.count(dropRemovePermissionRevision.name);
      path = shorter;
    }
    const headers = { ...req.headers, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const upstream = request(
      { host: this.upstream.hostname, port: this.upstream.port, method: req.method, path, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`endpoint: ${error.message}`);
    });
    upstream.end(body);
  }

  /** The write calls since the last {@link clear}, as "service.Operation". */
  writes(): string[] {
    return this.calls.filter((c) => c.write).map((c) => `${c.service}.${c.operation}`);
  }

  clear(): void {
    this.calls.length = 0;
    this.rewrites.clear();
  }

  private count(rewrite: string): void {
    this.rewrites.set(rewrite, (this.rewrites.get(rewrite) ?? 0) + 1);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
