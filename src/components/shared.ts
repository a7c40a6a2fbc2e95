import * as pulumi from '@pulumi/pulumi';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type RemediationSettings,
  type ResolvedSettings,
  validateSettings,
} from '../runtime/contracts/settings';
import { SettingsError } from '../runtime/errors';

/** The Lambda functions the package bundles (`npm run build` writes `dist/lambda/<name>/index.js`). */
export type BundledFunction = 'translator' | 'remediator' | 'poll-planner' | 'poll-worker';

/** Where a function's bundle is: beside the compiled components, or in dist/ when running from source. */
export function bundlePath(fn: BundledFunction, parent?: pulumi.Resource): string {
  const candidates = [
    join(__dirname, '..', 'lambda', fn, 'index.js'),
    join(__dirname, '..', '..', 'dist', 'lambda', fn, 'index.js'),
  ];
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new pulumi.ResourceError(
      `the ${fn} function bundle is missing (looked in ${candidates.join(' and ')}); run \`npm run build\` in the pulumi-aws-remediation package`,
      parent,
    );
  }
  return found;
}

/**
 * The code of a function: its bundle as `index.js` and the settings as `settings.json` beside it, so
 * the settings are not limited by Lambda's 4 KB of environment variables.
 */
export function functionCode(
  fn: BundledFunction,
  settings: ResolvedSettings,
  parent?: pulumi.Resource,
): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({
    'index.js': new pulumi.asset.FileAsset(bundlePath(fn, parent)),
    'settings.json': new pulumi.asset.StringAsset(`${JSON.stringify(settings, null, 2)}\n`),
  });
}

/** Validates settings for a component; a bad setting fails `pulumi up` with what to change. */
export function componentSettings(settings: RemediationSettings, parent: pulumi.Resource): ResolvedSettings {
  try {
    return validateSettings(settings);
  } catch (error) {
    if (error instanceof SettingsError) throw new pulumi.ResourceError(error.message, parent);
    throw error;
  }
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

export function policyDocument(...statements: Record<string, unknown>[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** The trust policy of a role a service assumes (`lambda.amazonaws.com`, `events.amazonaws.com`). */
export function serviceTrust(service: string): PolicyDocument {
  return policyDocument({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
}

/** The account and partition of the stack's provider, for ARNs. */
export interface AccountContext {
  readonly accountId: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
}

/** Tags for a child: the component's, then the child's own. */
export function withTags(
  tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
): pulumi.Input<Record<string, pulumi.Input<string>>> {
  return pulumi.output(tags ?? {}).apply((t) => ({ 'managed-by': 'pulumi-aws-remediation', ...t }));
}
