/** EC2 instances (id: the instance id): metadata options, tags, public and Elastic IP addresses. */
import { ACCOUNT, resource, type Scenario, tagList } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_TOKEN } from '../../../helpers/listing';

export const INSTANCE_ID = 'i-0123456789abcdef0';

export function ec2World(
  options: {
    httpTokens?: 'optional' | 'required';
    tags?: Record<string, string>;
    state?: string;
    publicIp?: string;
    elasticIp?: boolean;
    /** The address AWS gives the instance once its Elastic IP is gone (none by default). */
    addressAfterDisassociation?: string;
    exists?: boolean;
  } = {},
): World {
  // Stateful like EC2: disassociating the Elastic IP changes the instance's public address.
  let publicIp = options.publicIp;
  return {
    'EC2.DescribeInstances': () => {
      if (options.exists === false)
        throw awsError('InvalidInstanceID.NotFound', `The instance ID '${INSTANCE_ID}' does not exist`);
      return {
        Reservations: [
          {
            ReservationId: 'r-1',
            Instances: [
              {
                InstanceId: INSTANCE_ID,
                State: { Code: 16, Name: options.state ?? 'running' },
                MetadataOptions: {
                  State: 'applied',
                  HttpEndpoint: 'enabled',
                  HttpTokens: options.httpTokens ?? 'required',
                },
                ...(publicIp ? { PublicIpAddress: publicIp } : {}),
                Tags: tagList(options.tags),
              },
            ],
          },
        ],
      };
    },
    'EC2.DescribeAddresses': {
      Addresses: options.elasticIp
        ? [
            {
              PublicIp: options.publicIp,
              AllocationId: 'eipalloc-1',
              AssociationId: 'eipassoc-1',
              InstanceId: INSTANCE_ID,
            },
          ]
        : [],
    },
    'EC2.ModifyInstanceMetadataOptions': {},
    'EC2.StopInstances': { StoppingInstances: [{ InstanceId: INSTANCE_ID }] },
    'EC2.DisassociateAddress': () => {
      publicIp = options.addressAfterDisassociation;
      return {};
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('ec2', INSTANCE_ID),
  world: () => ec2World({ httpTokens: 'optional', publicIp: '198.51.100.7', elasticIp: true }),
  settings: { requiredTags: ['owner'], devAccounts: [ACCOUNT] },
  failing: ['ec2.imdsv1_allowed', 'ec2.missing_tags', 'ec2.public_in_dev_account'],
};

export const listing: ListingFixture = {
  typical: { ec2: [0, 14] },
  responders: (estate) => ({
    'EC2.DescribeInstances': estate.list('ec2', 'Reservations', NEXT_TOKEN, (InstanceId) => ({
      ReservationId: `r-${InstanceId}`,
      Instances: [{ InstanceId, State: { Name: 'running' }, Tags: [{ Key: 'Name', Value: InstanceId }] }],
    })),
  }),
};
