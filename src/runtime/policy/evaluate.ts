/**
 * Judges a whole resource policy (or role trust policy) the way AWS evaluates a request: a statement
 * is public when a caller no fixed value names can satisfy it and no Deny of the policy stops that
 * caller whatever they choose. The rules and their references: docs/policy-judgement.md.
 */

import { type Caller, type CandidateContext, type NetworkPath, type Value, candidateValues } from './callers';
import { evaluateOperator } from './conditions';
import { cidrContains, isBroadRange, parseCidr } from './ip';
import { ACCOUNT_KINDS, ARN_KINDS, ORG_KINDS, ORG_PATH_KINDS, isPinningKind, keyKind } from './keys';
import {
  type Pattern,
  type VariableValues,
  compilePattern,
  patternCovers,
  patternsIntersect,
} from './pattern';
import type { PolicyDocument } from './document';
import {
  type ConditionTerm,
  type Element,
  type ParsedStatement,
  type PrincipalEntry,
  entryAccount,
  parseStatement,
  principalAccount,
} from './statement';
import { type WebIdentityProvider, webIdentityProvider } from './web-identity';

export interface JudgeOptions {
  /**
   * The resource type of the message contract whose policy this is; `iam_role` judges a role trust
   * policy (who may assume the role).
   */
  readonly type: string;
  /** The resource's account. */
  readonly account: string;
  readonly partition?: string;
  /** Accounts besides the resource's own that are known (watched, or partners by settings). */
  readonly knownAccounts?: Iterable<string>;
  /** Ids (o-...) of the known organizations. */
  readonly organizationIds?: Iterable<string>;
  /**
   * ARN patterns of everything the policy can govern (for a bucket, the bucket and its objects): a
   * Deny on them all counts as a Deny on `*`.
   */
  readonly resourceArns?: readonly string[];
  readonly now?: Date;
}

export interface StatementVerdict {
  readonly index: number;
  readonly sid?: string;
  readonly effect: string;
  readonly public: boolean;
  /** Why, in words: which principal lets strangers in, which condition pins them or does not. */
  readonly reasons: readonly string[];
  /** The principal entries that let strangers in (`"*"`, `NotPrincipal`, an unpinned provider). */
  readonly publicPrincipals: readonly PrincipalEntry[];
  /** Whether the statement uses NotPrincipal (it cannot be narrowed to its named principals). */
  readonly notPrincipal: boolean;
  /** Accounts and organizations, not known, that the statement grants to. */
  readonly external: readonly string[];
}

export interface PolicyVerdict {
  readonly public: boolean;
  readonly statements: readonly StatementVerdict[];
}

/** What the solver found for one statement and one caller. */
type Outcome =
  | {
      readonly reached: true;
      readonly witness: ReadonlyMap<string, Value>;
      readonly escaped: readonly number[];
    }
  | { readonly reached: false; readonly pinnedBy?: readonly string[]; readonly deniedBy?: readonly number[] };

const TRUST_TYPE = 'iam_role';
const PATHS: readonly NetworkPath[] = ['vpc', 'internet'];
const ASSUME_ROLE = compilePattern('sts:assumerole', false, () => undefined);
const ASSUME_WEB = compilePattern('sts:assumerolewithwebidentity', false, () => undefined);
const STAR = compilePattern('*', true, () => undefined);

interface Judge {
  readonly options: JudgeOptions;
  readonly statements: readonly ParsedStatement[];
  readonly ctx: CandidateContext;
  readonly knownAccounts: ReadonlySet<string>;
  readonly knownOrgs: ReadonlySet<string>;
  readonly resourceSpace: readonly Pattern[];
  /** The accounts and organizations that fixed values of the policy name. */
  readonly named: { readonly accounts: ReadonlySet<string>; readonly orgs: ReadonlySet<string> };
  /** An account no fixed value names: a stranger's. */
  readonly freshAccount: string;
  /** Candidate values, by caller and key: the same for every statement of the policy. */
  readonly candidates: Map<string, readonly Value[]>;
}

function callerKey(caller: Caller): string {
  if (caller.kind === 'principal') return `p:${caller.account}:${caller.fresh}:${caller.org ?? ''}`;
  return caller.kind === 'web' ? `w:${caller.provider.host}` : 'a';
}

function candidatesFor(judge: Judge, key: string, caller: Caller, path: NetworkPath): readonly Value[] {
  const cacheKey = `${callerKey(caller)}|${path}|${key}`;
  let values = judge.candidates.get(cacheKey);
  if (!values) {
    values = candidateValues(key, caller, path, judge.ctx);
    judge.candidates.set(cacheKey, values);
  }
  return values;
}

/** Whether a principal entry names the caller. */
function entryNames(entry: PrincipalEntry, caller: Caller): boolean {
  if (entry.value === '*') {
    if (entry.kind === '*') return true;
    if (entry.kind === 'AWS') return caller.kind !== 'web';
    if (entry.kind === 'Federated') return caller.kind === 'web';
    return true;
  }
  if (entry.kind === 'AWS') return caller.kind === 'principal' && entryAccount(entry) === caller.account;
  if (entry.kind === 'Federated') {
    return caller.kind === 'web' && webIdentityProvider(entry.value)?.host === caller.provider.host;
  }
  return false;
}

function admits(principals: Element<PrincipalEntry> | undefined, caller: Caller): boolean {
  if (!principals) return false;
  const named = principals.items.some((e) => entryNames(e, caller));
  return principals.not ? !named : named;
}

/** An action a statement may grant: one pattern, or everything but some (NotAction). */
type Item = { readonly pattern: Pattern } | { readonly not: readonly Pattern[] };

function items(element: Element<Pattern> | undefined): Item[] {
  if (!element) return [{ pattern: STAR }];
  return element.not ? [{ not: element.items }] : element.items.map((pattern) => ({ pattern }));
}

/** Whether a Deny's Action (or Resource) element covers everything an allowed item grants. */
function covers(element: Element<Pattern> | undefined, item: Item, ignoreCase: boolean): boolean {
  const list = element ? element.items : [STAR];
  const not = element?.not ?? false;
  if ('pattern' in item) {
    return not
      ? !list.some((q) => patternsIntersect(q, item.pattern, ignoreCase))
      : list.some((q) => patternCovers(q, item.pattern, ignoreCase));
  }
  // Everything but N is covered by everything (`*`), or by everything but M where every M is in N.
  return not
    ? list.every((m) => item.not.some((n) => patternCovers(n, m, ignoreCase)))
    : list.some((q) => patternCovers(q, STAR, ignoreCase));
}

/** The actions a caller can get from an Allow: for a role trust, only the assume call of its kind. */
function actionItems(statement: ParsedStatement, caller: Caller, type: string): Item[] {
  if (!statement.actions) return [];
  if (type !== TRUST_TYPE) return items(statement.actions);
  if (caller.kind === 'anonymous') return [];
  const wanted = caller.kind === 'web' ? ASSUME_WEB : ASSUME_ROLE;
  return covers(statement.actions, { pattern: wanted }, true) ? [{ pattern: wanted }] : [];
}

/** A Deny's resources: `*` when they cover everything the policy governs. */
function denyResources(judge: Judge, deny: ParsedStatement): Element<Pattern> | undefined {
  const resources = deny.resources;
  if (!resources || resources.not || judge.resourceSpace.length === 0) return resources;
  const all = judge.resourceSpace.every((space) => resources.items.some((q) => patternCovers(q, space)));
  return all ? undefined : resources;
}

function termHolds(term: ConditionTerm, value: Value, side: 'allow' | 'deny'): boolean {
  // An operator AWS does not know is not judged: it neither keeps a stranger out nor stops one.
  if (!term.operator) return side === 'allow';
  return evaluateOperator(term.operator, term.values, value);
}

const holdsAll = (terms: readonly ConditionTerm[] | undefined, value: Value, side: 'allow' | 'deny') =>
  (terms ?? []).every((t) => termHolds(t, value, side));

/**
 * Whether the caller can satisfy the Allow while escaping every Deny: a value per key such that the
 * Allow's conditions hold and each Deny has a condition that fails.
 */
function solve(
  judge: Judge,
  allow: ParsedStatement,
  denies: readonly ParsedStatement[],
  caller: Caller,
  path: NetworkPath,
): Outcome {
  const keys = new Set<string>(allow.conditions.keys());
  for (const deny of denies) for (const key of deny.conditions.keys()) keys.add(key);
  const options: { key: string; choices: { value: Value; escapes: number }[] }[] = [];
  const pinnedBy: string[] = [];
  for (const key of keys) {
    const seen = new Map<number, Value>();
    for (const value of candidatesFor(judge, key, caller, path)) {
      if (!holdsAll(allow.conditions.get(key), value, 'allow')) continue;
      let escapes = 0;
      denies.forEach((deny, i) => {
        const terms = deny.conditions.get(key);
        if (terms && !holdsAll(terms, value, 'deny')) escapes |= 1 << i;
      });
      if (!seen.has(escapes)) seen.set(escapes, value);
    }
    if (seen.size === 0) pinnedBy.push(key);
    options.push({ key, choices: [...seen].map(([escapes, value]) => ({ value, escapes })) });
  }
  if (pinnedBy.length > 0) return { reached: false, pinnedBy };
  const all = denies.length >= 31 ? -1 : (1 << denies.length) - 1;
  // Keys whose values escape the most Denies first; stop at the first full cover.
  const chosen = new Map<string, Value>();
  const search = (k: number, covered: number): boolean => {
    if ((covered & all) === all) {
      for (let rest = k; rest < options.length; rest += 1)
        chosen.set(options[rest]!.key, options[rest]!.choices[0]!.value);
      return true;
    }
    if (k === options.length) return false;
    for (const choice of [...options[k]!.choices].sort((a, b) => bitCount(b.escapes) - bitCount(a.escapes))) {
      chosen.set(options[k]!.key, choice.value);
      if (search(k + 1, covered | choice.escapes)) return true;
    }
    chosen.delete(options[k]!.key);
    return false;
  };
  if (search(0, 0)) return { reached: true, witness: chosen, escaped: denies.map((d) => d.index) };
  const escapable = options.reduce((mask, o) => mask | o.choices.reduce((m, c) => m | c.escapes, 0), 0);
  const stopping = denies.filter((_, i) => (escapable & (1 << i)) === 0);
  return { reached: false, deniedBy: (stopping.length > 0 ? stopping : denies).map((d) => d.index) };
}

function bitCount(n: number): number {
  let count = 0;
  for (let v = n; v !== 0; v &= v - 1) count += 1;
  return count;
}

/** Whether a caller gets any access through an Allow statement, and how (or what stops them). */
function reach(judge: Judge, allow: ParsedStatement, caller: Caller): Outcome {
  if (!admits(allow.principals, caller)) return { reached: false };
  const actions = actionItems(allow, caller, judge.options.type);
  if (actions.length === 0) return { reached: false };
  const resources = items(allow.resources);
  const denies = judge.statements.filter((s) => s.effect === 'Deny' && admits(s.principals, caller));
  let last: Outcome = { reached: false };
  for (const action of actions) {
    for (const resource of resources) {
      const relevant = denies.filter(
        (d) => covers(d.actions, action, true) && covers(denyResources(judge, d), resource, false),
      );
      for (const path of PATHS) {
        const outcome = solve(judge, allow, relevant.slice(0, 30), caller, path);
        if (outcome.reached) return outcome;
        last = outcome;
      }
    }
  }
  return last;
}

/** The callers no fixed value names: anonymous, a principal of a fresh account, each provider's users. */
function strangers(judge: Judge): Caller[] {
  const fresh = judge.freshAccount;
  const callers: Caller[] = [];
  if (judge.options.type !== TRUST_TYPE) callers.push({ kind: 'anonymous' });
  callers.push({ kind: 'principal', account: fresh, fresh: true });
  for (const provider of judge.ctx.providers.values()) callers.push({ kind: 'web', provider });
  return callers;
}

function freshAccountOf(named: ReadonlySet<string>, known: ReadonlySet<string>): string {
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(12, '0');
    if (!named.has(candidate) && !known.has(candidate)) return candidate;
  }
}

/** Accounts and organizations the policy names with fixed values. */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

function namedIdentities(
  statements: readonly ParsedStatement[],
  type: string,
): { accounts: Set<string>; orgs: Set<string> } {
  const accounts = new Set<string>();
  const orgs = new Set<string>();
  for (const statement of statements) {
    for (const entry of statement.principals?.items ?? []) {
      const account = entry.kind === 'AWS' ? principalAccount(entry.value) : undefined;
      if (account) accounts.add(account);
    }
    for (const [key, terms] of statement.conditions) {
      const kind = keyKind(key, type);
      for (const term of terms) {
        if (!term.operator || term.operator.negated || term.operator.kind === 'null') continue;
        for (const value of term.values) {
          const text = value.text;
          // A wildcard after the part that names the owner still names it (`arn:aws:iam::111122223333:role/*`,
          // `o-a1b2c3d4e5/*`); one in that part names nobody.
          if (ACCOUNT_KINDS.has(kind) && /^\d{12}$/.test(text)) accounts.add(text);
          if (ORG_KINDS.has(kind) && ORGANIZATION_ID.test(text)) orgs.add(text);
          if (ORG_PATH_KINDS.has(kind) && ORGANIZATION_ID.test(text.split('/')[0]!))
            orgs.add(text.split('/')[0]!);
          if (ARN_KINDS.has(kind)) {
            const account = principalAccount(text);
            if (account) accounts.add(account);
          }
        }
      }
    }
  }
  return { accounts, orgs };
}

/** The web-identity provider and claim of a key such as `token.actions.githubusercontent.com:sub`. */
function providerClaim(judge: Judge, key: string) {
  for (const [host, provider] of judge.ctx.providers) {
    if (key.startsWith(`${host}:`)) return { provider, claim: key.slice(host.length + 1) };
  }
  return undefined;
}

function quote(values: readonly string[]): string {
  return values.length === 1
    ? JSON.stringify(values[0])
    : `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function describeTerm(term: ConditionTerm): string {
  return `${term.operatorName} ${term.key} ${quote(term.written)}`;
}

function callerWords(caller: Caller): string {
  if (caller.kind === 'anonymous') return 'anyone, even without credentials';
  if (caller.kind === 'principal') return 'a principal of any AWS account';
  return `anyone with a ${caller.provider.name} token (${caller.provider.host})`;
}

function label(statement: ParsedStatement): string {
  return statement.sid !== undefined ? `"${statement.sid}"` : `#${statement.index + 1}`;
}

/**
 * Why an aws:SourceIp condition lets a stranger in from `address`: a negated operator passes every
 * address outside its ranges, and a range wider than /8 (IPv4) or /32 (IPv6) spans the networks of
 * many owners (S3 Block Public Access judges aws:SourceIp so: "The meaning of public",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html).
 */
function addressReason(term: ConditionTerm, address: string): string {
  const head = `${describeTerm(term)} does not pin the caller`;
  if (term.operator?.negated)
    return `${head}: it passes every address outside its ranges, a stranger's ${address} too`;
  const broad = term.written.find((text) => {
    const cidr = parseCidr(text);
    return cidr !== undefined && isBroadRange(cidr) && cidrContains(cidr, address);
  });
  if (broad !== undefined) {
    return `${head}: ${broad} is wider than a /8 (IPv4) or /32 (IPv6) range, so a stranger can send from an address in it`;
  }
  return `${head}: a stranger can send from ${address}`;
}

/** Why a reached caller got in: the principal that admits them and each condition they satisfy. */
function publicReasons(
  judge: Judge,
  allow: ParsedStatement,
  caller: Caller,
  outcome: Outcome & { reached: true },
): string[] {
  const reasons: string[] = [];
  const entry = allow.principals!.items.find((e) => entryNames(e, caller));
  if (allow.principals!.not)
    reasons.push(`NotPrincipal lets in everyone it does not list: ${callerWords(caller)}`);
  else if (entry?.kind === 'Federated')
    reasons.push(`Federated ${entry.value} lets in ${callerWords(caller)}`);
  else reasons.push(`Principal "*" lets in ${callerWords(caller)}`);
  if (allow.conditions.size === 0) reasons.push('no condition pins the caller');
  for (const [key, terms] of allow.conditions) {
    const value = outcome.witness.get(key);
    const kind = keyKind(key, judge.options.type);
    const claim = providerClaim(judge, key);
    for (const term of terms) {
      if (!term.operator) {
        reasons.push(`${term.operatorName} is not a condition operator AWS knows; it was not judged`);
      } else if (value === undefined) {
        reasons.push(`${describeTerm(term)} passes when the request has no ${term.key}, as a stranger's can`);
      } else if (kind === 'time') {
        reasons.push(`${describeTerm(term)} holds now or later`);
      } else if (kind === 'ip') {
        reasons.push(addressReason(term, value[0]!));
      } else if (claim && !claim.provider.pinKeys.includes(claim.claim)) {
        reasons.push(
          `${describeTerm(term)} does not say whose token it is: any ${claim.provider.name} token can carry that ${claim.claim}`,
        );
      } else if (claim || isPinningKind(kind)) {
        reasons.push(
          `${describeTerm(term)} does not pin the caller: a stranger's own value ${JSON.stringify(value[0])} passes it (a wildcard, a policy variable or a negated operator leaves the owner open)`,
        );
      } else {
        reasons.push(`${describeTerm(term)} does not pin the caller: the caller chooses ${term.key}`);
      }
    }
  }
  for (const problem of allow.problems) reasons.push(problem);
  const escaped = judge.statements.filter((s) => outcome.escaped.includes(s.index));
  if (escaped.length > 0) {
    reasons.push(
      `Deny ${escaped.map(label).join(', ')} does not stop it: the caller can make its conditions fail`,
    );
  }
  return reasons;
}

/** Why no stranger gets in. */
function privateReasons(
  judge: Judge,
  allow: ParsedStatement,
  outcomes: readonly { caller: Caller; outcome: Outcome }[],
): string[] {
  if (allow.effect !== 'Allow')
    return allow.effect === 'Deny'
      ? ['a Deny statement grants nothing']
      : ['its Effect is neither Allow nor Deny: it grants nothing'];
  if (!allow.principals) return ['it has no Principal: it names nobody'];
  const reasons = new Set<string>();
  for (const { caller, outcome } of outcomes) {
    if (outcome.reached) continue;
    if (!admits(allow.principals, caller)) continue;
    if (outcome.pinnedBy) {
      for (const key of outcome.pinnedBy) {
        for (const term of allow.conditions.get(key) ?? []) {
          reasons.add(
            caller.kind === 'web'
              ? `${describeTerm(term)} fixes whose ${caller.provider.name} tokens count`
              : `${describeTerm(term)} pins the caller: a stranger cannot have a value that passes`,
          );
        }
      }
    } else if (outcome.deniedBy) {
      const denies = judge.statements.filter((s) => outcome.deniedBy!.includes(s.index));
      reasons.add(`Deny ${denies.map(label).join(', ')} stops ${callerWords(caller)}, whatever they choose`);
    } else if (judge.options.type === TRUST_TYPE && caller.kind !== 'anonymous') {
      reasons.add(
        `it does not allow ${caller.kind === 'web' ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole'} to ${callerWords(caller)}`,
      );
    }
  }
  if (reasons.size === 0) {
    const named = allow.principals.items.map((e) => (e.kind === '*' ? '*' : `${e.kind} ${e.value}`));
    reasons.add(`Principal names only specific principals: ${named.join(', ') || 'none'}`);
  }
  return [...reasons];
}

/** Judges every statement of a policy document. */
export function judgePolicy(document: PolicyDocument, options: JudgeOptions): PolicyVerdict {
  const partition = options.partition ?? 'aws';
  const organizationIds = new Set(options.organizationIds ?? []);
  const ownOrg = organizationIds.size === 1 ? [...organizationIds][0]! : 'o-resourceowner';
  const variables: VariableValues = (name) => {
    if (name === 'aws:resourceaccount') return options.account;
    if (name === 'aws:resourceorgid') return ownOrg;
    if (name === 'aws:resourceorgpaths') return `${ownOrg}/`;
    return undefined;
  };
  const statements = document.Statement.map((s, i) => parseStatement(s, i, variables));
  const providers = new Map<string, WebIdentityProvider>();
  for (const statement of statements) {
    for (const entry of statement.principals?.items ?? []) {
      const provider = entry.kind === 'Federated' ? webIdentityProvider(entry.value) : undefined;
      if (provider) providers.set(provider.host, provider);
    }
  }
  const terms = new Map<string, ConditionTerm[]>();
  for (const statement of statements) {
    for (const [key, list] of statement.conditions) terms.set(key, [...(terms.get(key) ?? []), ...list]);
  }
  const knownAccounts = new Set([options.account, ...(options.knownAccounts ?? [])]);
  const knownOrgs = new Set([...organizationIds, ownOrg]);
  const named = namedIdentities(statements, options.type);
  let freshOrg = 'o-stranger00';
  for (let n = 1; named.orgs.has(freshOrg) || knownOrgs.has(freshOrg); n += 1) freshOrg = `o-stranger${n}`;
  const judge: Judge = {
    options,
    statements,
    knownAccounts,
    knownOrgs,
    named,
    freshAccount: freshAccountOf(named.accounts, knownAccounts),
    candidates: new Map(),
    ctx: {
      resourceType: options.type,
      account: options.account,
      partition,
      terms,
      providers,
      freshOrg,
      now: options.now ?? new Date(),
    },
    resourceSpace: (options.resourceArns ?? []).map((a) => compilePattern(a, true, variables)),
  };

  const callers = strangers(judge);
  const verdicts = statements.map((statement): StatementVerdict => {
    const base = {
      index: statement.index,
      ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
      effect:
        typeof statement.statement.Effect === 'string'
          ? statement.statement.Effect
          : String(statement.statement.Effect),
      notPrincipal: statement.principals?.not === true,
    };
    if (statement.effect !== 'Allow' || !statement.principals) {
      return {
        ...base,
        public: false,
        reasons: privateReasons(judge, statement, []),
        publicPrincipals: [],
        external: [],
      };
    }
    const outcomes = callers.map((caller) => ({ caller, outcome: reach(judge, statement, caller) }));
    const reached = outcomes.filter((o) => o.outcome.reached);
    if (reached.length > 0) {
      const first = reached[0]!;
      const reasons = publicReasons(
        judge,
        statement,
        first.caller,
        first.outcome as Outcome & { reached: true },
      );
      for (const other of reached.slice(1)) {
        if (other.caller.kind === 'web')
          reasons.push(
            ...publicReasons(
              judge,
              statement,
              other.caller,
              other.outcome as Outcome & { reached: true },
            ).slice(0, 1),
          );
      }
      const publicPrincipals = statement.principals.not
        ? []
        : statement.principals.items.filter((e) => reached.some((o) => entryNames(e, o.caller)));
      return { ...base, public: true, reasons: [...new Set(reasons)], publicPrincipals, external: [] };
    }
    const external = externalGrants(judge, statement);
    const reasons = privateReasons(judge, statement, outcomes);
    for (const id of external) {
      reasons.push(`grants ${id.startsWith('o-') ? 'organization' : 'account'} ${id}, which is not known`);
    }
    return { ...base, public: false, reasons, publicPrincipals: [], external };
  });
  return { public: verdicts.some((v) => v.public), statements: verdicts };
}

/** The unknown accounts and organizations (named by fixed values) that reach the statement. */
function externalGrants(judge: Judge, statement: ParsedStatement): string[] {
  const external: string[] = [];
  for (const account of judge.named.accounts) {
    if (judge.knownAccounts.has(account)) continue;
    if (reach(judge, statement, { kind: 'principal', account, fresh: false }).reached) external.push(account);
  }
  for (const org of judge.named.orgs) {
    if (judge.knownOrgs.has(org)) continue;
    const caller: Caller = { kind: 'principal', account: judge.freshAccount, fresh: false, org };
    if (reach(judge, statement, caller).reached) external.push(org);
  }
  return external;
}
