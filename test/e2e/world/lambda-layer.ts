import {
  AddLayerVersionPermissionCommand,
  GetLayerVersionPolicyCommand,
  LambdaClient,
  PublishLayerVersionCommand,
} from '@aws-sdk/client-lambda';
import { expect } from 'chai';
import { type Accounts, STRANGER, otherAccount } from '../aws';
import { type Message, type Resource, type Seeder, type Statement, parse, root, short } from './model';

/** An empty zip archive (the end-of-central-directory record alone): nothing ever runs it. */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

async function layers(accounts: Accounts, account: string, region: string): Promise<Resource[]> {
  const lambda = accounts.client(LambdaClient, account, region);
  const publish = async (LayerName: string) => {
    const { LayerVersionArn, Version } = await lambda.send(
      new PublishLayerVersionCommand({ LayerName, Content: { ZipFile: EMPTY_ZIP } }),
    );
    return { LayerName, VersionNumber: Version!, arn: LayerVersionArn! };
  };
  const permit = (
    version: { LayerName: string; VersionNumber: number },
    StatementId: string,
    Principal: string,
  ) =>
    lambda.send(
      new AddLayerVersionPermissionCommand({
        ...version,
        StatementId,
        Action: 'lambda:GetLayerVersion',
        // An account root ARN, as AWS writes an account id into the policy (moto keeps a bare id as is).
        Principal,
      }),
    );
  const read = (version: { LayerName: string; VersionNumber: number }) => async () => {
    try {
      const { Policy } = await lambda.send(
        new GetLayerVersionPolicyCommand({
          LayerName: version.LayerName,
          VersionNumber: version.VersionNumber,
        }),
      );
      return parse(Policy)?.Statement ?? [];
    } catch (error) {
      // No permission left: Lambda answers that the policy does not exist.
      if ((error as Error).name === 'ResourceNotFoundException') return [];
      throw error;
    }
  };
  const message = (id: string): Message => ({ account, region, type: 'lambda_layer', id, delay: 0 });
  const suffix = `${account}-${short(region)}`;

  // Shared with a known account, with everyone and with a stranger: only the known account's stays.
  const exposed = await publish(`e2e-exposed-${suffix}`);
  await permit(exposed, 'KnownAccountUses', root(otherAccount(account)));
  await permit(exposed, 'AnyoneUses', '*');
  await permit(exposed, 'StrangerUses', root(STRANGER));
  // Compliant: a version shared with a known account, and the next version, shared with nobody.
  const privateName = `e2e-private-${suffix}`;
  const shared = await publish(privateName);
  await permit(shared, 'KnownAccountUses', root(otherAccount(account)));
  const unshared = await publish(privateName);
  return [
    {
      label: `lambda_layer public and shared ${exposed.arn}`,
      message: message(exposed.arn),
      seeded: true,
      excepted: false,
      findings: [
        { check: 'lambda_layer.public', fixable: true, mentions: ['statement "AnyoneUses"'] },
        {
          check: 'lambda_layer.shared_unknown_account',
          fixable: true,
          mentions: [`statement "StrangerUses" grants account ${STRANGER}`],
        },
      ],
      read: read(exposed),
      verifyFixed: (state, initial) =>
        expect(state, exposed.arn).to.deep.equal(
          (initial as Statement[]).filter((s) => s.Sid === 'KnownAccountUses'),
        ),
    },
    ...[shared, unshared].map((version): Resource => ({
      label: `lambda_layer private ${version.arn}`,
      message: message(version.arn),
      seeded: true,
      excepted: false,
      findings: [],
      read: read(version),
    })),
  ];
}

/**
 * Lambda layer versions (no tags, so none is excepted by tag): one shared with a known account,
 * everyone and a stranger (both fixes, read back), one shared with a known account, one with nobody.
 */
export const lambdaLayerSeeder: Seeder = {
  seed: ({ accounts, account, region }) => layers(accounts, account, region),
};
