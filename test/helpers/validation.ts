import { expect } from 'chai';
import { ValidationError } from '../../src/runtime/errors';

/** The problems a validator reports for `input`; fails the test when the input is accepted. */
export function problemsOf(
  validate: (input: unknown) => unknown,
  errorClass: new (...args: never[]) => ValidationError,
  input: unknown,
): readonly string[] {
  try {
    validate(input);
  } catch (error) {
    expect(error).to.be.instanceOf(errorClass);
    return (error as ValidationError).problems;
  }
  expect.fail('the input was accepted');
}
