import * as pulumi from '@pulumi/pulumi';
import { regionProblem } from '../runtime/contracts/regions';
import { scheduleProblem } from './schedule';

/** One line per region of `regions` that is not a region code the AWS SDK knows, naming the field. */
export function regionProblems(field: string, regions: readonly string[] | string | undefined): string[] {
  if (regions === undefined) return [];
  if (typeof regions === 'string') {
    const problem = regionProblem(regions);
    return problem === undefined ? [] : [`${field}: ${problem}`];
  }
  return regions.flatMap((region, index) => {
    const problem = typeof region === 'string' ? regionProblem(region) : 'must be a region code string';
    return problem === undefined ? [] : [`${field}[${index}]: ${problem}`];
  });
}

/** Throws, before anything is created, when a component's arguments have problems: one line each. */
export function failOnProblems(
  component: string,
  problems: readonly string[],
  parent: pulumi.Resource,
): void {
  if (problems.length === 0) return;
  throw new pulumi.ResourceError(
    `Invalid ${component} arguments (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n  - ${problems.join('\n  - ')}`,
    parent,
  );
}

/** The problem of a schedule expression that is a string now, naming the field; none for an output. */
export function scheduleProblems(schedule: pulumi.Input<string> | undefined): string[] {
  if (typeof schedule !== 'string') return [];
  const problem = scheduleProblem(schedule);
  return problem === undefined ? [] : [`schedule: ${problem}`];
}

/**
 * A schedule expression that is an output, checked once known: the deployment then fails with the
 * same message as a string would at construction.
 */
export function checkedSchedule(
  schedule: pulumi.Input<string>,
  component: string,
  parent: pulumi.Resource,
): pulumi.Input<string> {
  if (typeof schedule === 'string') return schedule;
  return pulumi.output(schedule).apply((expression) => {
    failOnProblems(component, scheduleProblems(expression), parent);
    return expression;
  });
}
