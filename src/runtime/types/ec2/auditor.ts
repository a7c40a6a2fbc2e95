import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DisassociateAddressCommand,
  EC2Client,
  ModifyInstanceMetadataOptionsCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { unless } from '../../aws/errors';
import { PartialFixError } from '../../errors';
import { missingTagsViolation, tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE, type Violation, Fixed } from '../../auditors/types';
import { noun } from '../../text';

/** EC2 instances (id: the instance id): IMDSv2 only, the required tags, nothing public in dev accounts. */
export const auditor: Auditor = {
  type: 'ec2',

  async inspect(resource, ctx) {
    const ec2 = ctx.client(EC2Client, 'EC2');
    const InstanceId = resource.id;
    const output = await unless(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [InstanceId] })),
      ['InvalidInstanceID.NotFound'],
      undefined,
    );
    const instance = output?.Reservations?.flatMap((r) => r.Instances ?? []).find(
      (i) => i.InstanceId === InstanceId,
    );
    const state = instance?.State?.Name;
    if (!instance || state === 'terminated' || state === 'shutting-down') return GONE;
    if (state === 'pending') {
      // Just launched: its tags and addresses may not be set yet.
      ctx.recheckLater(`instance ${InstanceId} is pending`);
      return { tags: {}, violations: [] };
    }
    const tags = tagsFromList(instance.Tags);
    const violations: Violation[] = [];
    // An Auto Scaling group replaces a stopped member (terminating it): such instances are reported only.
    const group = tags['aws:autoscaling:groupName'];
    const stopFix = (action: string) =>
      group
        ? {
            action: `report only (a member of Auto Scaling group ${group}, which would terminate and replace a stopped instance)`,
          }
        : { action, fix: async () => new Fixed(await stop(), { State: 'stopped' }) };

    // One stop serves every check that asks for it.
    let stopped: Promise<{ State: string | undefined }> | undefined;
    const stop = (): Promise<{ State: string | undefined }> => {
      if (state === 'stopped' || state === 'stopping') return Promise.resolve({ State: state });
      stopped ??= ec2
        .send(new StopInstancesCommand({ InstanceIds: [InstanceId] }))
        .then(() => ({ State: state }));
      return stopped;
    };

    const metadata = instance.MetadataOptions;
    if (metadata?.HttpEndpoint !== 'disabled' && metadata?.HttpTokens !== 'required') {
      violations.push({
        check: 'ec2.imdsv1_allowed',
        message: `Instance ${InstanceId} serves instance metadata without a session token (IMDSv1: HttpTokens ${metadata?.HttpTokens ?? 'optional'}).`,
        action: 'require session tokens (HttpTokens required, IMDSv2 only)',
        fix: async () => {
          await ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId, HttpTokens: 'required' }));
          const endpoint = metadata?.HttpEndpoint ?? 'enabled';
          return new Fixed(
            { HttpTokens: metadata?.HttpTokens ?? 'optional', HttpEndpoint: endpoint },
            { HttpTokens: 'required', HttpEndpoint: endpoint },
          );
        },
      });
    }

    violations.push(
      ...missingTagsViolation(
        'ec2.missing_tags',
        `Instance ${InstanceId}`,
        tags,
        ctx.settings.requiredTags,
        stopFix('stop the instance (it is not terminated; start it again once tagged)'),
      ),
    );

    if (ctx.settings.devAccounts.includes(resource.account) && instance.PublicIpAddress) {
      const { Addresses = [] } = await ec2.send(
        new DescribeAddressesCommand({ Filters: [{ Name: 'instance-id', Values: [InstanceId] }] }),
      );
      const elastic = Addresses.filter((a) => a.AssociationId);
      violations.push({
        check: 'ec2.public_in_dev_account',
        message: `Instance ${InstanceId} in dev account ${resource.account} is reachable at ${instance.PublicIpAddress}${elastic.length > 0 ? ' (an Elastic IP)' : ''}.`,
        ...(elastic.length === 0
          ? stopFix('stop the instance (its primary address is public)')
          : {
              action: `disassociate the Elastic ${noun(elastic.length, 'IP')} ${elastic.map((a) => a.PublicIp).join(', ')}, and stop the instance if it is still public`,
              fix: async () => {
                for (const address of elastic) {
                  await ec2.send(new DisassociateAddressCommand({ AssociationId: address.AssociationId }));
                }
                const before = {
                  Addresses: elastic.map((a) => ({
                    PublicIp: a.PublicIp,
                    AllocationId: a.AllocationId,
                    InstanceId,
                  })),
                };
                // AWS may give the instance an automatic public address back: then it is stopped.
                const after = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [InstanceId] }));
                const still = after.Reservations?.flatMap((r) => r.Instances ?? [])[0]?.PublicIpAddress;
                if (!still) return new Fixed(before, { Addresses: [] });
                if (group)
                  throw new PartialFixError(
                    before,
                    new Error(`still reachable at ${still}; in Auto Scaling group ${group}, not stopped`),
                  );
                return new Fixed({ ...before, ...(await stop()) }, { Addresses: [], State: 'stopped' });
              },
            }),
      });
    }
    return { tags, violations };
  },
};
