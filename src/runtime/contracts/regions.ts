/**
 * The AWS regions, by partition, as the AWS SDK for JavaScript lists them in its partitions data
 * (`partitionsInfo` of `@aws-sdk/core`, util-endpoints), without the SDK's pseudo-regions such as
 * `aws-global`. Opt-in regions are included. The SDK does not export the list, so it is kept here;
 * test/runtime/contracts/regions.test.ts compares it with the installed SDK's data and fails, naming
 * the regions, when an SDK update adds or drops one.
 */
export const PARTITION_REGIONS = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'me-west-1',
    'mx-central-1',
    'sa-east-1',
    'sa-west-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-eusc': ['eusc-de-east-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1', 'us-isob-west-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-east-1', 'us-isof-south-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
} as const satisfies Record<string, readonly string[]>;

export type Partition = keyof typeof PARTITION_REGIONS;

/** Every region code of every partition. */
export const AWS_REGIONS: readonly string[] = Object.values(PARTITION_REGIONS).flat();

const PARTITION_OF: ReadonlyMap<string, Partition> = new Map(
  (Object.entries(PARTITION_REGIONS) as [Partition, readonly string[]][]).flatMap(([partition, regions]) =>
    regions.map((region) => [region, partition] as const),
  ),
);

/** Whether a partition of the AWS SDK lists this region code. */
export function isKnownRegion(code: string): boolean {
  return PARTITION_OF.has(code);
}

/** The partition of a known region code (`us-gov-west-1` -> `aws-us-gov`); undefined for others. */
export function partitionOf(code: string): Partition | undefined {
  return PARTITION_OF.get(code);
}

/**
 * Edit distance in which swapping two neighbouring characters counts as one edit (`wset` -> `west`),
 * as well as inserting, deleting or replacing one.
 */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The known region code nearest to `code` (the first of the list on a tie): what was probably meant. */
export function nearestRegion(code: string): string {
  const wanted = code.trim().toLowerCase();
  let nearest = AWS_REGIONS[0]!;
  let distance = Number.POSITIVE_INFINITY;
  for (const region of AWS_REGIONS) {
    const d = editDistance(wanted, region);
    if (d < distance) {
      nearest = region;
      distance = d;
    }
  }
  return nearest;
}

/**
 * The 17 regions of the aws partition every account has enabled by default (the others are opt-in):
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 */
export const DEFAULT_ENABLED_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
];

/** The shape of an AWS region code, in any partition (us-east-1, us-gov-west-1, cn-north-1, ...). */
export const REGION_SHAPE = /^[a-z]{2}(-(gov|iso|isob|isoe|isof))?-[a-z]+-\d{1,2}$/;

export const notARegionCode = (value: unknown) =>
  `${JSON.stringify(value)} is not an AWS region code, like "us-east-1" or "eu-west-2"`;

/**
 * Why a region code a person wrote is not one to watch, or undefined when a partition of the AWS SDK
 * lists it (opt-in regions, GovCloud, China and the other partitions too). A code shaped like a
 * region that no partition lists gets the nearest real one as a suggestion (`eu-wset-1`: `eu-west-1`).
 */
export function regionProblem(value: string): string | undefined {
  if (isKnownRegion(value)) return undefined;
  if (!REGION_SHAPE.test(value)) return notARegionCode(value);
  return `${JSON.stringify(value)} is not an AWS region code: no partition of the AWS SDK lists it (did you mean ${JSON.stringify(nearestRegion(value))}?)`;
}
