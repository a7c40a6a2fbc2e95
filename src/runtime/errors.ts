import { runFailure } from './aws/failures';
import { plural } from './text';

/**
 * Error hierarchy of the runtime. Every class sets `name`, so logs and the CLI can say what kind of
 * failure happened without parsing messages.
 */
export class RemediationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RemediationError';
  }
}

/** A value (settings object, resource message, event) did not match its contract. */
export class ValidationError extends RemediationError {
  /** One line per problem, each naming the field and what is allowed. */
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(`Invalid ${subject} (${plural(problems.length, 'problem')}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** The settings object (settings.json, component args) is invalid. */
export class SettingsError extends ValidationError {
  constructor(problems: readonly string[]) {
    super('remediation settings', problems);
    this.name = 'SettingsError';
  }
}

/** A resource message (queue body, CLI line) is invalid. */
export class MessageError extends ValidationError {
  constructor(problems: readonly string[]) {
    super('resource message', problems);
    this.name = 'MessageError';
  }
}

/** Messages could not be delivered to a queue, even after retries. */
export class DeliveryError extends RemediationError {
  /** How many messages were not delivered. */
  readonly undelivered: number;

  constructor(message: string, undelivered: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryError';
    this.undelivered = undelivered;
  }
}

/**
 * The resource changed between the audit and the fix (another audit, or its owner). The fix is not
 * made; the error fails the record, so that SQS delivers it again and the resource is audited afresh.
 */
export class ConcurrentChangeError extends RemediationError {
  constructor(what: string) {
    super(`${what} changed while it was being audited; not fixed now, it will be audited again`);
    this.name = 'ConcurrentChangeError';
  }
}

/**
 * A fix failed after changing part of what it meant to: `before` holds the state of the parts it did
 * change, kept in the `failed` finding so they can be undone.
 */
export class PartialFixError extends RemediationError {
  constructor(
    readonly before: unknown,
    cause: unknown,
  ) {
    super(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause), { cause });
    this.name = 'PartialFixError';
  }
}

/** The sweep ran out of time before a listing was done: the task is swept again. */
export class SweepDeadlineError extends RemediationError {
  constructor() {
    super('the sweep ran out of time');
    this.name = 'SweepDeadlineError';
  }
}

/** A command was asked for something it cannot do as given: the message says what to change. */
export class UsageError extends RemediationError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The runtime's environment or bundled files are not as the components set them up. */
export class ConfigurationError extends RemediationError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

/** The member role could not be assumed in an account. */
export class AssumeRoleError extends RemediationError {
  readonly account: string;
  readonly roleArn: string;

  constructor(account: string, roleArn: string, cause: unknown) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    // Missing credentials or an unreachable endpoint are not this account's fault: say what they are.
    const run = runFailure(cause);
    super(
      run
        ? `cannot assume ${roleArn} in account ${account}: ${run}`
        : `cannot assume ${roleArn} in account ${account} (${reason}); deploy the MemberAccount component there, or check that its trust policy admits the caller (the master's function roles) and the same ExternalId`,
      { cause },
    );
    this.name = 'AssumeRoleError';
    this.account = account;
    this.roleArn = roleArn;
  }
}
