#!/usr/bin/env node
import 'reflect-metadata';
import { MIGRATE_USAGE, runMigrateCommand } from './migrate.js';
import { JOB_USAGE, runJobCommand } from './run-job.js';
import { CUSTOMER_FILES_USAGE, runExportCommand, runImportCommand } from './customer-files.js';

const USAGE = `regulars: the plugin's commands for a host's shell or deploy script

${MIGRATE_USAGE}

${JOB_USAGE}

${CUSTOMER_FILES_USAGE}`;

/** The package's one command (`npx regulars …`): migrations, jobs, imports and exports. */
async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'migrate') return runMigrateCommand(rest, process.env, process.stdout);
  if (command === 'job') return runJobCommand(rest, process.env, process.stderr);
  if (command === 'import') return runImportCommand(rest, process.env, process.stderr);
  if (command === 'export') return runExportCommand(rest, process.env, process.stderr);
  process.stdout.write(`${USAGE}\n`);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
