/**
 * EventBridge schedule expressions for rules, as the EventBridge user guide defines them ("Using cron
 * and rate expressions to schedule rules"): `rate(value unit)` and `cron(minutes hours day-of-month
 * month day-of-week year)`. A wrong expression fails `pulumi up` before anything is created, with
 * what to write instead, rather than at the EventBridge call.
 */

const RATE_UNITS = ['minute', 'hour', 'day'] as const;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names that stand for numbers (JAN = 1, SUN = 1). */
  readonly names?: readonly string[];
  /** Whether `?` may stand for the whole field. */
  readonly question?: boolean;
}

const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, question: true },
  { name: 'year', min: 1970, max: 2199 },
];

/** The number a value of a field stands for (`5`, `JAN`, `sun`), or undefined when it is none. */
function valueOf(field: CronField, text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? index + 1 : undefined;
}

function range(field: CronField): string {
  const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
  return `${field.min}-${field.max}${names}`;
}

/** Why one element of a field's comma-separated list is wrong, or undefined. */
function elementProblem(field: CronField, element: string): string | undefined {
  const slash = element.split('/');
  if (slash.length > 2) return `"${element}" has more than one "/"`;
  const [base = '', step] = slash;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) {
    return `"${element}": the increment after "/" must be a positive whole number`;
  }
  if (base === '*') return undefined;
  const ends = base.split('-');
  if (ends.length > 2 || ends.some((end) => valueOf(field, end) === undefined)) {
    return `"${element}" is not a value (${range(field)}), a range of them (a-b), "*", or an increment (a/n)`;
  }
  return undefined;
}

/** Why a cron field is wrong, or undefined. */
function fieldProblem(field: CronField, text: string): string | undefined {
  if (field.question && text === '?') return undefined;
  if (field.name === 'day-of-month' && /^(L(-\d{1,2})?|LW|\d{1,2}W)$/.test(text)) {
    const day = /^(\d{1,2})W$/.exec(text)?.[1];
    return day === undefined || valueOf(field, day) !== undefined
      ? undefined
      : `"${text}": W needs a day of the month (1-31) before it`;
  }
  if (field.name === 'day-of-week') {
    if (text.includes('#')) {
      const [day = '', nth = ''] = text.split('#');
      return valueOf(field, day) !== undefined && /^[1-5]$/.test(nth)
        ? undefined
        : `"${text}": "#" takes one day of the week (1-7 or SUN-SAT) and its week of the month (1-5), like "3#2", and nothing else`;
    }
    if (text === 'L') return undefined;
    const last = /^(\w+)L$/.exec(text)?.[1];
    if (last !== undefined) {
      return valueOf(field, last) !== undefined
        ? undefined
        : `"${text}": L after a day of the week (1-7 or SUN-SAT) means its last one in the month`;
    }
  }
  for (const element of text.split(',')) {
    const problem = elementProblem(field, element);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function cronProblem(body: string): string | undefined {
  const parts = body.split(/\s+/);
  if (parts.length !== CRON_FIELDS.length) {
    return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has ${parts.length}; for example "cron(0 3 * * ? *)" (03:00 UTC every day)`;
  }
  for (const [index, field] of CRON_FIELDS.entries()) {
    const text = parts[index]!;
    const problem = fieldProblem(field, text);
    if (problem !== undefined) return `${field.name} field: ${problem}`;
  }
  const [, , dayOfMonth, , dayOfWeek] = parts;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'exactly one of the day-of-month and day-of-week fields must be "?" (EventBridge cannot take both), like "cron(0 3 * * ? *)" or "cron(0 3 ? * MON-FRI *)"';
  }
  return undefined;
}

function rateProblem(body: string): string | undefined {
  const match = /^(\d+)\s+([a-z]+)$/.exec(body);
  if (!match) {
    return 'a rate expression is "rate(<value> <unit>)", the value a positive whole number and the unit minute(s), hour(s) or day(s), like "rate(1 day)" or "rate(12 hours)"';
  }
  const value = Number(match[1]);
  const unit = match[2]!;
  const singular = unit.replace(/s$/, '') as (typeof RATE_UNITS)[number];
  if (!RATE_UNITS.includes(singular)) {
    return `"${unit}" is not a rate unit: use minute(s), hour(s) or day(s)`;
  }
  if (value < 1) return 'the value must be a positive whole number';
  if (value === 1 && unit !== singular)
    return `with a value of 1 the unit is singular: "rate(1 ${singular})"`;
  if (value > 1 && unit === singular) {
    return `with a value above 1 the unit is plural: "rate(${value} ${singular}s)"`;
  }
  return undefined;
}

/**
 * Why `expression` is not an EventBridge schedule expression, or undefined when it is one. The
 * message says what to write instead.
 */
export function scheduleProblem(expression: string): string | undefined {
  const match = /^(rate|cron)\((.*)\)$/s.exec(expression);
  const problem = !match
    ? 'use "rate(<value> <unit>)" or "cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)", like "rate(1 day)" or "cron(0 3 * * ? *)"'
    : match[1] === 'rate'
      ? rateProblem(match[2]!)
      : cronProblem(match[2]!);
  return problem === undefined
    ? undefined
    : `${JSON.stringify(expression)} is not an EventBridge schedule expression: ${problem}`;
}
