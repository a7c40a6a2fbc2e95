import type { ResolvedSettings } from '../runtime/contracts/settings';
import {
  type CloudFormationTemplate,
  forwarderTemplate,
  memberRoleTemplate,
} from '../components/member-templates';
import type { CommandIO } from './io';

/** The templates `member-template --part` prints. */
export const TEMPLATE_PARTS = ['role', 'forwarder'] as const;
export type TemplatePart = (typeof TEMPLATE_PARTS)[number];

export interface MemberTemplateOptions {
  /** `role` (the member role) or `forwarder` (one region's rules); anything else is a usage error. */
  readonly part: string;
  /** The role may fix, not only read. */
  readonly remediation?: boolean;
  /** The settings of `--config` (memberRoleName, confirmWithAccessAnalyzer, allowUndo). */
  readonly settings?: ResolvedSettings;
}

/** The template of a part. */
export function memberTemplate(
  part: TemplatePart,
  options: Omit<MemberTemplateOptions, 'part'> = {},
): CloudFormationTemplate {
  return part === 'role'
    ? memberRoleTemplate({
        remediation: options.remediation ?? false,
        ...(options.settings ? { settings: options.settings } : {}),
      })
    : forwarderTemplate();
}

/**
 * `aws-remediation member-template --part role|forwarder [--remediation] [--config settings.json]`:
 * prints the CloudFormation template OrganizationMembers deploys with StackSets (the same role and
 * rules MemberAccount creates), as JSON on stdout, for a review or a deployment of one's own. A bad
 * option is one line on stderr and exit code 2.
 */
export function runMemberTemplate(io: CommandIO, options: MemberTemplateOptions): number {
  const part = TEMPLATE_PARTS.find((p) => p === options.part);
  if (part === undefined) {
    io.stderr.write(
      `aws-remediation: --part ${JSON.stringify(options.part)} is not a template: choose ${TEMPLATE_PARTS.join(' or ')}\n`,
    );
    return 2;
  }
  if (part === 'forwarder' && options.remediation) {
    io.stderr.write(
      'aws-remediation: --remediation applies to --part role only: the forwarder never changes anything\n',
    );
    return 2;
  }
  io.stdout.write(`${JSON.stringify(memberTemplate(part, options), null, 2)}\n`);
  return 0;
}
