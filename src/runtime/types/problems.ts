/**
 * What a type's folder lacks or gets wrong: its manifest's fields, and the `auditor.ts` and
 * `lister.ts` the manifest loads. Each problem is one line that names the type and the part
 * ("sqs: manifest has no checks"). A complete type has none; the registry test runs this on every
 * manifest, so a new type's folder is held to the same shape as the others.
 */

import { MANIFESTS } from './index';
import { type CheckSpec, SEVERITIES, type TypeManifest } from './manifest';

/** A type name as messages carry it: lower case words joined by "_". */
const TYPE_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
/** An IAM action: `service:Action`. */
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;
/** The longest check title: it is the first line of a notification. */
const MAX_TITLE = 80;

/** The message of whatever a load threw. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function checkProblems(type: string, checks: readonly CheckSpec[] | undefined): string[] {
  if (!Array.isArray(checks) || checks.length === 0) return [`${type}: manifest has no checks`];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const check of checks) {
    const id = String(check.id);
    if (!id.startsWith(`${type}.`) || id.length === type.length + 1) {
      problems.push(`${type}: check ${id} is not of type ${type} (a check id is "${type}.<name>")`);
    }
    if (seen.has(id)) problems.push(`${type}: check ${id} is declared twice`);
    seen.add(id);
    if (!(SEVERITIES as readonly string[]).includes(check.severity)) {
      problems.push(`${type}: check ${id} has no severity (one of ${SEVERITIES.join(', ')})`);
    }
    if (typeof check.title !== 'string' || check.title.trim() === '') {
      problems.push(`${type}: check ${id} has no title`);
    } else if (check.title.length > MAX_TITLE) {
      problems.push(`${type}: check ${id} has a title longer than ${MAX_TITLE} characters`);
    }
    if (check.fix !== undefined && (typeof check.fix !== 'string' || check.fix.trim() === '')) {
      problems.push(`${type}: check ${id} has an empty fix (leave it out when the check is reported only)`);
    }
    if (check.consent !== undefined && check.fix === undefined) {
      problems.push(`${type}: check ${id} asks for consent (${check.consent}) but has no fix`);
    }
  }
  return problems;
}

function actionProblems(type: string, field: string, actions: readonly string[] | undefined): string[] {
  if (!Array.isArray(actions)) return [`${type}: manifest has no ${field}`];
  return actions
    .filter((action) => typeof action !== 'string' || !IAM_ACTION.test(action))
    .map((action) => `${type}: ${field} has ${JSON.stringify(action)}, not an IAM action (service:Action)`);
}

function eventProblems(type: string, events: TypeManifest['events'] | undefined): string[] {
  if (!Array.isArray(events))
    return [`${type}: manifest has no events (an empty list when no call leads to it)`];
  const problems: string[] = [];
  events.forEach((row, i) => {
    const name = `event row ${i + 1}`;
    if (typeof row.eventSource !== 'string' || !row.eventSource.endsWith('.amazonaws.com')) {
      problems.push(`${type}: ${name} has no eventSource (like "sqs.amazonaws.com")`);
    }
    if (!Array.isArray(row.eventNames) || row.eventNames.length === 0) {
      problems.push(`${type}: ${name} has no eventNames`);
    }
    if (typeof row.ids !== 'function') problems.push(`${type}: ${name} has no ids()`);
  });
  return problems;
}

async function auditorProblems(manifest: TypeManifest): Promise<string[]> {
  const { type } = manifest;
  if (typeof manifest.auditor !== 'function') return [`${type}: manifest has no auditor()`];
  let auditor: unknown;
  try {
    auditor = await manifest.auditor();
  } catch (error) {
    return [`${type}: auditor.ts cannot be loaded: ${messageOf(error)}`];
  }
  if (auditor === undefined || auditor === null) return [`${type}: auditor.ts does not export auditor`];
  const { type: audited, inspect } = auditor as { type?: unknown; inspect?: unknown };
  const problems: string[] = [];
  if (audited !== type) problems.push(`${type}: auditor.ts exports the auditor of ${String(audited)}`);
  if (typeof inspect !== 'function') problems.push(`${type}: auditor.ts's auditor has no inspect()`);
  return problems;
}

async function listingProblems(
  manifest: TypeManifest,
  manifests: readonly TypeManifest[],
): Promise<string[]> {
  const { type, listing } = manifest;
  // No listing: the poller sends the type's messages itself (`region`).
  if (listing === undefined) return [];
  if ('listedWith' in listing) {
    const owner = manifests.find((m) => m.type === listing.listedWith);
    if (!owner?.listing || !('load' in owner.listing)) {
      return [`${type}: listed with ${listing.listedWith}, which is not a type with a lister of its own`];
    }
    try {
      const lister = await owner.listing.load();
      if (!lister?.types?.includes(type as never)) {
        return [`${type}: listed with ${owner.type}, whose lister.ts does not list ${type}`];
      }
    } catch {
      // The owner's own check reports it.
    }
    return [];
  }
  const problems: string[] = [];
  if (!Array.isArray(listing.actions) || listing.actions.length === 0) {
    problems.push(`${type}: listing has no actions (the IAM actions of its calls)`);
  } else {
    problems.push(...actionProblems(type, 'listing.actions', listing.actions));
  }
  if (typeof listing.load !== 'function') return [...problems, `${type}: listing has no load()`];
  let lister: unknown;
  try {
    lister = await listing.load();
  } catch (error) {
    return [...problems, `${type}: lister.ts cannot be loaded: ${messageOf(error)}`];
  }
  if (lister === undefined || lister === null)
    return [...problems, `${type}: lister.ts does not export lister`];
  const { types, list } = lister as { types?: unknown; list?: unknown };
  if (!Array.isArray(types) || !types.includes(type)) {
    problems.push(`${type}: lister.ts's lister does not list ${type} (its types: ${String(types)})`);
  }
  if (typeof list !== 'function') problems.push(`${type}: lister.ts's lister has no list()`);
  return problems;
}

/**
 * Every check with a fix is undoable (an entry of `undo.ts`) or says why not (`notUndoable`), never
 * both; `undo.ts` undoes nothing else.
 */
async function undoProblems(manifest: TypeManifest): Promise<string[]> {
  const type = String(manifest.type);
  if (!Array.isArray(manifest.checks)) return [];
  const problems: string[] = [];
  const fixed = manifest.checks.filter((c) => c.fix !== undefined);
  for (const check of manifest.checks) {
    if (check.notUndoable !== undefined && check.fix === undefined)
      problems.push(`${check.id}: says why its fix cannot be undone, but has no fix`);
    if (check.notUndoable !== undefined && String(check.notUndoable).trim() === '')
      problems.push(`${check.id}: notUndoable is empty; say why the fix cannot be undone`);
  }
  const undoable = fixed.filter((c) => c.notUndoable === undefined).map((c) => String(c.id));
  let table: Record<string, unknown> = {};
  if (manifest.undo !== undefined) {
    if (typeof manifest.undo !== 'function') return [...problems, `${type}: manifest's undo is not a loader`];
    try {
      table = ((await manifest.undo()) ?? {}) as Record<string, unknown>;
    } catch (error) {
      return [...problems, `${type}: undo.ts cannot be loaded: ${messageOf(error)}`];
    }
  }
  for (const id of undoable) {
    if (!(id in table)) {
      problems.push(
        `${id}: its fix has no undo; add it to ${type}/undo.ts, or say in the manifest why it cannot be undone (notUndoable)`,
      );
    }
  }
  for (const [id, undo] of Object.entries(table)) {
    if (!fixed.some((c) => c.id === id))
      problems.push(`${type}: undo.ts undoes ${id}, which is not a fix of the type`);
    else if (!undoable.includes(id))
      problems.push(`${id}: is undone in undo.ts but its manifest says it cannot be`);
    if (typeof (undo as { plan?: unknown })?.plan !== 'function')
      problems.push(`${id}: its undo has no plan()`);
  }
  problems.push(...actionProblems(type, 'undoActions', manifest.undoActions ?? []));
  if (undoable.length > 0 && (manifest.undoActions ?? []).length === 0)
    problems.push(
      `${type}: fixes can be undone but the manifest has no undoActions (the IAM actions undo writes with)`,
    );
  if ((manifest.undoActions ?? []).length > 0 && undoable.length === 0)
    problems.push(`${type}: undoActions are declared but no fix can be undone`);
  return problems;
}

/**
 * The problems of one type's folder, among `manifests` (the other types, for `listedWith` and
 * duplicates): none when the manifest is complete and its auditor and lister load and match it.
 */
export async function manifestProblems(
  manifest: TypeManifest,
  manifests: readonly TypeManifest[] = MANIFESTS,
): Promise<string[]> {
  const type = String(manifest.type);
  const problems: string[] = [];
  if (!TYPE_NAME.test(type)) problems.push(`${type}: the type name is not lower snake_case`);
  if (manifests.filter((m) => m.type === type).length > 1)
    problems.push(`${type}: two manifests of the type`);
  if (typeof manifest.id !== 'string' || manifest.id.trim() === '') {
    problems.push(`${type}: manifest has no id (what a message's id is for the type)`);
  }
  const checks = checkProblems(type, manifest.checks);
  problems.push(...checks);
  if (Array.isArray(manifest.readActions) && manifest.readActions.length === 0) {
    problems.push(`${type}: manifest has no readActions (the IAM actions of the audit)`);
  } else {
    problems.push(...actionProblems(type, 'readActions', manifest.readActions));
  }
  problems.push(...actionProblems(type, 'remediateActions', manifest.remediateActions));
  const fixes = Array.isArray(manifest.checks) && manifest.checks.some((c) => c.fix !== undefined);
  const declared = Array.isArray(manifest.remediateActions);
  const writes = declared && manifest.remediateActions.length > 0;
  if (fixes && declared && !writes)
    problems.push(`${type}: checks have fixes but the manifest has no remediateActions`);
  if (!fixes && writes) problems.push(`${type}: remediateActions are declared but no check has a fix`);
  problems.push(...eventProblems(type, manifest.events));
  problems.push(...(await listingProblems(manifest, manifests)));
  problems.push(...(await auditorProblems(manifest)));
  // Undo is judged once the checks are right (a broken check list would make every undo look wrong).
  if (checks.length === 0) problems.push(...(await undoProblems(manifest)));
  return problems;
}
