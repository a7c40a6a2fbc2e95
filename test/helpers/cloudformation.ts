/**
 * A small evaluator of CloudFormation's intrinsic functions, enough for the templates of
 * src/components/member-templates.ts: Ref (parameters, pseudo parameters, AWS::NoValue), Fn::If on the
 * template's conditions, Fn::Not, Fn::Equals, Fn::Sub and Fn::GetAtt (to a value given per resource).
 * It lets a test compare what a stack would create with what a component creates.
 */
export interface StackContext {
  readonly parameters: Record<string, unknown>;
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  /** `<LogicalId>.<Attribute>` -> its value. */
  readonly attributes?: Record<string, unknown>;
}

const NO_VALUE = Symbol('AWS::NoValue');

export function resolveIn(template: { Conditions?: Record<string, unknown> }, context: StackContext) {
  const refs: Record<string, unknown> = {
    ...context.parameters,
    'AWS::AccountId': context.account,
    'AWS::Region': context.region,
    'AWS::Partition': context.partition ?? 'aws',
  };
  const conditions = template.Conditions ?? {};
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      if (fn === 'Ref') {
        if (arg === 'AWS::NoValue') return NO_VALUE;
        if (!(String(arg) in refs)) throw new Error(`Ref to an unknown ${String(arg)}`);
        return refs[String(arg)];
      }
      if (fn === 'Fn::If') {
        const [name, yes, no] = arg as [string, unknown, unknown];
        if (!(name in conditions)) throw new Error(`Fn::If on an unknown condition ${name}`);
        return resolve(resolve(conditions[name]) ? yes : no);
      }
      if (fn === 'Fn::Not') return !resolve((arg as unknown[])[0]);
      if (fn === 'Fn::Equals') {
        const [a, b] = (arg as unknown[]).map(resolve);
        return JSON.stringify(a) === JSON.stringify(b);
      }
      if (fn === 'Fn::Sub') {
        return String(arg).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (!(name in refs)) throw new Error(`Fn::Sub of an unknown ${name}`);
          return String(refs[name]);
        });
      }
      if (fn === 'Fn::GetAtt') {
        const key = (arg as string[]).join('.');
        if (!(key in (context.attributes ?? {}))) throw new Error(`Fn::GetAtt of an unknown ${key}`);
        return context.attributes![key];
      }
    }
    return Object.fromEntries(
      entries.map(([k, v]) => [k, resolve(v)] as const).filter(([, v]) => v !== NO_VALUE),
    );
  };
  return resolve;
}
