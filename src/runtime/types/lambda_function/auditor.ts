import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  LambdaClient,
  ListTagsCommand,
  RemovePermissionCommand,
  paginateListAliases,
} from '@aws-sdk/client-lambda';
import { isAwsError, unless } from '../../aws/errors';
import {
  parsePolicy,
  plural,
  samePolicyText,
  serializePolicy,
  statementLabels,
  withStatements,
} from '../../policy/document';
import {
  confirmWithAccessAnalyzer,
  grantee,
  judgeResourcePolicy,
  unknownGrants,
} from '../../auditors/policy';
import { ConcurrentChangeError, PartialFixError } from '../../errors';
import { type Auditor, GONE, type Violation, Fixed } from '../../auditors/types';
import { isAre, noun } from '../../text';

/** A function's own policy, or an alias's (a public function URL can sit on an alias). */
interface Scope {
  /** The alias name; undefined for the unqualified function. */
  readonly qualifier?: string;
  readonly policy: string;
  readonly revisionId?: string;
}

/**
 * Lambda functions (id: the function name): no permission, on the function or any of its aliases,
 * lets anyone invoke the function (including a function URL without authentication), unless a
 * condition pins the caller to known accounts.
 */
export const auditor: Auditor = {
  type: 'lambda_function',

  async inspect(resource, ctx) {
    const lambda = ctx.client(LambdaClient, 'Lambda');
    const FunctionName = resource.id;
    const configuration = await unless(
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName })),
      ['ResourceNotFoundException'],
      undefined,
    );
    if (!configuration) return GONE;
    const functionArn = configuration.FunctionArn;
    const policyOf = async (qualifier?: string): Promise<Scope | undefined> => {
      const input = { FunctionName, ...(qualifier ? { Qualifier: qualifier } : {}) };
      // No permission at all means no policy: nothing public.
      const output = await unless(
        lambda.send(new GetPolicyCommand(input)),
        ['ResourceNotFoundException'],
        undefined,
      );
      return output?.Policy ? { qualifier, policy: output.Policy, revisionId: output.RevisionId } : undefined;
    };
    const aliases: string[] = [];
    for await (const page of paginateListAliases({ client: lambda }, { FunctionName })) {
      for (const alias of page.Aliases ?? []) if (alias.Name) aliases.push(alias.Name);
    }
    const [scopes, tags] = await Promise.all([
      Promise.all([policyOf(), ...aliases.map((a) => policyOf(a))]),
      functionArn
        ? lambda.send(new ListTagsCommand({ Resource: functionArn })).then((r) => r.Tags ?? {})
        : Promise.resolve({}),
    ]);

    /**
     * Removes permissions by Sid, the first of each policy on the revision given (unchanged since it
     * was read): PreconditionFailed before any removal is a concurrent change, any failure after one a
     * partial fix whose `before` is kept.
     */
    const removePermissions = async (
      permissions: readonly { scope: Scope; sid: string }[],
      revisionOf: (scope: Scope) => string | undefined,
      before: unknown,
      what: string,
    ) => {
      const removed = new Set<Scope>();
      try {
        for (const { scope, sid } of permissions) {
          if (!sid) throw new Error(`${what} has no Sid to remove`);
          const RevisionId = removed.has(scope) ? undefined : revisionOf(scope);
          await lambda.send(
            new RemovePermissionCommand({
              FunctionName,
              StatementId: sid,
              ...(scope.qualifier ? { Qualifier: scope.qualifier } : {}),
              ...(RevisionId ? { RevisionId } : {}),
            }),
          );
          removed.add(scope);
        }
      } catch (error) {
        if (isAwsError(error, 'PreconditionFailedException') && removed.size === 0) {
          throw new ConcurrentChangeError('the function policy');
        }
        if (removed.size > 0) throw new PartialFixError(before, error);
        throw error;
      }
    };

    const open: { scope: Scope; sid: string; label: string; reasons: string }[] = [];
    // Per policy: what it is, and what it is once its public permissions are removed.
    const fixed = new Map<Scope, string | undefined>();
    for (const scope of scopes) {
      if (!scope) continue;
      const policy = parsePolicy(scope.policy);
      const verdict = judgeResourcePolicy(policy, resource);
      const publicOnes = policy.Statement.filter((_, i) => verdict.statements[i]?.public);
      if (publicOnes.length === 0) continue;
      const rest = policy.Statement.filter((s) => !publicOnes.includes(s));
      fixed.set(scope, rest.length > 0 ? serializePolicy(withStatements(policy, rest)) : undefined);
      for (const statement of publicOnes) {
        const where = scope.qualifier ? ` on alias ${scope.qualifier}` : '';
        open.push({
          scope,
          sid: typeof statement.Sid === 'string' ? statement.Sid : '',
          label: `${statementLabels([statement], policy)}${where}`,
          reasons: verdict.statements[policy.Statement.indexOf(statement)]!.reasons.join('; '),
        });
      }
    }

    const violations: Violation[] = [];
    if (open.length > 0) {
      violations.push({
        check: 'lambda_function.public',
        message: `Function ${noun(open.length, 'permission')} ${open.map((o) => o.label).join(', ')} ${isAre(open.length)} public: ${open.map((o) => (open.length === 1 ? o.reasons : `${o.label}: ${o.reasons}`)).join('. ')}.`,
        action: `remove ${plural(open.length, 'public permission')} (RemovePermission), keep the others`,
        fix: async () => {
          const before = Object.fromEntries(
            scopes.flatMap((s) => (s ? [[s.qualifier ?? '$function', { Policy: s.policy }]] : [])),
          );
          for (const [scope, after] of fixed) {
            await confirmWithAccessAnalyzer(ctx, resource, scope.policy, after);
          }
          await removePermissions(open, (scope) => scope.revisionId, before, 'a public permission');
          const after = Object.fromEntries(
            scopes.flatMap((s) =>
              s
                ? [[s.qualifier ?? '$function', { Policy: fixed.has(s) ? (fixed.get(s) ?? '') : s.policy }]]
                : [],
            ),
          );
          return new Fixed(before, after);
        },
      });
    }

    // Grants to unknown accounts, judged on each policy as the public fix leaves it. A Lambda
    // permission names one principal (AddPermission), so the fix removes the whole permission.
    const shared: { scope: Scope; sid: string; label: string; ids: readonly string[] }[] = [];
    for (const scope of scopes) {
      if (!scope) continue;
      const left = fixed.has(scope) ? fixed.get(scope) : scope.policy;
      if (!left) continue;
      const policy = parsePolicy(left);
      for (const grant of await unknownGrants(policy, resource, ctx)) {
        const statement = policy.Statement[grant.index]!;
        shared.push({
          scope,
          sid: typeof statement.Sid === 'string' ? statement.Sid : '',
          label: `${grant.statement}${scope.qualifier ? ` on alias ${scope.qualifier}` : ''}`,
          ids: grant.ids,
        });
      }
    }
    if (shared.length > 0) {
      const ids = [...new Set(shared.flatMap((s) => s.ids))];
      violations.push({
        check: 'lambda_function.shared_unknown_account',
        message: `Function ${noun(shared.length, 'permission')} ${shared.map((s) => `${s.label} (${s.ids.map(grantee).join(', ')})`).join(', ')} ${isAre(shared.length)} granted outside the known accounts and organizations.`,
        action: `remove ${plural(shared.length, 'permission')} granting ${ids.map(grantee).join(', ')} (RemovePermission), keep the others`,
        fix: async () => {
          // Read again: each policy must be as audited, or as the public fix left it.
          const now = new Map<Scope, Scope | undefined>();
          for (const scope of new Set(shared.map((s) => s.scope))) {
            const current = await policyOf(scope.qualifier);
            const expected = [scope.policy, fixed.get(scope)];
            if (!current || !expected.some((e) => e !== undefined && samePolicyText(current.policy, e)))
              throw new ConcurrentChangeError('the function policy');
            now.set(scope, current);
          }
          const state = (pick: (scope: Scope) => string) =>
            Object.fromEntries(
              [...now].map(([scope]) => [scope.qualifier ?? '$function', { Policy: pick(scope) }]),
            );
          const before = state((s) => now.get(s)!.policy);
          await removePermissions(
            shared,
            (scope) => now.get(scope)!.revisionId,
            before,
            'a permission granting an unknown account',
          );
          const after = state((s) => {
            const policy = parsePolicy(now.get(s)!.policy);
            const gone = new Set(shared.filter((x) => x.scope === s).map((x) => x.sid));
            const rest = policy.Statement.filter((st) => !gone.has(typeof st.Sid === 'string' ? st.Sid : ''));
            return rest.length > 0 ? serializePolicy(withStatements(policy, rest)) : '';
          });
          return new Fixed(before, after);
        },
      });
    }
    return { tags, violations };
  },
};
