import {
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  LambdaClient,
  RemoveLayerVersionPermissionCommand,
} from '@aws-sdk/client-lambda';
import { isAwsError, unless } from '../../aws/errors';
import {
  type PolicyDocument,
  type PolicyStatement,
  parsePolicy,
  plural,
  samePolicyText,
  serializePolicy,
  statementLabels,
  withStatements,
} from '../../policy/document';
import { narrowExternal, narrowPublic } from '../../policy/narrow';
import {
  grantee,
  judgeOptionsFor,
  judgeResourcePolicy,
  publicMessage,
  unknownGrants,
  unknownGrantsMessage,
} from '../../auditors/policy';
import { ConcurrentChangeError, PartialFixError, RemediationError } from '../../errors';
import { type Auditor, Fixed, GONE, type Violation } from '../../auditors/types';
import { LAYER_VERSION_ARN } from './manifest';

/** The layer version's policy as read, with its revision. */
interface Read {
  readonly policy: string;
  readonly revisionId?: string;
}

const sidOf = (statement: PolicyStatement) => (typeof statement.Sid === 'string' ? statement.Sid : '');

/** The policy without the statements of these Sids ("" when none is left). */
function without(text: string, sids: ReadonlySet<string>): string {
  const policy = parsePolicy(text);
  const rest = policy.Statement.filter((s) => !sids.has(sidOf(s)));
  return rest.length > 0 ? serializePolicy(withStatements(policy, rest)) : '';
}

/**
 * A layer version permission names one principal (AddLayerVersionPermission: an account, `*`, or `*`
 * within an organization), so a fix removes whole statements by Sid. Statements that name others too
 * (a narrowing would keep part of them) cannot be narrowed through the API: the fix refuses them.
 */
function refuseNarrowed(narrowed: readonly { before: PolicyStatement }[], document: PolicyDocument) {
  if (narrowed.length === 0) return;
  const labels = statementLabels(
    narrowed.map((n) => n.before),
    document,
  );
  throw new RemediationError(
    `statements ${labels} name other principals too: RemoveLayerVersionPermission removes a statement whole, so it is left for a person to narrow`,
  );
}

/**
 * Lambda layer versions (id: the layer version ARN): no permission lets anyone use the version, or
 * an account or organization that is not known. Both fixes remove whole permissions by statement id
 * (RemoveLayerVersionPermission), the first removal on the revision just read again
 * (https://docs.aws.amazon.com/lambda/latest/api/API_RemoveLayerVersionPermission.html).
 */
export const auditor: Auditor = {
  type: 'lambda_layer',

  async inspect(resource, ctx) {
    const match = LAYER_VERSION_ARN.exec(resource.id);
    if (!match || match[2] !== resource.region || match[3] !== resource.account) return GONE;
    const LayerName = match[4]!;
    const VersionNumber = Number(match[5]);
    const lambda = ctx.client(LambdaClient, 'Lambda');
    // ResourceNotFoundException: no policy, or no such version.
    const read = async (): Promise<Read | undefined> => {
      const out = await unless(
        lambda.send(new GetLayerVersionPolicyCommand({ LayerName, VersionNumber })),
        ['ResourceNotFoundException'],
        undefined,
      );
      return out?.Policy ? { policy: out.Policy, revisionId: out.RevisionId } : undefined;
    };
    // GetLayerVersion fails with ResourceNotFoundException (the manifest's notFound) when the version
    // is gone; GetLayerVersionPolicy fails so too when the version has no permission.
    const [first] = await Promise.all([
      read(),
      lambda.send(new GetLayerVersionCommand({ LayerName, VersionNumber })),
    ]);
    if (!first) return { tags: {}, violations: [] };

    /** Removes the statements of `sids`, the first on the revision of `current`. */
    const remove = async (current: Read, sids: readonly string[]) => {
      let removed = 0;
      try {
        for (const StatementId of sids) {
          await lambda.send(
            new RemoveLayerVersionPermissionCommand({
              LayerName,
              VersionNumber,
              StatementId,
              ...(removed === 0 && current.revisionId ? { RevisionId: current.revisionId } : {}),
            }),
          );
          removed += 1;
        }
      } catch (error) {
        if (removed === 0 && isAwsError(error, 'PreconditionFailedException'))
          throw new ConcurrentChangeError('the layer version policy');
        if (removed > 0) throw new PartialFixError({ Policy: current.policy }, error);
        throw error;
      }
    };

    const arns = [resource.id];
    const options = judgeOptionsFor(resource, arns);
    const document = parsePolicy(first.policy);
    const verdict = judgeResourcePolicy(document, resource, arns);
    const violations: Violation[] = [];

    // Public permissions.
    const open = document.Statement.filter((_, i) => verdict.statements[i]?.public);
    let publicLeft: string | undefined;
    if (open.length > 0) {
      const sids = open.map(sidOf);
      publicLeft = without(first.policy, new Set(sids));
      const kept = document.Statement.length - open.length;
      violations.push({
        check: 'lambda_layer.public',
        message: publicMessage('Layer version policy', document, verdict),
        action: `remove ${plural(open.length, 'public permission')} (RemoveLayerVersionPermission)${kept > 0 ? `, keep the other ${plural(kept, 'permission')}` : ''}`,
        fix: async () => {
          const now = await read();
          if (!now || !samePolicyText(now.policy, first.policy))
            throw new ConcurrentChangeError('the layer version policy');
          refuseNarrowed(narrowPublic(document, verdict, options).narrowed, document);
          if (sids.some((sid) => !sid))
            throw new RemediationError('a public permission has no Sid to remove');
          await remove(now, sids);
          return new Fixed({ Policy: now.policy }, { Policy: publicLeft });
        },
      });
    }

    // Grants to unknown accounts and organizations, judged on the policy as the public fix leaves it.
    const audited = publicLeft ?? first.policy;
    if (audited) {
      const left = parsePolicy(audited);
      const grants = await unknownGrants(left, resource, ctx, arns);
      if (grants.length > 0) {
        const ids = [...new Set(grants.flatMap((g) => g.ids))];
        const statements = grants.map((g) => left.Statement[g.index]!);
        const sids = statements.map(sidOf);
        const kept = left.Statement.length - statements.length;
        violations.push({
          check: 'lambda_layer.shared_unknown_account',
          message: unknownGrantsMessage('Layer version policy', grants),
          action: `remove ${plural(statements.length, 'permission')} granting ${ids.map(grantee).join(', ')} (RemoveLayerVersionPermission)${kept > 0 ? `, keep the other ${plural(kept, 'permission')}` : ''}`,
          fix: async () => {
            // The policy as audited, or as the public fix left it: anything else changed since.
            const now = await read();
            const from = [first.policy, publicLeft].find(
              (t) => t !== undefined && t !== '' && now !== undefined && samePolicyText(now.policy, t),
            );
            if (!now || from === undefined) throw new ConcurrentChangeError('the layer version policy');
            const narrowing = narrowExternal(parsePolicy(from), new Set(ids), options);
            refuseNarrowed(narrowing.narrowed, parsePolicy(from));
            if (sids.some((sid) => !sid))
              throw new RemediationError('a permission granting an unknown account has no Sid to remove');
            await remove(now, sids);
            return new Fixed({ Policy: now.policy }, { Policy: without(now.policy, new Set(sids)) });
          },
        });
      }
    }
    return { tags: {}, violations };
  },
};
