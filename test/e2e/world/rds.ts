import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  DescribeDBClusterSnapshotAttributesCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { expect } from 'chai';
import { ACCOUNTS, type Accounts, REGIONS, STRANGER, otherAccount } from '../aws';
import { EXCEPTION_TAG, type Message, type Resource, type Seeder } from './model';

/**
 * Manual snapshots of one Aurora cluster, each shared through its `restore` attribute: with everyone
 * and a known account, with a stranger and a known account, with the known account only, and (in one
 * account and region) with everyone but excepted by tag. The fixes take off `all` and the stranger;
 * the known account stays.
 */
async function clusterSnapshots(accounts: Accounts, account: string, region: string): Promise<Resource[]> {
  const rds = accounts.client(RDSClient, account, region);
  const known = otherAccount(account);
  const DBClusterIdentifier = 'e2e-aurora';
  await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier,
      Engine: 'aurora-postgresql',
      MasterUsername: 'e2e',
      MasterUserPassword: 'e2e-password-1',
    }),
  );
  // Identifiers in lowercase: RDS stores them so, and lists them so.
  const seed = async (id: string, shares: string[], tagged = false) => {
    await rds.send(
      new CreateDBClusterSnapshotCommand({
        DBClusterIdentifier,
        DBClusterSnapshotIdentifier: id,
        ...(tagged ? { Tags: [EXCEPTION_TAG] } : {}),
      }),
    );
    await rds.send(
      new ModifyDBClusterSnapshotAttributeCommand({
        DBClusterSnapshotIdentifier: id,
        AttributeName: 'restore',
        ValuesToAdd: shares,
      }),
    );
    return id;
  };
  const read = (DBClusterSnapshotIdentifier: string) => async () => {
    const output = await rds.send(
      new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier }),
    );
    const attributes = output.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? [];
    return [...(attributes.find((a) => a.AttributeName === 'restore')?.AttributeValues ?? [])].sort();
  };
  const message = (id: string): Message => ({ account, region, type: 'rds_cluster_snapshot', id, delay: 0 });
  const pub = await seed('e2e-public-cs', ['all', known]);
  const stranger = await seed('e2e-stranger-cs', [STRANGER, known]);
  const ok = await seed('e2e-known-cs', [known]);
  const out: Resource[] = [
    {
      label: `rds_cluster_snapshot public ${pub} ${account} ${region}`,
      message: message(pub),
      seeded: true,
      excepted: false,
      findings: [{ check: 'rds_cluster_snapshot.public', fixable: true }],
      read: read(pub),
      verifyFixed: (state) => expect(state, pub).to.deep.equal([known]),
    },
    {
      label: `rds_cluster_snapshot shared with a stranger ${stranger} ${account} ${region}`,
      message: message(stranger),
      seeded: true,
      excepted: false,
      findings: [
        { check: 'rds_cluster_snapshot.shared_unknown_account', fixable: true, mentions: [STRANGER] },
      ],
      read: read(stranger),
      verifyFixed: (state) => expect(state, stranger).to.deep.equal([known]),
    },
    {
      label: `rds_cluster_snapshot shared with a known account ${ok} ${account} ${region}`,
      message: message(ok),
      seeded: true,
      excepted: false,
      findings: [],
      read: read(ok),
    },
  ];
  // Excepted by tag, in one account and region: reported, never changed.
  if (account === ACCOUNTS[0] && region === REGIONS[1]) {
    const tagged = await seed('e2e-tagged-cs', ['all'], true);
    out.push({
      label: `rds_cluster_snapshot excepted by tag ${tagged} ${account} ${region}`,
      message: message(tagged),
      seeded: true,
      excepted: true,
      findings: [{ check: 'rds_cluster_snapshot.public', fixable: true }],
      read: read(tagged),
    });
  }
  return out;
}

/** RDS: manual DB cluster snapshots, public or shared with a stranger next to a known account's share. */
export const rdsSeeder: Seeder = {
  seed: ({ accounts, account, region }) => clusterSnapshots(accounts, account, region),
};
