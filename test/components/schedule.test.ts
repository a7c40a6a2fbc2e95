import { expect } from 'chai';
import { scheduleProblem } from '../../src/components/schedule';

// The rules of the EventBridge user guide, "Using cron and rate expressions to schedule rules".
describe('component arguments: EventBridge schedule expressions', () => {
  it('accepts rate expressions: a positive whole value, the unit singular for 1 and plural above', () => {
    for (const ok of [
      'rate(1 minute)',
      'rate(5 minutes)',
      'rate(1 hour)',
      'rate(12 hours)',
      'rate(1 day)',
      'rate(7 days)',
    ]) {
      expect(scheduleProblem(ok), ok).to.equal(undefined);
    }
  });

  it('rejects wrong rate expressions, saying what to write', () => {
    const problem = (expression: string) =>
      scheduleProblem(expression)?.replace(/^.*schedule expression: /, '');
    expect(problem('rate(1 hours)')).to.equal('with a value of 1 the unit is singular: "rate(1 hour)"');
    expect(problem('rate(5 minute)')).to.equal('with a value above 1 the unit is plural: "rate(5 minutes)"');
    expect(problem('rate(0 days)')).to.equal('the value must be a positive whole number');
    expect(problem('rate(2 weeks)')).to.equal('"weeks" is not a rate unit: use minute(s), hour(s) or day(s)');
    expect(problem('rate(1.5 hours)')).to.match(/^a rate expression is "rate\(<value> <unit>\)"/);
    expect(problem('rate(one day)')).to.match(/^a rate expression is "rate\(<value> <unit>\)"/);
  });

  it('accepts cron expressions with six fields and every documented wildcard', () => {
    for (const ok of [
      'cron(0 10 * * ? *)', // 10:00 UTC every day
      'cron(15 12 * * ? *)',
      'cron(0 18 ? * MON-FRI *)',
      'cron(0 8 1 * ? *)',
      'cron(0/15 * * * ? *)',
      'cron(0/10 * ? * MON-FRI *)',
      'cron(0/5 8-17 ? * MON-FRI *)',
      'cron(0 9 ? * 2#1 *)', // the first Monday of the month
      'cron(0 0 L * ? *)', // the last day of the month
      'cron(0 0 3W * ? *)', // the weekday nearest the 3rd
      'cron(0 0 ? * 6L *)', // the last Friday
      'cron(30 2 ? JAN,JUL SUN 2026-2030)',
    ]) {
      expect(scheduleProblem(ok), ok).to.equal(undefined);
    }
  });

  it('rejects wrong cron expressions, naming the field', () => {
    const problem = (expression: string) =>
      scheduleProblem(expression)?.replace(/^.*schedule expression: /, '');
    expect(problem('cron(0 3 * * *)')).to.match(/^a cron expression has 6 fields .* this one has 5/);
    expect(problem('cron(0 3 * * MON *)')).to.match(
      /^exactly one of the day-of-month and day-of-week fields must be "\?"/,
    );
    expect(problem('cron(0 3 ? * ? *)')).to.match(/^exactly one of the day-of-month and day-of-week fields/);
    expect(problem('cron(60 3 * * ? *)')).to.match(/^minutes field: "60" is not a value \(0-59\)/);
    expect(problem('cron(0 24 * * ? *)')).to.match(/^hours field: "24" is not a value \(0-23\)/);
    expect(problem('cron(0 3 32 * ? *)')).to.match(/^day-of-month field: "32" is not a value \(1-31\)/);
    expect(problem('cron(0 3 * 13 ? *)')).to.match(/^month field: "13" is not a value \(1-12 or JAN-DEC\)/);
    expect(problem('cron(0 3 ? * FUN *)')).to.match(
      /^day-of-week field: "FUN" is not a value \(1-7 or SUN-SAT\)/,
    );
    expect(problem('cron(0 3 * * ? 1969)')).to.match(/^year field: "1969" is not a value \(1970-2199\)/);
    expect(problem('cron(0/0 3 * * ? *)')).to.match(
      /^minutes field: "0\/0": the increment after "\/" must be a positive/,
    );
    expect(problem('cron(0 3 ? * 3#1,6#3 *)')).to.match(/^day-of-week field: "3#1,6#3": "#" takes one day/);
  });

  it('rejects what is neither, naming the expression', () => {
    expect(scheduleProblem('every day')).to.equal(
      '"every day" is not an EventBridge schedule expression: use "rate(<value> <unit>)" or "cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)", like "rate(1 day)" or "cron(0 3 * * ? *)"',
    );
    expect(scheduleProblem('Rate(1 day)')).to.match(/is not an EventBridge schedule expression: use "rate/);
    expect(scheduleProblem(' rate(1 day)')).to.match(/is not an EventBridge schedule expression/);
  });
});
