import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { RemediationError } from '../runtime/errors';
import { DEFAULT_ENABLED_REGIONS } from '../runtime/contracts/regions';
import type { CommandIO } from './io';

/** The package's root (this file is dist/cli/preview.js, or src/cli/preview.ts under tsx). */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

/** The name programs import the package by. */
const PACKAGE_NAME = 'pulumi-aws-remediation';

/** The example programs `preview` evaluates by default. */
export const DEFAULT_PROGRAMS = [
  'examples/master',
  'examples/member',
  'examples/organization',
  'examples/misconfiguration-maker',
  '.',
];

/** Regions the stand-in master stack of a member program has buses in. */
const PREVIEW_REGIONS = DEFAULT_ENABLED_REGIONS;

/** The parts of the mock monitor's RegisterResource request that preview reads. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
}

/**
 * The `type::name` of the resource a URN names (`urn:pulumi:stack::project::parent$type::name`), or
 * undefined for none or the stack itself.
 */
export function urnResource(urn: string | undefined): string | undefined {
  const parts = (urn ?? '').split('::');
  if (parts.length < 4) return undefined;
  const type = parts[2]!.split('$').pop()!;
  return type === 'pulumi:pulumi:Stack' ? undefined : `${type}::${parts.slice(3).join('::')}`;
}

/** What a program would deploy: its project and the resources it registered. */
interface Plan {
  readonly project: string;
  readonly resources: PlannedResource[];
}

/** A resource the program registered, as the mock runtime saw it. */
interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly inputs: Record<string, unknown>;
}

/** Inputs that hold IAM policy or trust documents (or templates of them), by resource type. */
const POLICY_INPUTS: Record<string, string> = {
  'aws:iam/role:Role': 'assumeRolePolicy',
  'aws:iam/rolePolicy:RolePolicy': 'policy',
  'aws:cloudwatch/eventBusPolicy:EventBusPolicy': 'policy',
  'aws:sqs/queuePolicy:QueuePolicy': 'policy',
  'aws:s3/bucketPolicy:BucketPolicy': 'policy',
  'aws:kms/key:Key': 'policy',
  // The CloudFormation template a stack set deploys: the member role's documents, or the forwarder's.
  'aws:cloudformation/stackSet:StackSet': 'templateBody',
};

/** Why a program could not be previewed, in one line that says what to do. */
export class PreviewError extends RemediationError {
  constructor(message: string) {
    super(message);
    this.name = 'PreviewError';
  }
}

/** The programs to evaluate: those named (relative to `cwd`), else the examples of a checkout, else `cwd`. */
export function previewTargets(
  programs: readonly string[],
  cwd = process.cwd(),
): { label: string; dir: string }[] {
  if (programs.length > 0) return programs.map((label) => ({ label, dir: resolve(cwd, label) }));
  // An installed package has no examples: preview the program in the current folder.
  if (!existsSync(join(PACKAGE_ROOT, 'examples'))) return [{ label: '.', dir: cwd }];
  return DEFAULT_PROGRAMS.map((label) => ({ label, dir: resolve(PACKAGE_ROOT, label) }));
}

/**
 * `aws-remediation preview [programs...]`: evaluates each Pulumi program under Pulumi's mock runtime,
 * offline, with its stack configuration, and prints the plan: every resource with its type, name and
 * parent, the IAM policy and trust documents, and the event patterns. Each program runs in a child
 * process in its own folder, so their Pulumi runtimes do not mix. A program that cannot be evaluated
 * is reported in one line, and the command exits 2 once the others are printed.
 */
export async function runPreview(
  io: CommandIO,
  programs: readonly string[],
  options: { json?: boolean; stack?: string; cwd?: string } = {},
): Promise<number> {
  let failed = 0;
  // The built CLI beside this file, or whatever runs this command (src/cli/index.ts under tsx).
  const builtCli = join(__dirname, 'index.js');
  const cli = existsSync(builtCli) ? builtCli : resolve(process.argv[1] ?? builtCli);
  for (const { label, dir } of previewTargets(programs, options.cwd)) {
    const result = await new Promise<{ code: number | null; output: string; plan?: Plan }>((done) => {
      const child = spawn(
        process.execPath,
        [cli, 'preview-one', dir, ...(options.stack ? ['--stack', options.stack] : [])],
        {
          // A program runs in its own folder, as `pulumi up` runs it (relative paths, its tsconfig.json).
          cwd: existsSync(dir) ? dir : undefined,
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          // The plan comes back over the IPC channel: stdout and stderr are the program's own.
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        },
      );
      let output = '';
      let plan: Plan | undefined;
      child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
      child.on('message', (message) => (plan = message as Plan));
      child.on('error', (error) => done({ code: null, output: `aws-remediation: ${error.message}` }));
      child.on('close', (code) => done({ code, output, ...(plan ? { plan } : {}) }));
    });
    if (result.code !== 0 || !result.plan) {
      failed += 1;
      io.stderr.write(`aws-remediation: preview ${label}: ${childFailure(result.code, result.output)}\n`);
      continue;
    }
    // What the program printed itself.
    if (result.output !== '') io.stderr.write(result.output);
    const plan = result.plan;
    io.stdout.write(
      options.json
        ? `${JSON.stringify({ program: label, ...plan })}\n`
        : renderPlan(label, plan.project, plan.resources),
    );
  }
  return failed > 0 ? 2 : 0;
}

/** What a failed child said: its `aws-remediation:` line, or else its first line that is no stack frame. */
function childFailure(code: number | null, output: string): string {
  const lines = output.split('\n').map((l) => l.trim());
  const own = lines.findLast((l) => l.startsWith('aws-remediation: '));
  if (own) return own.slice('aws-remediation: '.length);
  const first = lines.find((l) => l !== '' && !l.startsWith('at '));
  if (code === 0) return `the program ended before its resources were registered${first ? `: ${first}` : ''}`;
  return `the program stopped (exit code ${code ?? 'none'})${first ? `: ${first}` : ''}`;
}

/** The plan as text: a tree of resources, then the policy documents and event patterns. */
export function renderPlan(program: string, project: string, resources: readonly PlannedResource[]): string {
  const lines = [`== ${program} (project ${project}): ${resources.length} resources`, ''];
  const children = new Map<string, PlannedResource[]>();
  for (const r of resources) children.set(r.parent ?? '', [...(children.get(r.parent ?? '') ?? []), r]);
  const walk = (parent: string, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      lines.push(`${'  '.repeat(depth)}${r.type}  ${r.name}`);
      walk(`${r.type}::${r.name}`, depth + 1);
    }
  };
  walk('', 0);
  lines.push('', 'IAM policy and trust documents (and stack set templates):');
  for (const r of resources) {
    const field = POLICY_INPUTS[r.type];
    const text = field ? r.inputs[field] : undefined;
    if (typeof text !== 'string') continue;
    lines.push(`-- ${r.name} (${r.type}, ${field})`, indent(prettyJson(text)));
  }
  const patterns = new Map<string, string[]>();
  for (const r of resources) {
    const pattern = r.type === 'aws:cloudwatch/eventRule:EventRule' ? r.inputs.eventPattern : undefined;
    if (typeof pattern === 'string') patterns.set(pattern, [...(patterns.get(pattern) ?? []), r.name]);
  }
  if (patterns.size > 0) lines.push('', 'Event patterns:');
  for (const [pattern, rules] of patterns) {
    lines.push(`-- used by ${rules.join(', ')}`, indent(prettyJson(pattern)));
  }
  return `${lines.join('\n')}\n\n`;
}

/** A JSON document indented, or the text as it is when it is not JSON. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');

/** A Pulumi program as `preview` runs it: project, stack, entry point and stack configuration. */
interface ProgramSetup {
  readonly project: string;
  readonly stack: string;
  readonly main: string;
  readonly config: Record<string, string>;
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PreviewError(`${file} is not valid YAML: ${oneLine((error as Error).message)}`);
  }
}

/** The program in `dir`: its Pulumi.yaml, and the configuration of `stack` (Pulumi.<stack>.yaml). */
export function programSetup(dir: string, stack?: string): ProgramSetup {
  if (!existsSync(dir)) throw new PreviewError(`${dir} does not exist`);
  const projectFile = ['Pulumi.yaml', 'Pulumi.yml'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!projectFile) throw new PreviewError(`${dir} is not a Pulumi program: it has no Pulumi.yaml`);
  const project = readYaml(projectFile) as { name?: unknown; main?: unknown } | null;
  if (typeof project?.name !== 'string' || project.name === '')
    throw new PreviewError(`${projectFile} names no project: add \`name: <project>\``);
  const stacks = readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
  let chosen = stack;
  if (chosen === undefined) {
    if (stacks.includes('example') || stacks.length === 0) chosen = 'example';
    else if (stacks.length === 1) chosen = stacks[0]!;
    else
      throw new PreviewError(
        `${dir} has the stacks ${stacks.join(', ')}: choose one with --stack (its Pulumi.<stack>.yaml is the configuration)`,
      );
  } else if (!stacks.includes(chosen)) {
    throw new PreviewError(
      `${dir} has no Pulumi.${chosen}.yaml${stacks.length > 0 ? ` (its stacks: ${stacks.join(', ')})` : ''}`,
    );
  }
  const stackFile = ['yaml', 'yml'].map((e) => join(dir, `Pulumi.${chosen}.${e}`)).find((f) => existsSync(f));
  const values = stackFile
    ? ((readYaml(stackFile) as { config?: Record<string, unknown> } | null)?.config ?? {})
    : {};
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    config[key.includes(':') ? key : `${project.name}:${key}`] =
      typeof value === 'string' ? value : JSON.stringify(value);
  }
  const main = resolve(dir, typeof project.main === 'string' ? project.main : '.');
  return { project: project.name, stack: chosen, main, config };
}

/** The dependencies a program declares (and @pulumi/pulumi, which preview needs) not installed for it. */
export function missingDependencies(dir: string, except: readonly string[] = []): string[] {
  const manifest = join(dir, 'package.json');
  let declared: string[] = [];
  if (existsSync(manifest)) {
    try {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
      declared = Object.keys(pkg.dependencies ?? {});
    } catch (error) {
      throw new PreviewError(`${manifest} is not valid JSON: ${oneLine((error as Error).message)}`);
    }
  }
  const requireFromProgram = createRequire(manifest);
  return [...new Set(['@pulumi/pulumi', ...declared])].filter((name) => {
    if (except.includes(name)) return false;
    try {
      requireFromProgram.resolve(name);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
    }
  });
}

/**
 * A hint for local dependencies (`file:../..`, as the repository's examples have) that do not lead to
 * the package any more, as in a copy of an example taken out of the repository.
 */
function misplacedLocalDependencies(dir: string, missing: readonly string[]): string {
  let specs: Record<string, string> = {};
  try {
    specs =
      (
        JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          dependencies?: Record<string, string>;
        }
      ).dependencies ?? {};
  } catch {
    return '';
  }
  const misplaced = missing.filter((name) => {
    const spec = specs[name];
    const path =
      spec && /^(file|link):/.test(spec) ? resolve(dir, spec.replace(/^(file|link):/, '')) : undefined;
    if (path === undefined || /\.t?gz$/.test(path)) return false;
    try {
      return (
        (JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { name?: string }).name !== name
      );
    } catch {
      return true;
    }
  });
  return misplaced.length === 0
    ? ''
    : `, after pointing ${misplaced.map((n) => `${n} (${specs[n]})`).join(', ')} in its package.json at a version or at where the package is`;
}

/** Several lines (a validation error's list, an esbuild report) as one. */
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim().replace(/^- /, ''))
    .filter((l) => l !== '')
    .map((l, i, all) => (i < all.length - 1 && !l.endsWith(':') ? `${l};` : l))
    .join(' ');
}

/** What went wrong in a program, as one line that says what to change (no stack trace). */
export function describeFailure(error: unknown, dir: string, stack = 'example'): string {
  if (error instanceof PreviewError) return error.message;
  if (!(error instanceof Error)) return `the program failed: ${oneLine(String(error))}`;
  const e = error as Error & {
    code?: string;
    resource?: { __pulumiType?: string; __name?: string };
    __pulumResourceError?: boolean;
  };
  if (e.code === 'MODULE_NOT_FOUND') {
    const name = /Cannot find module '([^']+)'/.exec(e.message)?.[1];
    if (name && !name.startsWith('.') && !isAbsolute(name)) {
      return `cannot find the module ${name}: run \`npm install\` in ${dir} (and add ${name} to its package.json if it is not there)`;
    }
    return oneLine(e.message.split('\nRequire stack:')[0] ?? e.message);
  }
  // A component rejected its arguments (bad settings, a missing argument): name it and say why.
  if (e.__pulumResourceError && e.resource?.__pulumiType) {
    return `${e.resource.__pulumiType} "${e.resource.__name ?? ''}": ${oneLine(e.message)}`;
  }
  if (error instanceof RemediationError) return oneLine(error.message);
  const key = /^Missing required configuration variable '([^']+)'/.exec(e.message)?.[1];
  if (key) {
    return `the program needs the configuration value ${key}: set it under config: in ${join(dir, `Pulumi.${stack}.yaml`)}, or choose another stack with --stack`;
  }
  // Anything else (a TypeError in the program, a syntax error): the message and where in the program.
  const where = (e.stack ?? '')
    .split('\n')
    .map((l) => /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):\d+\)?$/.exec(l.trim()))
    .find((m) => m && !m[1]!.includes(`${sep}node_modules${sep}`) && m[1]!.startsWith(dir));
  const at = where ? ` (at ${relative(dir, where[1]!) || where[1]}:${where[2]})` : '';
  return `${e.name === 'Error' ? '' : `${e.name}: `}${oneLine(e.message)}${at}`;
}

/** Writes the failure line, and ends the process with exit code 2 once it is written. */
async function failWith(io: CommandIO, error: unknown, dir: string, stack?: string): Promise<never> {
  const line = `aws-remediation: ${describeFailure(error, dir, stack)}\n`;
  await new Promise<void>((done) => io.stderr.write(line, () => done()));
  process.exit(2);
}

/** Pulumi's marker of a secret value in the inputs the mocks see. */
const SECRET_SIGNATURE = '1b47061264138c4ac30d75fd1eb44270';

/**
 * The inputs with each secret replaced by its value: the preview shows what the program would deploy,
 * from the program's own configuration (the state would keep them encrypted).
 */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record['4dabf18193072939515e22adb298388d'] === SECRET_SIGNATURE) return unwrapSecrets(record.value);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
}

/**
 * Evaluates one program under the mock runtime and sends its plan to {@link runPreview}, whose child
 * this is (run alone, it writes the plan as JSON to stdout). Any failure is one line on stderr and
 * exit code 2.
 */
export async function previewOne(
  io: CommandIO,
  dir: string,
  options: { stack?: string } = {},
): Promise<number> {
  let stack = options.stack;
  const fail = (error: unknown) => failWith(io, error, dir, stack);
  // A program's outputs fail asynchronously (a component rejecting an argument inside an apply).
  process.on('unhandledRejection', (reason) => void fail(reason));
  process.on('uncaughtException', (error) => void fail(error));
  try {
    const setup = programSetup(dir, options.stack);
    stack = setup.stack;
    return await evaluate(io, dir, setup);
  } catch (error) {
    return fail(error);
  }
}

async function evaluate(io: CommandIO, dir: string, setup: ProgramSetup): Promise<number> {
  const { project, stack: stackName, main, config } = setup;
  // The repository's examples import the package by name, as a user's program does; in a checkout that
  // name is this package. Anywhere else the program installs it like any other dependency.
  const inCheckout =
    !relative(PACKAGE_ROOT, dir).startsWith('..') && !isAbsolute(relative(PACKAGE_ROOT, dir));
  const missing = missingDependencies(dir, inCheckout ? [PACKAGE_NAME] : []);
  if (missing.length > 0) {
    throw new PreviewError(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed for ${dir}: run \`npm install\` there first${misplacedLocalDependencies(dir, missing)}`,
    );
  }
  // The programs are TypeScript: load them with tsx.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('tsx/cjs/api') as { register: () => void }).register();
  if (inCheckout) {
    const moduleWithResolver = Module as unknown as {
      _resolveFilename: (request: string, ...rest: unknown[]) => string;
    };
    const resolveFilename = moduleWithResolver._resolveFilename;
    moduleWithResolver._resolveFilename = (request: string, ...rest: unknown[]) =>
      resolveFilename(request === PACKAGE_NAME ? PACKAGE_ROOT : request, ...rest);
  }
  // The program's own @pulumi/pulumi, which its components use too: the mocks must be set on that one.
  const pulumi = createRequire(join(dir, 'package.json'))(
    '@pulumi/pulumi',
  ) as typeof import('@pulumi/pulumi');
  const resources: PlannedResource[] = [];
  process.env.PULUMI_CONFIG = JSON.stringify(config);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = unwrapSecrets(args.inputs) as Record<string, unknown>;
        const name = typeof inputs.name === 'string' ? inputs.name : `${args.name}-abc123`;
        const region = typeof inputs.region === 'string' ? inputs.region : 'eu-west-1';
        const account = '123456789012';
        resources.push({ type: args.type, name: args.name, inputs });
        const state: Record<string, unknown> = {
          ...inputs,
          name,
          arn: `arn:aws:${args.type.split(':')[1]?.split('/')[0]}:${region}:${account}:${name}`,
        };
        if (args.type === 'aws:iam/role:Role') state.arn = `arn:aws:iam::${account}:role/${name}`;
        if (args.type === 'aws:sqs/queue:Queue')
          state.url = `https://sqs.${region}.amazonaws.com/${account}/${name}`;
        if (args.type === 'pulumi:pulumi:StackReference') {
          state.outputs = {
            memberTrustRoleArns: ['remediator', 'poll-worker', 'poll-planner'].map(
              (fn) => `arn:aws:iam::${account}:role/remediation-${fn}-abc123`,
            ),
            eventBusArns: Object.fromEntries(
              PREVIEW_REGIONS.map((r) => [
                r,
                `arn:aws:events:${r}:${account}:event-bus/remediation-bus-${r}`,
              ]),
            ),
          };
        }
        return { id: `${name}-id`, state };
      },
      call(args) {
        if (args.token === 'aws:index/getPartition:getPartition')
          return { partition: 'aws', dnsSuffix: 'amazonaws.com' };
        if (args.token === 'aws:index/getCallerIdentity:getCallerIdentity')
          return { accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/preview', userId: 'AIDA' };
        return {};
      },
    },
    project,
    stackName,
    false,
  );
  // The mocks are not told a resource's parent; the mock monitor's requests carry the parent's URN.
  const parents = new Map<string, string>();
  const monitor = pulumi.runtime.getMonitor() as unknown as
    { registerResource?: (request: RegisterRequest, ...rest: unknown[]) => unknown } | undefined;
  const register = monitor?.registerResource?.bind(monitor);
  if (monitor && register) {
    monitor.registerResource = (request: RegisterRequest, ...rest: unknown[]) => {
      const parent = urnResource(request.getParent());
      if (parent) parents.set(`${request.getType()}::${request.getName()}`, parent);
      return register(request, ...rest);
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(main);
  // The program registers its resources asynchronously: wait until no new one comes.
  let seen = -1;
  while (seen !== resources.length) {
    seen = resources.length;
    await new Promise((r) => setTimeout(r, 300));
  }
  const components = resources.filter(
    (r) => !r.type.startsWith('aws:') && r.type !== 'pulumi:pulumi:StackReference',
  );
  const withParents = resources.map((r) => {
    if (register) {
      const parent = parents.get(`${r.type}::${r.name}`);
      return parent ? { ...r, parent } : r;
    }
    // Without the monitor's requests: children are named after their component, the longest
    // component name that prefixes this one.
    const parent = components
      .filter((c) => c !== r && r.name.startsWith(`${c.name}-`))
      .sort((a, b) => b.name.length - a.name.length)[0];
    return parent ? { ...r, parent: `${parent.type}::${parent.name}` } : r;
  });
  const plan: Plan = { project, resources: withParents };
  const send = process.send?.bind(process);
  if (!send) {
    io.stdout.write(JSON.stringify(plan));
    return 0;
  }
  await new Promise<void>((done, fail) =>
    send(plan, undefined, {}, (error) => (error ? fail(error) : done())),
  );
  process.disconnect();
  return 0;
}
