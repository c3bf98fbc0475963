#!/usr/bin/env node
/**
 * The bin: wires yargs to the commands and maps errors to exit codes (0 ok, 1 failure while
 * working, 2 bad input). The only place that sets the process's exit code. Each command's
 * module is imported only when that command runs, so `status` never loads templates or agents.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { CommandResult } from './commands/shared.js';
import { ConductorError, formatError, isConductorError } from './errors.js';
import { PACKAGE_ROOT } from './util/package.js';
import { closest } from './util/text.js';

type Args = Record<string, unknown> & { cwd: string; config?: string; json?: boolean; verbose?: boolean };
type Run = (options: never) => Promise<CommandResult>;

interface CommandSpec {
  command: string;
  describe: string;
  builder?: (argv: Argv) => Argv;
  load: () => Promise<{ run: Run }>;
}

const step = (argv: Argv) =>
  argv
    .positional('id', { type: 'string', describe: 'execution id, a unique prefix of it, or "latest"' })
    .positional('step', { type: 'string', describe: 'step number' });

const COMMANDS: CommandSpec[] = [
  {
    command: 'init',
    describe: 'scaffold conductor.config.ts, agents/, templates/ and proof/ (never overwrites)',
    builder: (argv) =>
      argv
        .option('force', { type: 'boolean', describe: 'replace existing files' })
        .option('dry-run', { type: 'boolean', describe: 'show what would be written, write nothing' })
        .option('target', { type: 'string', describe: 'copilot | claude | codex | generic' }),
    load: () => import('./commands/init.js'),
  },
  {
    command: 'execute <plan>',
    describe: 'validate a plan, create an execution and write the prompts of the ready steps',
    builder: (argv) => argv.positional('plan', { type: 'string', describe: 'plan file (JSON or YAML)' }),
    load: () => import('./commands/execute.js'),
  },
  {
    command: 'status [id]',
    describe: 'every step with its status, outputs and transcripts, and what is next',
    builder: (argv) => argv.positional('id', { type: 'string', describe: 'execution id, prefix or "latest" (default)' }),
    load: () => import('./commands/status.js'),
  },
  {
    command: 'prompt [id] [step]',
    describe: "print a step's prompt (default: the next ready step of the latest execution)",
    builder: step,
    load: () => import('./commands/prompt.js'),
  },
  {
    command: 'start <id> <step>',
    describe: 'mark a step running',
    builder: (argv) => step(argv).option('force', { type: 'boolean', describe: 'start although dependencies are not done (recorded)' }),
    load: () => import('./commands/start.js'),
  },
  {
    command: 'complete <id> <step>',
    describe: 'mark a step completed, hand its outputs on, write the prompts that became ready',
    builder: (argv) =>
      step(argv)
        .option('output', { type: 'string', array: true, describe: 'what the step produced (repeatable)' })
        .option('transcript', { type: 'string', describe: 'the saved session transcript (inside the project)' })
        .option('force', { type: 'boolean', describe: 'complete although dependencies are not done (recorded)' }),
    load: () => import('./commands/complete.js'),
  },
  {
    command: 'fail <id> <step>',
    describe: 'mark a step failed; the steps that depend on it stay blocked',
    builder: (argv) => step(argv).option('error', { type: 'string', array: true, demandOption: true, describe: 'what went wrong (repeatable)' }),
    load: () => import('./commands/fail.js'),
  },
  {
    command: 'retry <id> <step>',
    describe: 'send a failed step back to pending; its new prompt carries the earlier errors',
    builder: step,
    load: () => import('./commands/retry.js'),
  },
  {
    command: 'skip <id> <step>',
    describe: 'mark a step skipped (counts as done for the steps after it)',
    builder: (argv) => step(argv).option('reason', { type: 'string', demandOption: true, describe: 'why it is skipped' }),
    load: () => import('./commands/skip.js'),
  },
  {
    command: 'list',
    describe: 'executions with their progress, newest first',
    load: () => import('./commands/list.js'),
  },
];

const COMMAND_NAMES = COMMANDS.map((spec) => spec.command.split(' ')[0]!);

/** yargs' usage messages, with the command's own --help as the hint and a did-you-mean for commands. */
function usageError(message: string, argv: string[]): ConductorError {
  const first = argv.find((arg) => !arg.startsWith('-'));
  if (first && !COMMAND_NAMES.includes(first) && message.startsWith('Unknown argument')) {
    const suggestion = closest(first, COMMAND_NAMES);
    return new ConductorError('USAGE', `unknown command "${first}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`, {
      hint: 'swarm-conductor --help lists the commands',
    });
  }
  const command = first && COMMAND_NAMES.includes(first) ? `${first} ` : '';
  return new ConductorError('USAGE', message.charAt(0).toLowerCase() + message.slice(1), {
    hint: `swarm-conductor ${command}--help shows the usage`,
  });
}

function version(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function print(result: CommandResult, json: boolean): void {
  for (const note of result.notes ?? []) process.stderr.write(`note: ${note}\n`);
  const out = json && result.json !== undefined ? JSON.stringify(result.json, null, 2) : result.stdout;
  if (out) process.stdout.write(`${out}\n`);
}

function report(error: unknown, verbose: boolean): number {
  if (isConductorError(error)) {
    process.stderr.write(`${formatError(error)}\n`);
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('  hint: run again with --verbose for the details\n');
  return 1;
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const verbose = argv.includes('--verbose');
  const parser = yargs(argv)
    .scriptName('swarm-conductor')
    .usage('$0 <command> [options]\n\nConducts multi-agent coding work: plans become session prompts for agent CLIs.')
    .option('cwd', { type: 'string', default: process.cwd(), defaultDescription: 'current folder', describe: 'run as if started in this folder', global: true })
    .option('config', { type: 'string', describe: 'config file to use instead of searching', global: true })
    .option('json', { type: 'boolean', describe: 'print data as JSON', global: true })
    .option('verbose', { type: 'boolean', describe: 'show stack traces of errors', global: true })
    .version(version())
    .help()
    .alias('help', 'h')
    .strict()
    .demandCommand(1, 'name a command')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      throw error ?? usageError(message, argv);
    });
  for (const spec of COMMANDS) {
    parser.command(spec.command, spec.describe, spec.builder ?? ((y) => y), async (args) => {
      const { run } = await spec.load();
      const options = { ...args, cwd: path.resolve(String(args.cwd)) } as Args;
      print(await run(options as never), Boolean(options.json));
    });
  }
  try {
    await parser.parseAsync();
  } catch (error) {
    exitCode = report(error, verbose);
  }
  return exitCode;
}

const code = await main(hideBin(process.argv));
process.exitCode = code;
