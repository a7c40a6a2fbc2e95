/**
 * Every type's fixtures, found by the type's name (test/runtime/types/<type>/fixtures.ts) for each
 * manifest of src/runtime/types: the non-compliant scenario of each type, and the listing responders
 * of each type with a lister of its own. A type without them fails here, naming what is missing.
 */
import type { ResourceType } from '../../src/runtime/contracts/message';
import { MANIFESTS, type Manifest, manifestOf } from '../../src/runtime/types';
import type { TypeManifest } from '../../src/runtime/types/manifest';
import type { ListingFixture } from './listing';
import type { Scenario } from './resources';

/** What a type's fixtures export. */
export interface TypeFixtures {
  /** A resource failing every check of the type at once, with its fake AWS. */
  readonly noncompliant: Scenario;
  /** The responders of the calls of the type's `lister.ts` (types with a lister of their own). */
  readonly listing?: ListingFixture;
}

/** The file of a type's fixtures, from the repository root. */
export function fixturesFile(type: string): string {
  return `test/runtime/types/${type}/fixtures.ts`;
}

/** Whether a type lists its resources with a `lister.ts` of its own. */
export function hasOwnLister(manifest: TypeManifest): boolean {
  return manifest.listing !== undefined && 'load' in manifest.listing;
}

/**
 * What a type's fixtures module lacks, one line each, naming the type and the export: nothing for a
 * complete one. `fixtures` is the module's exports, or undefined when there is no such file.
 */
export function fixtureProblems(manifest: TypeManifest, fixtures: object | undefined): string[] {
  const { type } = manifest;
  const file = fixturesFile(type);
  if (fixtures === undefined) return [`${type}: no fixtures (${file})`];
  const problems: string[] = [];
  const { noncompliant, listing } = fixtures as Partial<TypeFixtures>;
  if (noncompliant === undefined) {
    problems.push(
      `${type}: ${file} does not export noncompliant (a resource failing every check of the type)`,
    );
  } else {
    if (noncompliant.resource?.type !== type) {
      problems.push(`${type}: noncompliant is a resource of type ${String(noncompliant.resource?.type)}`);
    }
    const failing = new Set<string>(noncompliant.failing ?? []);
    for (const check of manifest.checks) {
      if (!failing.has(check.id)) problems.push(`${type}: noncompliant does not fail ${check.id}`);
    }
    for (const check of failing) {
      if (!manifest.checks.some((c) => c.id === check))
        problems.push(`${type}: noncompliant fails ${check}, not a check of the type`);
    }
  }
  if (hasOwnLister(manifest) && listing === undefined) {
    problems.push(`${type}: ${file} does not export listing (the responders of its lister's calls)`);
  }
  if (!hasOwnLister(manifest) && listing !== undefined) {
    problems.push(`${type}: ${file} exports listing, but the type has no lister of its own`);
  }
  if (listing !== undefined && listing.typical?.[type] === undefined) {
    problems.push(`${type}: its listing has no typical count of ${type} (for the poller bench)`);
  }
  return problems;
}

/** Whether `error` says that `request` itself (not a module it imports) cannot be found. */
function isMissing(error: unknown, request: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${request}'`);
}

/** The exports of a type's fixtures module; undefined when the type has none. */
export function loadFixtures(type: string): object | undefined {
  const request = `../runtime/types/${type}/fixtures`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(request) as object;
  } catch (error) {
    if (isMissing(error, request)) return undefined;
    throw error;
  }
}

/** A type's fixtures, by the type's name; fails naming the type and each missing export. */
export function fixturesOf(type: string): TypeFixtures {
  const manifest = manifestOf(type);
  if (!manifest) throw new Error(`fixturesOf: no resource type ${JSON.stringify(type)}`);
  const fixtures = loadFixtures(type);
  const problems = fixtureProblems(manifest, fixtures);
  if (problems.length > 0) throw new Error(`incomplete fixtures:\n  ${problems.join('\n  ')}`);
  return fixtures as TypeFixtures;
}

/** One scenario per type (every manifest), failing all of the type's checks at once. */
export const NONCOMPLIANT: Readonly<Record<ResourceType, Scenario>> = Object.fromEntries(
  MANIFESTS.map((m) => [m.type, fixturesOf(m.type).noncompliant]),
) as Record<ResourceType, Scenario>;

/** The listing fixtures of the types with a lister of their own, with their manifests. */
export const LISTINGS: readonly { readonly manifest: Manifest; readonly listing: ListingFixture }[] =
  MANIFESTS.filter(hasOwnLister).map((manifest) => ({
    manifest,
    listing: fixturesOf(manifest.type).listing!,
  }));
