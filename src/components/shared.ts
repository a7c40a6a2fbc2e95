import * as pulumi from '@pulumi/pulumi';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type RemediationSettings,
  type ResolvedSettings,
  validateSettings,
} from '../runtime/contracts/settings';
import { SettingsError } from '../runtime/errors';
import { MANAGED_BY_TAG } from './policy-document';

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
 * Settings as the components take them: {@link RemediationSettings}, except that `externalId` may come
 * from another resource or from a secret (`config.requireSecret('externalId')`). A secret stays
 * secret: the functions' code (whose settings.json holds it) and the member role's trust policy are
 * secret outputs in the Pulumi state.
 */
export type RemediationComponentSettings = Omit<RemediationSettings, 'externalId'> & {
  /** Sent on every AssumeRole and required by the member role's trust; keep it in Pulumi secrets. */
  readonly externalId?: pulumi.Input<string>;
};

/** Settings after validation, every default filled in; `externalId` as an output (secret when given one). */
export type ComponentResolvedSettings = Omit<ResolvedSettings, 'externalId'> & {
  readonly externalId?: pulumi.Output<string>;
};

/** What a component makes of its settings. */
export interface ComponentSettings {
  /** Validated now, with defaults; the externalId as an output. */
  readonly settings: ComponentResolvedSettings;
  /**
   * The whole settings, the externalId resolved and validated: what settings.json holds. Secret when
   * the externalId is.
   */
  readonly resolved: pulumi.Output<ResolvedSettings>;
}

/**
 * The code of a function: its bundle as `index.js` and the settings as `settings.json` beside it, so
 * the settings are not limited by Lambda's 4 KB of environment variables. An output, secret when the
 * settings carry a secret externalId.
 */
export function functionCode(
  fn: BundledFunction,
  settings: pulumi.Output<ResolvedSettings>,
  parent?: pulumi.Resource,
): pulumi.Output<pulumi.asset.AssetArchive> {
  const bundle = bundlePath(fn, parent);
  return settings.apply(
    (s) =>
      new pulumi.asset.AssetArchive({
        'index.js': new pulumi.asset.FileAsset(bundle),
        'settings.json': new pulumi.asset.StringAsset(`${JSON.stringify(s, null, 2)}\n`),
      }),
  );
}

function validated(settings: unknown, parent: pulumi.Resource): ResolvedSettings {
  try {
    return validateSettings(settings);
  } catch (error) {
    if (error instanceof SettingsError) throw new pulumi.ResourceError(error.message, parent);
    throw error;
  }
}

/**
 * Validates settings for a component; a bad setting fails `pulumi up` with what to change, before
 * anything is created. An externalId that is not known yet (an output, a secret) is validated once it
 * is; its value never appears in an error.
 */
export function componentSettings(
  settings: RemediationComponentSettings,
  parent: pulumi.Resource,
): ComponentSettings {
  const { externalId, ...rest } = settings;
  if (externalId === undefined || typeof externalId === 'string') {
    const resolved = validated(settings, parent);
    const { externalId: id, ...known } = resolved;
    return {
      settings: id === undefined ? known : { ...known, externalId: pulumi.output(id) },
      resolved: pulumi.output(resolved),
    };
  }
  const known = validated(rest, parent);
  const resolved = pulumi
    .output(externalId)
    .apply((value) => validated({ ...rest, externalId: value }, parent));
  return {
    // The validated value: a member role's trust never requires an ExternalId the functions refuse.
    settings: { ...known, externalId: resolved.apply((s) => s.externalId as string) },
    resolved,
  };
}

export { type PolicyDocument, policyDocument, serviceTrust } from './policy-document';

/** Tags for a child: the component's, then the child's own. */
export function withTags(
  tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
): pulumi.Input<Record<string, pulumi.Input<string>>> {
  return pulumi.output(tags ?? {}).apply((t) => ({ ...MANAGED_BY_TAG, ...t }));
}
