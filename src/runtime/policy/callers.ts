/**
 * Who may call, and what their requests may carry. The evaluator tries each caller against each
 * statement; for every condition key it needs the values that caller's requests can have: the
 * caller's own identity where the key names it, anything the caller likes where the key is free-form,
 * or nothing at all. Values are few and chosen to tell the policy's conditions apart.
 */

import { arnFields, parseDate } from './conditions';
import { formatAddress, parseCidr, strangerAddresses } from './ip';
import { type KeyKind, keyKind } from './keys';
import { ANY, type Pattern, exampleOf, fixedPrefix, isFixed, matchesPattern } from './pattern';
import type { ConditionTerm } from './statement';
import type { WebIdentityProvider } from './web-identity';

export type Caller =
  | { readonly kind: 'anonymous' }
  /** An IAM principal of `account`; `fresh` when the account is one no fixed value names. */
  | { readonly kind: 'principal'; readonly account: string; readonly fresh: boolean; readonly org?: string }
  | { readonly kind: 'web'; readonly provider: WebIdentityProvider };

/** A request's value for a key: undefined when the request does not carry it. */
export type Value = readonly string[] | undefined;

/**
 * How a request reaches AWS: from the internet (it has aws:SourceIp) or through a VPC endpoint (it has
 * aws:SourceVpc and aws:SourceVpce instead, and no aws:SourceIp). A caller picks either, not neither.
 */
export type NetworkPath = 'internet' | 'vpc';

export interface CandidateContext {
  readonly resourceType: string;
  readonly account: string;
  readonly partition: string;
  /** Every term of the policy, by lower-cased key. */
  readonly terms: ReadonlyMap<string, readonly ConditionTerm[]>;
  /** Web-identity providers the policy names, by host. */
  readonly providers: ReadonlyMap<string, WebIdentityProvider>;
  /** An organization id no fixed value names. */
  readonly freshOrg: string;
  readonly now: Date;
}

const ABSENT = undefined;
const one = (value: string): Value => [value];

/** The patterns of the policy's values for a key (per ARN field for ARN operators). */
function patternsOf(terms: readonly ConditionTerm[]): Pattern[][] {
  return terms.flatMap((t) => t.values.flatMap((v) => (v.patterns ? [[...v.patterns]] : [])));
}

/** Values of the policy's patterns that `owns` accepts: what a caller can match with its own identity. */
function instances(
  terms: readonly ConditionTerm[],
  build: (patterns: readonly Pattern[]) => string | undefined,
): Value[] {
  const out: Value[] = [];
  for (const patterns of patternsOf(terms)) {
    const value = build(patterns);
    if (value !== undefined) out.push(one(value));
  }
  return out;
}

/**
 * ARNs of the caller's own that match the policy's ARN values: each value whose owner part (the account
 * field, or for ARNs without one, such as S3 buckets, the bucket name) the caller can have, filled in.
 */
function arnInstances(terms: readonly ConditionTerm[], caller: Caller, account: string): Value[] {
  const fresh = caller.kind === 'principal' && caller.fresh;
  return instances(terms, (patterns) => {
    if (patterns.length === 1) {
      // A string operator: `*` may span colons, so a wildcard before the account field leaves the owner open.
      const fields = arnFields(patterns[0]!.source);
      if (!fields) return undefined;
      // The account field is written out before any wildcard: only that account has it.
      if (fixedPrefix(patterns[0]!).split(':').length > 5) {
        return !fresh && fields[4] === account ? exampleOf(patterns[0]!, 'stranger') : undefined;
      }
      return spanWildcard(patterns[0]!, account);
    }
    const accountField = patterns[4]!;
    const resource = patterns[5]!;
    let owner: string;
    if (exampleOf(accountField) === '' && isFixed(accountField)) {
      // No account field: the bucket name (before the first `/`) names the owner.
      if (isFixed(resource) || fixedPrefix(resource).includes('/')) return undefined;
      owner = '';
    } else if (isFixed(accountField)) {
      // A fixed account: only that account's callers have it.
      if (fresh || exampleOf(accountField) !== account) return undefined;
      owner = account;
    } else if (matchesPattern(accountField, account)) {
      owner = account;
    } else if (fresh) {
      // A wildcard in the account field (`1111222233*`): some account a stranger may hold matches it.
      owner = exampleOf(accountField, '0');
    } else {
      return undefined;
    }
    return patterns.map((p, i) => (i === 4 ? owner : exampleOf(p, i === 5 ? 'stranger' : 'x'))).join(':');
  });
}

/**
 * A value of a string pattern over an ARN whose account field is not written out before a wildcard: the
 * first wildcard takes the caller's account (with the fields around it), so the ARN is the caller's own.
 * Undefined when no such value matches.
 */
function spanWildcard(pattern: Pattern, account: string): string | undefined {
  for (const fill of [account, `x:${account}`, `${account}:x`, `x:${account}:x`, `x:x:${account}:x`]) {
    let first = true;
    const text = pattern.parts
      .map((p) => {
        if (typeof p === 'string') return p;
        const value = first && p === ANY ? fill : 'x';
        first = false;
        return value;
      })
      .join('');
    if (arnFields(text)?.[4] === account && matchesPattern(pattern, text)) return text;
  }
  return undefined;
}

/** Whether a pattern fixes the part before `separator` (an organization id, a unique id). */
function fixesHead(pattern: Pattern, separator: string): boolean {
  if (isFixed(pattern)) return true;
  return fixedPrefix(pattern).includes(separator);
}

function freeValues(terms: readonly ConditionTerm[]): Value[] {
  const values = new Set<string>(['stranger-value', 'true', 'false', '198.51.100.7', '2001:db8::7']);
  for (const term of terms) {
    for (const value of term.values) {
      const text = value.text;
      if (value.patterns) {
        const example =
          value.patterns.length === 6
            ? value.patterns.map((p) => exampleOf(p)).join(':')
            : exampleOf(value.patterns[0]!);
        values.add(example);
        values.add(`${example}-other`);
        values.add(example.toUpperCase());
      } else {
        values.add(text);
      }
      const n = Number(text);
      if (text.trim() !== '' && Number.isFinite(n)) [n - 1, n + 1].forEach((m) => values.add(String(m)));
      const date = parseDate(text);
      if (date !== undefined && !/^\d+$/.test(text)) {
        [date - 1000, date + 1000].forEach((d) => values.add(new Date(d).toISOString()));
      }
      // A free-form address may be inside any range.
      const cidr = parseCidr(text);
      if (cidr) values.add(formatAddress(cidr.version, cidr.network));
    }
  }
  return [ABSENT, ...[...values].map(one)];
}

function timeValues(key: string, terms: readonly ConditionTerm[], now: Date): Value[] {
  const epoch = key === 'aws:epochtime';
  const format = (ms: number) => (epoch ? String(Math.floor(ms / 1000)) : new Date(ms).toISOString());
  const times = new Set<number>([now.getTime(), now.getTime() + 100 * 365 * 86_400_000]);
  for (const term of terms) {
    for (const value of term.values) {
      const ms = parseDate(value.text);
      if (ms === undefined) continue;
      for (const t of [ms - 1000, ms, ms + 1000]) if (t >= now.getTime()) times.add(t);
    }
  }
  return [...times].map((t) => one(format(t)));
}

function ipValues(terms: readonly ConditionTerm[]): Value[] {
  const cidrs = terms.flatMap((t) => t.values.map((v) => parseCidr(v.text)).filter((c) => c !== undefined));
  const addresses = strangerAddresses(cidrs);
  return (addresses.length > 0 ? addresses : ['198.51.100.7']).map(one);
}

/** The web-identity provider a key belongs to (`token.actions.githubusercontent.com:sub`). */
function providerOfKey(key: string, providers: ReadonlyMap<string, WebIdentityProvider>) {
  for (const [host, provider] of providers) {
    if (key.startsWith(`${host}:`)) return { provider, claim: key.slice(host.length + 1) };
  }
  return undefined;
}

/**
 * The values a caller's requests can carry for `key`: the evaluator picks the one that serves the
 * caller best, so every value here must be one the caller can really send.
 */
export function candidateValues(
  key: string,
  caller: Caller,
  path: NetworkPath,
  ctx: CandidateContext,
): Value[] {
  const terms = ctx.terms.get(key) ?? [];
  const claim = providerOfKey(key, ctx.providers);
  if (claim) {
    if (caller.kind !== 'web' || caller.provider.host !== claim.provider.host) return [ABSENT];
    if (!claim.provider.pinKeys.includes(claim.claim)) return freeValues(terms);
    return [
      one(claim.provider.strangerValue(claim.claim)),
      ...instances(terms, (patterns) =>
        patterns.length === 1 && !claim.provider.fixes(claim.claim, patterns[0]!)
          ? exampleOf(patterns[0]!, 'stranger')
          : undefined,
      ),
    ];
  }
  const kind: KeyKind = keyKind(key, ctx.resourceType);
  const principal = caller.kind === 'principal' ? caller : undefined;
  const account = principal?.account;
  const fresh = principal?.fresh === true;
  const org = principal ? (principal.org ?? ctx.freshOrg) : undefined;
  // Values of the policy a stranger can match because they are not fixed where the owner is named.
  const open = (fixes: (p: Pattern) => boolean, fill: string) =>
    fresh
      ? instances(terms, (ps) => (ps.length === 1 && !fixes(ps[0]!) ? exampleOf(ps[0]!, fill) : undefined))
      : [];
  switch (kind) {
    case 'account':
      return account ? [one(account), ...open(isFixed, '0')] : [ABSENT];
    case 'sourceAccount':
    case 'accessPointAccount':
      return account ? [ABSENT, one(account), ...open(isFixed, '0')] : [ABSENT];
    case 'org':
      if (!principal) return [ABSENT];
      return principal.org ? [one(principal.org)] : [ABSENT, one(ctx.freshOrg), ...open(isFixed, 'x')];
    case 'sourceOrg':
      return principal ? [ABSENT, one(org!), ...open(isFixed, 'x')] : [ABSENT];
    case 'orgPaths':
    case 'sourceOrgPaths': {
      if (!principal) return [ABSENT];
      const own = one(`${org}/r-0000/ou-0000-00000000/`);
      const ofOrg = principal.org
        ? instances(terms, (ps) =>
            ps.length === 1 &&
            (!fixesHead(ps[0]!, '/') || fixedPrefix(ps[0]!).startsWith(`${principal.org}/`))
              ? exampleOf(ps[0]!, 'x').replace(/^[^/]*\//, `${principal.org}/`)
              : undefined,
          )
        : open((p) => fixesHead(p, '/'), 'x');
      const absent = kind === 'sourceOrgPaths' || !principal.org ? [ABSENT] : [];
      return [...absent, own, ...ofOrg];
    }
    case 'principalArn':
      return account
        ? [one(`arn:${ctx.partition}:iam::${account}:role/stranger`), ...arnInstances(terms, caller, account)]
        : [ABSENT];
    case 'sourceArn':
    case 'accessPointArn':
    case 'keyArn': {
      if (!account) return [ABSENT];
      const own =
        kind === 'accessPointArn'
          ? `arn:${ctx.partition}:s3:us-east-1:${account}:accesspoint/stranger`
          : kind === 'keyArn'
            ? `arn:${ctx.partition}:kms:us-east-1:${account}:key/00000000-0000-4000-8000-000000000000`
            : `arn:${ctx.partition}:sns:us-east-1:${account}:stranger`;
      return [ABSENT, one(own), ...arnInstances(terms, caller, account)];
    }
    case 'network':
      if (path === 'internet') return [ABSENT];
      return [one('vpce-0stranger0000000'), one('vpc-0stranger0000000'), ...openAll(terms)];
    case 'userid':
      if (caller.kind === 'anonymous') return [one('anonymous')];
      if (!principal) return [ABSENT];
      return [one('AROASTRANGER000000000:stranger'), ...open((p) => fixesHead(p, ':'), 'x')];
    case 'ip':
      return path === 'internet' ? ipValues(terms) : [ABSENT];
    case 'service':
      return [ABSENT];
    case 'serviceFlag':
    case 'mountTarget':
      return [one('false')];
    case 'resourceAccount':
      return [one(ctx.account)];
    case 'time':
      return timeValues(key, terms, ctx.now);
    case 'free':
      return freeValues(terms);
  }
}

/** Network ids with a wildcard: anyone's VPC can match them. */
function openAll(terms: readonly ConditionTerm[]): Value[] {
  // A stranger's endpoint or VPC has an id AWS assigns (vpce-/vpc- and hex digits): only a pattern
  // with a wildcard that such an id can match lets them in.
  const shaped = /^vpce?-[0-9a-f]+$/;
  return instances(terms, (ps) => {
    if (ps.length !== 1 || isFixed(ps[0]!)) return undefined;
    const pattern = ps[0]!;
    return [exampleOf(pattern, '0'), exampleOf(pattern, '0a'), 'vpce-0a0a0a0a', 'vpc-0a0a0a0a'].find(
      (id) => shaped.test(id) && matchesPattern(pattern, id),
    );
  });
}
