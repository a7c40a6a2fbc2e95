import {
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  EC2Client,
  ModifyInstanceMetadataOptionsCommand,
  StartInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { AuditContext } from '../../auditors/types';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { AppliedFinding, Undo, UndoStep, UndoTable } from '../../undo/types';

async function instanceOf(finding: AppliedFinding, ctx: AuditContext) {
  const output = await ctx
    .client(EC2Client, 'EC2')
    .send(new DescribeInstancesCommand({ InstanceIds: [finding.resource.id] }));
  return output.Reservations?.flatMap((r) => r.Instances ?? [])[0];
}

/** A state as far as a stop is concerned: on its way is as good as there. */
function settled(state: string | undefined): string | undefined {
  if (state === 'pending') return 'running';
  if (state === 'stopping') return 'stopped';
  return state;
}

/** StartInstances, when the fix stopped a running instance that is stopped now. */
function start(finding: AppliedFinding, ctx: AuditContext, was: string | undefined, now: string | undefined) {
  return settled(was) === 'running' && now === 'stopped'
    ? [
        step(ctx.client(EC2Client, 'EC2'), 'EC2', StartInstancesCommand, {
          InstanceIds: [finding.resource.id],
        }),
      ]
    : [];
}

/** The instance a fix stopped is started again (if it was running). */
const restart: Undo = {
  async plan(finding, ctx) {
    const was = beforeOf<{ State: string }>(finding).State;
    const current = { State: settled((await instanceOf(finding, ctx))?.State?.Name) };
    return {
      current,
      changed: changedSince(current, finding.after),
      steps: start(finding, ctx, was, current.State),
    };
  },
};

export const undo: UndoTable = {
  'ec2.imdsv1_allowed': {
    async plan(finding, ctx) {
      const before = beforeOf<{ HttpTokens: string; HttpEndpoint: string }>(finding);
      const options = (await instanceOf(finding, ctx))?.MetadataOptions;
      const current = { HttpTokens: options?.HttpTokens, HttpEndpoint: options?.HttpEndpoint };
      return {
        current,
        changed: changedSince(current, finding.after),
        steps:
          before.HttpTokens && before.HttpTokens !== current.HttpTokens
            ? [
                step(ctx.client(EC2Client, 'EC2'), 'EC2', ModifyInstanceMetadataOptionsCommand, {
                  InstanceId: finding.resource.id,
                  HttpTokens: before.HttpTokens as 'optional' | 'required',
                }),
              ]
            : [],
      };
    },
  },
  'ec2.missing_tags': restart,
  'ec2.public_in_dev_account': {
    async plan(finding, ctx) {
      const ec2 = ctx.client(EC2Client, 'EC2');
      const InstanceId = finding.resource.id;
      const before = beforeOf<{ Addresses: { AllocationId?: string; PublicIp?: string }[]; State: string }>(
        finding,
      );
      const addresses = before.Addresses ?? [];
      const allocations = addresses.flatMap((a) => (a.AllocationId ? [a.AllocationId] : []));
      const { Addresses = [] } =
        allocations.length > 0
          ? await ec2.send(new DescribeAddressesCommand({ AllocationIds: allocations }))
          : { Addresses: [] };
      const attached = addresses.filter((a) =>
        Addresses.some((now) => now.AllocationId === a.AllocationId && now.InstanceId === InstanceId),
      );
      const state =
        before.State !== undefined ? settled((await instanceOf(finding, ctx))?.State?.Name) : undefined;
      // The state: which of the disassociated addresses are on the instance (and whether it runs).
      const current = {
        Addresses: attached.map((a) => ({ ...a, InstanceId })),
        ...(before.State !== undefined ? { State: state } : {}),
      };
      const steps: UndoStep[] = addresses
        .filter((a) => a.AllocationId && !attached.includes(a))
        .map((a) => step(ec2, 'EC2', AssociateAddressCommand, { AllocationId: a.AllocationId!, InstanceId }));
      if (before.State !== undefined) steps.push(...start(finding, ctx, before.State, state));
      return { current, changed: changedSince(current, finding.after), steps };
    },
  },
};
