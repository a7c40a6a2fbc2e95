/** RDS instances (id: the DB instance identifier): encryption, public access, tags. */
import { resource, type Scenario, tagList } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, MARKER } from '../../../helpers/listing';

export const DB_INSTANCE = 'orders-db';

export function rdsWorld(
  options: {
    status?: string;
    encrypted?: boolean;
    public?: boolean;
    cluster?: string;
    tags?: Record<string, string>;
    exists?: boolean;
  } = {},
): World {
  return {
    'RDS.DescribeDBInstances': () => {
      if (options.exists === false)
        throw awsError('DBInstanceNotFoundFault', `DBInstance ${DB_INSTANCE} not found.`, 404);
      return {
        DBInstances: [
          {
            DBInstanceIdentifier: DB_INSTANCE,
            DBInstanceStatus: options.status ?? 'available',
            Engine: 'postgres',
            StorageEncrypted: options.encrypted ?? true,
            PubliclyAccessible: options.public ?? false,
            Endpoint: { Address: `${DB_INSTANCE}.abc.eu-west-1.rds.amazonaws.com`, Port: 5432 },
            ...(options.cluster ? { DBClusterIdentifier: options.cluster } : {}),
            TagList: tagList(options.tags),
          },
        ],
      };
    },
    'RDS.StopDBInstance': {},
    'RDS.StopDBCluster': {},
    'RDS.ModifyDBInstance': {},
  };
}

export const noncompliant: Scenario = {
  resource: resource('rds', DB_INSTANCE),
  world: () => rdsWorld({ encrypted: false, public: true }),
  settings: { requiredTags: ['owner'] },
  failing: ['rds.unencrypted', 'rds.public', 'rds.missing_tags'],
};

export const listing: ListingFixture = {
  typical: { rds: [0, 3] },
  responders: (estate) => ({
    'RDS.DescribeDBInstances': estate.list('rds', 'DBInstances', MARKER, (DBInstanceIdentifier) => ({
      DBInstanceIdentifier,
      TagList: [],
    })),
  }),
};
