#!/usr/bin/env node
import { Command, Option } from 'commander';
import { loadSettingsFile } from '../runtime/config';
import { RemediationError } from '../runtime/errors';
import { runTranslate } from './translate';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

// `aws-remediation translate | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const program = new Command()
  .name('aws-remediation')
  .description('Find and fix insecure AWS resources: the remediation pipeline, run locally.')
  .version(version)
  .showHelpAfterError();

program
  .command('translate')
  .description(
    'Read EventBridge CloudTrail events on stdin (JSON lines or a JSON array) and print the resource messages they yield, one per line.',
  )
  .option('--config <file>', 'settings JSON file; its memberRoleName is used for the loop guard')
  .addOption(
    new Option(
      '--member-role-name <name>',
      'ignore calls made by this role (the member remediator role)',
    ).conflicts('config'),
  )
  .action(async (options: { config?: string; memberRoleName?: string }) => {
    const memberRoleName = options.config
      ? loadSettingsFile(options.config).memberRoleName
      : options.memberRoleName;
    process.exitCode = await runTranslate(io, { memberRoleName });
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof RemediationError) {
    process.stderr.write(`aws-remediation: ${error.message}\n`);
  } else {
    process.stderr.write(`aws-remediation: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exitCode = 2;
});
