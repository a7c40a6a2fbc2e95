#!/usr/bin/env node
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { clientConfig } from '../runtime/aws/client-config';
import { loadSettingsFile } from '../runtime/config';
import { ConfigurationError, RemediationError, UsageError } from '../runtime/errors';
import { FINDING_STATUSES, type StoredFinding } from '../runtime/findings/lifecycle';
import { DEFAULT_RETENTION_DAYS } from '../runtime/remediator/remediator';
import { findingsFilter, runFindings } from './findings';
import { SnsNotifier, topicRegion } from '../runtime/remediator/notify';
import { callerAccount, commandClients, ensureCredentials, findingsTable } from './aws';
import { credentialsConfigured, runCheckPolicy } from './check-policy';
import { queueRegion } from '../runtime/queue/url';
import { pollSettings, runPoll, verifyQueue } from './poll';
import { TEMPLATE_PARTS, runMemberTemplate } from './member-template';
import { DEFAULT_PROGRAMS, previewOne, runPreview } from './preview';
import { planBanner, remediatePlan, runRemediate } from './remediate';
import { reportFormat, runReport } from './report';
import { runTranslate } from './translate';
import { runUndo } from './undo';
import { validateLocalSettings } from '../runtime/contracts/settings';

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
  .showHelpAfterError()
  // Usage errors exit 2 ("could not run"), like every other failure to start.
  .exitOverride();

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

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

program
  .command('remediate')
  .description(
    'Read resource messages on stdin (JSON lines or a JSON array), audit each in its account, and print the findings, one JSON per line. A dry run unless --remediate is given.',
  )
  .option(
    '--config <file>',
    'settings JSON file (known accounts, exceptions, required tags, which fixes to apply)',
  )
  .option(
    '--remediate [checks]',
    "apply fixes: bare, those the settings file's remediate turns on; or the checks and types named (sqs.public,s3_bucket), or all (disruptive fixes and partner shares still need naming or remediateDisruptive)",
  )
  .option('--topic-arn <arn>', 'also publish each finding to this SNS topic')
  .option(
    '--no-assume-role',
    'use your own credentials for every account instead of assuming the member role (memberRoleName) in each',
  )
  .option('--concurrency <n>', 'messages audited at once', positiveInteger, 8)
  .option(
    '--table <name>',
    "the findings table (DynamoDB, partition key id) in your credentials' account and AWS_REGION: each audit moves the stored findings on (open, resolved, excepted), and with notify: changes (the default) only what changed is published; stdout still gets every finding",
  )
  .option(
    '--retention-days <n>',
    `with --table, how long a resolved finding is kept (default ${DEFAULT_RETENTION_DAYS})`,
    positiveInteger,
  )
  .action(
    async (options: {
      config?: string;
      remediate?: boolean | string;
      topicArn?: string;
      assumeRole: boolean;
      concurrency: number;
      table?: string;
      retentionDays?: number;
    }) => {
      const plan = remediatePlan(options.config, options.remediate);
      const settings = plan.settings;
      if (options.retentionDays !== undefined && options.table === undefined) {
        throw new UsageError(
          '--retention-days needs --table: it is how long the table keeps resolved findings',
        );
      }
      let notifier: SnsNotifier | undefined;
      if (options.topicArn) {
        const region = topicRegion(options.topicArn);
        if (!region) {
          throw new ConfigurationError(
            `--topic-arn ${options.topicArn} is not an SNS topic ARN, like arn:aws:sns:us-east-1:123456789012:findings`,
          );
        }
        notifier = new SnsNotifier(new SNSClient({ ...clientConfig('SNS'), region }), options.topicArn);
      }
      await ensureCredentials();
      const table = options.table ? findingsTable(options.table, settings.regions[0]!) : undefined;
      await table?.verify('remediate');
      process.stderr.write(`${planBanner(plan)}\n`);
      if (table) {
        const retention = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
        const published =
          settings.notify === 'all'
            ? 'every finding and resolution is published'
            : 'only changes are published';
        process.stderr.write(
          `remediate: findings table ${options.table} (${table.region}), resolved findings kept ${retention} days; ${notifier ? published : 'no --topic-arn, nothing is published'} (notify: ${settings.notify})\n`,
        );
      }
      process.exitCode = await runRemediate(io, {
        settings,
        clients: commandClients(settings, options.assumeRole),
        ...(options.assumeRole ? {} : { onlyAccount: await callerAccount() }),
        concurrency: options.concurrency,
        ...(notifier ? { notifier } : {}),
        ...(table
          ? {
              store: {
                store: table.store,
                table: options.table!,
                ...(options.retentionDays !== undefined ? { retentionDays: options.retentionDays } : {}),
              },
            }
          : {}),
      });
    },
  );

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

program
  .command('poll')
  .description(
    'Sweep every account and region: list the resources of every audited type and print one resource message per line (or send them to a queue). Progress on stderr.',
  )
  .option('--accounts <ids>', "comma-separated account ids (replace the settings file's accounts)", list)
  .option('--regions <codes>', "comma-separated regions (replace the settings file's regions)", list)
  .option(
    '--config <file>',
    'settings JSON file (accounts, organizationAccounts, regions, memberRoleName, externalId)',
  )
  .option(
    '--only-test-resources',
    "only resources the misconfiguration maker made (names with 'misconfiguration_maker' and the like)",
    false,
  )
  .option('--queue-url <url>', 'send the messages to this SQS queue instead of printing them')
  .option(
    '--no-assume-role',
    'use your own credentials for every account instead of assuming the member role in each',
  )
  .option('--concurrency <n>', 'account-and-region tasks swept at once', positiveInteger, 16)
  .action(
    async (options: {
      accounts?: string[];
      regions?: string[];
      config?: string;
      onlyTestResources: boolean;
      queueUrl?: string;
      assumeRole: boolean;
      concurrency: number;
    }) => {
      const settings = pollSettings(options);
      await ensureCredentials();
      const queueUrl = options.queueUrl;
      const sqs = queueUrl
        ? new SQSClient({
            ...clientConfig('SQS'),
            region: queueRegion(queueUrl) ?? (process.env.AWS_REGION || settings.regions[0]),
          })
        : undefined;
      const queue =
        queueUrl && sqs ? { url: queueUrl, sqs, verify: () => verifyQueue(sqs, queueUrl) } : undefined;
      process.exitCode = await runPoll(io, {
        settings,
        clients: commandClients(settings, options.assumeRole),
        onlyTestResources: options.onlyTestResources,
        concurrency: options.concurrency,
        ...(queue ? { queue } : {}),
      });
    },
  );

program
  .command('findings')
  .description(
    'Print the findings stored in a findings table (DynamoDB), one JSON per line: status, first and last sighting, last remediation, the history of fixes with what each replaced, and the latest finding.',
  )
  .requiredOption(
    '--table <name>',
    "the findings table, in your credentials' account and AWS_REGION (else the first region of --config)",
  )
  .addOption(new Option('--status <status>', 'only findings of this status').choices(FINDING_STATUSES))
  .option('--account <id>', "only findings of this account's resources")
  .option('--check <id>', 'only findings of this check (sqs.public, s3_bucket.public, ...)')
  .option(
    '--config <file>',
    'settings JSON file: the table is looked for in its first region unless AWS_REGION is set',
  )
  .action(
    async (options: {
      table: string;
      status?: string;
      account?: string;
      check?: string;
      config?: string;
    }) => {
      const filter = findingsFilter(options);
      const fallbackRegion = options.config
        ? loadSettingsFile(options.config).regions[0]!
        : process.env.AWS_DEFAULT_REGION || 'us-east-1';
      await ensureCredentials();
      const table = findingsTable(options.table, fallbackRegion);
      await table.verify('findings');
      process.exitCode = await runFindings(io, { store: table.store, table: options.table, filter });
    },
  );

program
  .command('report')
  .description(
    'Read findings (JSON lines or a JSON array on stdin, as remediate or findings print them; or the stored findings of --table) and write a report: a self-contained HTML page (summary, sortable and filterable table), CSV, Markdown or JSON.',
  )
  .option(
    '--format <format>',
    'html, csv, markdown or json (default: as --output ends, .csv, .md, .json; else html)',
  )
  .option('--output <file>', 'write the report to this file (default: stdout)')
  .option(
    '--table <name>',
    "report the stored findings of this findings table (status, first and last sighting) instead of stdin; in your credentials' account and AWS_REGION (else the first region of --config)",
  )
  .option(
    '--config <file>',
    'settings JSON file: with --table, the table is looked for in its first region unless AWS_REGION is set',
  )
  .action(async (options: { format?: string; output?: string; table?: string; config?: string }) => {
    reportFormat(options.format, options.output);
    let table: { name: string; list: () => AsyncIterable<StoredFinding> } | undefined;
    if (options.table) {
      const fallbackRegion = options.config
        ? loadSettingsFile(options.config).regions[0]!
        : process.env.AWS_DEFAULT_REGION || 'us-east-1';
      await ensureCredentials();
      const { store, verify } = findingsTable(options.table, fallbackRegion);
      await verify('report');
      table = { name: options.table, list: () => store.list() };
    }
    process.exitCode = await runReport(io, {
      ...(options.format !== undefined ? { format: options.format } : {}),
      ...(options.output !== undefined ? { output: options.output } : {}),
      ...(table ? { table } : {}),
    });
  });

program
  .command('check-policy')
  .description(
    'Judge the policy document on stdin as the remediator would (a bucket, queue, key, function, topic, secret, repository, file system, table, layer or domain policy, or a role trust) and print {"public": ..., "statements": [...]} with the reasons for each statement. Exit 0: not public; 3: public; 2: not a policy document or a bad option.',
  )
  .requiredOption(
    '--type <type>',
    'resource type whose policy this is: iam_role (a trust policy), s3_bucket, sqs, kms_key, lambda_function, sns_topic, secretsmanager_secret, ecr_repository, efs_file_system, dynamodb_table, lambda_layer or opensearch_domain',
  )
  .option(
    '--account <id>',
    "the resource's account (default: your credentials' account, or 123456789012 without credentials)",
  )
  .option('--config <file>', 'settings JSON file whose accounts count as known')
  .option('--known-accounts <ids>', 'comma-separated account ids that count as known', list)
  .option(
    '--organization-ids <ids>',
    'comma-separated ids of known organizations (o-...), taken as given',
    list,
  )
  .action(
    async (options: {
      type: string;
      account?: string;
      config?: string;
      knownAccounts?: string[];
      organizationIds?: string[];
    }) => {
      process.exitCode = await runCheckPolicy(io, {
        type: options.type,
        ...(options.account ? { account: options.account } : {}),
        ...(options.knownAccounts ? { knownAccounts: options.knownAccounts } : {}),
        ...(options.organizationIds ? { organizationIds: options.organizationIds } : {}),
        ...(options.config ? { settings: loadSettingsFile(options.config) } : {}),
        callerAccount: async () => {
          if (!credentialsConfigured()) return undefined;
          return callerAccount(process.env, { timeoutMs: 3000 }).catch(() => undefined);
        },
      });
    },
  );

/** The findings table of `undo --table`, checked before anything is read. */
async function undoTable(table: string, fallbackRegion: string) {
  const { store, verify } = findingsTable(table, fallbackRegion);
  await verify('undo');
  return store;
}

program
  .command('undo')
  .description(
    'Read findings on stdin (JSON lines as remediate prints them, or finding ids with --table) and put back what each applied fix replaced (its before), through the member role, latest fix first. A dry run unless --apply; a resource changed since its fix is refused unless --force. Prints one outcome per finding, one JSON per line.',
  )
  .option('--apply', 'send the writes (without it, print what would be restored and write nothing)', false)
  .option('--force', 'restore even a resource that changed since its fix (the change is overwritten)', false)
  .option('--table <name>', 'the findings table: look up finding ids, and record each undo there')
  .option('--config <file>', 'settings JSON file (memberRoleName, externalId, which fixes are on)')
  .option('--no-assume-role', 'use your own credentials instead of assuming the member role in each account')
  .action(
    async (options: {
      apply: boolean;
      force: boolean;
      table?: string;
      config?: string;
      assumeRole: boolean;
    }) => {
      const settings = options.config
        ? loadSettingsFile(options.config)
        : validateLocalSettings({
            regions: [process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1'],
          });
      await ensureCredentials();
      process.exitCode = await runUndo(io, {
        settings,
        clients: commandClients(settings, options.assumeRole),
        apply: options.apply,
        force: options.force,
        ...(options.table ? { store: await undoTable(options.table, settings.regions[0]!) } : {}),
        ...(options.assumeRole ? {} : { onlyAccount: await callerAccount() }),
      });
    },
  );

program
  .command('member-template')
  .description(
    "Print the CloudFormation template (JSON) that OrganizationMembers deploys to every account of chosen organizational units with StackSets: the member role (--part role, in one region) or one region's event forwarder (--part forwarder, in every watched region). The same role and rules as MemberAccount.",
  )
  .requiredOption('--part <part>', `the template: ${TEMPLATE_PARTS.join(' or ')}`)
  .option('--remediation', "grant the member role the fixes' write actions (default: read only)", false)
  .option('--config <file>', 'settings JSON file (memberRoleName, confirmWithAccessAnalyzer, allowUndo)')
  .action((options: { part: string; remediation: boolean; config?: string }) => {
    process.exitCode = runMemberTemplate(io, {
      part: options.part,
      remediation: options.remediation,
      ...(options.config ? { settings: loadSettingsFile(options.config) } : {}),
    });
  });

program
  .command('preview')
  .description(
    "Evaluate Pulumi programs offline, under Pulumi's mock runtime, and print what they would deploy: each resource with its type, name and parent, the IAM policy and trust documents, and the event patterns. Run `npm install` in a program's folder first.",
  )
  .argument(
    '[programs...]',
    `program folders, relative to the current directory (default: the current directory; in a checkout of the repository, ${DEFAULT_PROGRAMS.join(', ')})`,
  )
  .option(
    '--stack <name>',
    "the stack whose configuration (Pulumi.<stack>.yaml) the programs get (default: example, or the program's only stack)",
  )
  .option('--json', 'one JSON document per program instead of text', false)
  .action(async (programs: string[], options: { json: boolean; stack?: string }) => {
    process.exitCode = await runPreview(io, programs, options);
  });

program
  .command('preview-one', { hidden: true })
  .argument('<dir>')
  .option('--stack <name>')
  .action(async (dir: string, options: { stack?: string }) => {
    process.exitCode = await previewOne(io, dir, options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander has printed the message (and the help after it).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  if (error instanceof RemediationError) {
    process.stderr.write(`aws-remediation: ${error.message}\n`);
  } else {
    process.stderr.write(`aws-remediation: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exitCode = 2;
});
