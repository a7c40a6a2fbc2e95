import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  AWS_REGIONS,
  PARTITION_REGIONS,
  isKnownRegion,
  nearestRegion,
  partitionOf,
} from '../../../src/runtime/contracts/regions';
import { validateSettings } from '../../../src/runtime/contracts/settings';
import { RegionSchema } from '../../../src/runtime/contracts/validation';
import { SettingsError } from '../../../src/runtime/errors';
import { problemsOf } from '../../helpers/validation';

interface SdkPartitions {
  partitions: { id: string; regionRegex: string; regions: Record<string, unknown> }[];
}

/** The partitions data the installed AWS SDK ships (`partitionsInfo` of @aws-sdk/core's util-endpoints). */
function sdkPartitions(): SdkPartitions {
  const core = dirname(require.resolve('@aws-sdk/core/package.json'));
  const file = join(core, 'dist-es', 'submodules', 'client', 'util-endpoints', 'lib', 'aws', 'partitions.js');
  expect(existsSync(file), `the AWS SDK's partitions data moved: look for partitionsInfo under ${core}`).to.be
    .true;
  const text = readFileSync(file, 'utf8');
  return JSON.parse(
    text.replace(/^export const partitionsInfo = /, '').replace(/;\s*$/, ''),
  ) as SdkPartitions;
}

const problems = (input: unknown) => problemsOf(validateSettings, SettingsError, input);

describe('contracts: AWS regions', () => {
  it("lists exactly the regions of the installed AWS SDK's partitions data, by partition, pseudo-regions left out", () => {
    const sdk = Object.fromEntries(
      sdkPartitions().partitions.map((p) => {
        const shape = new RegExp(p.regionRegex);
        return [p.id, Object.keys(p.regions).filter((r) => shape.test(r))];
      }),
    );
    // When this fails after an SDK update, copy the SDK's lists into src/runtime/contracts/regions.ts.
    expect(PARTITION_REGIONS).to.deep.equal(sdk);
    expect(AWS_REGIONS).to.not.include('aws-global');
    expect(AWS_REGIONS.length).to.be.greaterThan(30);
  });

  it('knows opt-in regions and the GovCloud, China and other partitions', () => {
    for (const region of ['af-south-1', 'ap-east-1', 'me-central-1', 'il-central-1', 'mx-central-1']) {
      expect(partitionOf(region), region).to.equal('aws');
    }
    expect(partitionOf('us-gov-west-1')).to.equal('aws-us-gov');
    expect(partitionOf('cn-northwest-1')).to.equal('aws-cn');
    expect(partitionOf('eusc-de-east-1')).to.equal('aws-eusc');
    expect(isKnownRegion('us-east-9')).to.be.false;
    expect(isKnownRegion('eu-wset-1')).to.be.false;
  });

  it('suggests the nearest real region for a typo, a swap of two letters counting as one edit', () => {
    expect(nearestRegion('eu-wset-1')).to.equal('eu-west-1');
    expect(nearestRegion('us-east-9')).to.equal('us-east-1');
    expect(nearestRegion('ap-southest-2')).to.equal('ap-southeast-2');
    expect(nearestRegion('US-GOV-WEST-1')).to.equal('us-gov-west-1');
  });

  it('settings accept the regions of every partition, opt-in ones too', () => {
    const settings = validateSettings({
      regions: ['af-south-1', 'us-gov-west-1', 'cn-north-1', 'eusc-de-east-1'],
      accounts: ['111111111111'],
    });
    expect(settings.regions).to.deep.equal(['af-south-1', 'us-gov-west-1', 'cn-north-1', 'eusc-de-east-1']);
  });

  it('settings reject a region shaped like one that no partition lists, and name the nearest real one', () => {
    expect(
      problems({ regions: ['eu-west-1', 'eu-wset-1', 'us-east-9'], accounts: ['111111111111'] }),
    ).to.deep.equal([
      'settings.regions[1]: "eu-wset-1" is not an AWS region code: no partition of the AWS SDK lists it (did you mean "eu-west-1"?)',
      'settings.regions[2]: "us-east-9" is not an AWS region code: no partition of the AWS SDK lists it (did you mean "us-east-1"?)',
    ]);
  });

  it('what AWS sends (events, resource messages) is still judged by shape, so a region newer than the list passes', () => {
    expect(RegionSchema.safeParse('us-east-9').success).to.be.true;
    expect(RegionSchema.safeParse('not a region').success).to.be.false;
  });
});
