/**
 * The bin: wires yargs to the commands and maps errors to exit codes (0 ok, 1 failure while
 * working, 2 bad input). The only place that sets the process's exit code. Each command's
 * module is imported only when that command runs, so `status` never loads templates or agents.
 */
import path from 'node:path';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { printResult, reportError, type OutputOptions } from './cli/output.js';
import type { CommandResult } from './commands/shared.js';
import { ConductorError } from './errors.js';
import { commandName, detectCommandName } from './util/invocation.js';
import { PACKAGE_VERSION } from './util/package.js';
import { closest } from './util/text.js';

type Args = Record<string, unknown> & { cwd: string; config?: string; json?: boolean; verbose?: boolean };
type Run = (options: never) => Promise<CommandResult>;

interface CommandSpec {
  command: string;
  describe: string;
  builder?: (argv: Argv) => Argv;
  /** The module that runs it; absent for a command that only groups subcommands. */
  load?: () => Promise<{ run: Run }>;
  subcommands?: CommandSpec[];
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
    builder: (argv) =>
      argv.positional('id', { type: 'string', describe: 'execution id, prefix or "latest" (default)' }),
    load: () => import('./commands/status.js'),
  },
  {
    command: 'prompt [id] [step]',
    describe: "print a step's prompt (default: the next ready step of the latest execution)",
    builder: (argv) =>
      step(argv).option('explain', {
        type: 'boolean',
        describe: 'show the size of each section and what was left out, instead of the prompt',
      }),
    load: () => import('./commands/prompt.js'),
  },
  {
    command: 'start <id> <step>',
    describe: 'mark a step running',
    builder: (argv) =>
      step(argv).option('force', { type: 'boolean', describe: 'start although dependencies are not done (recorded)' }),
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
    builder: (argv) =>
      step(argv)
        .option('error', { type: 'string', array: true, demandOption: true, describe: 'what went wrong (repeatable)' })
        .option('transcript', { type: 'string', describe: 'the saved session transcript (inside the project)' }),
    load: () => import('./commands/fail.js'),
  },
  {
    command: 'retry <id> <step>',
    describe: 'send a failed step back to pending; its new prompt carries the earlier errors',
    builder: step,
    load: () => import('./commands/retry.js'),
  },
  {
    command: 'reopen <id> <step>',
    describe: 'send a completed or skipped step back to pending; its history keeps what it produced',
    builder: step,
    load: () => import('./commands/reopen.js'),
  },
  {
    command: 'skip <id> <step>',
    describe: 'mark a step skipped (counts as done for the steps after it)',
    builder: (argv) =>
      step(argv).option('reason', { type: 'string', demandOption: true, describe: 'why it is skipped' }),
    load: () => import('./commands/skip.js'),
  },
  {
    command: 'list',
    describe: 'executions with their progress, newest first',
    load: () => import('./commands/list.js'),
  },
  {
    command: 'plan [goal..]',
    describe:
      'write a plan made from a goal (or, with --prompt, a planning prompt for an agent CLI); also: plan import|validate|show <file>',
    builder: (argv) =>
      argv
        .positional('goal', { type: 'string', array: true, describe: 'the goal, in quotes' })
        .option('prompt', { type: 'boolean', describe: 'write a planning prompt instead of a plan' })
        .option('agents', {
          type: 'string',
          array: true,
          describe: 'only plan with these agents (names, comma-separated or repeated)',
        })
        .option('explain', { type: 'boolean', describe: 'say which words routed each part of the goal' })
        .example('$0 plan "Build a REST API with a React frontend"', '')
        .example('$0 plan import answer.md', "take the JSON plan out of an agent's answer")
        .example('$0 plan show proof/plans/plan-….json', 'steps, order and waves'),
    load: () => import('./commands/plan.js'),
    subcommands: [
      {
        command: 'import <file>',
        describe:
          "take the JSON plan out of an agent's answer or a whole transcript, check it and write it as a plan file",
        builder: (argv) =>
          argv.positional('file', { type: 'string', describe: 'the answer or transcript (markdown, JSON or JSONC)' }),
        load: () => import('./commands/plan-import.js'),
      },
      {
        command: 'validate <file>',
        describe: 'check a plan file: exit 0 with its order, 2 with every problem',
        builder: (argv) => argv.positional('file', { type: 'string', describe: 'plan file (JSON or YAML)' }),
        load: () => import('./commands/plan-validate.js'),
      },
      {
        command: 'show <file>',
        describe: "a plan's steps, execution order and waves",
        builder: (argv) => argv.positional('file', { type: 'string', describe: 'plan file (JSON or YAML)' }),
        load: () => import('./commands/plan-show.js'),
      },
    ],
  },
  {
    command: 'agents',
    describe: 'work with agent profiles: list | show | validate | new | export | import',
    subcommands: [
      {
        command: 'list',
        describe: 'every profile with its file and description',
        load: () => import('./commands/agents-list.js'),
      },
      {
        command: 'show <name>',
        describe: 'one profile, every field',
        builder: (argv) => argv.positional('name', { type: 'string' }),
        load: () => import('./commands/agents-show.js'),
      },
      {
        command: 'validate [paths..]',
        describe:
          'check profile files (default: the agents folders) with file:line, and what each agent CLI would do with them',
        builder: (argv) => argv.positional('paths', { type: 'string', array: true, describe: 'files and folders' }),
        load: () => import('./commands/agents-validate.js'),
      },
      {
        command: 'new <name>',
        describe: 'scaffold a profile from the agent.md.njk template',
        builder: (argv) =>
          argv
            .positional('name', { type: 'string' })
            .option('description', { type: 'string', describe: 'its one-line description' })
            .option('force', { type: 'boolean', describe: 'replace an existing file' }),
        load: () => import('./commands/agents-new.js'),
      },
      {
        command: 'export',
        describe: 'write the profiles as .claude/agents/*.md, .github/agents/*.agent.md or AGENTS.md',
        builder: (argv) =>
          argv
            .option('target', { type: 'string', demandOption: true, describe: 'claude | copilot | agents-md' })
            .option('out', { type: 'string', describe: 'folder to write under (default: the project root)' })
            .option('force', { type: 'boolean', describe: 'replace files that differ' })
            .option('only', {
              type: 'string',
              array: true,
              describe: 'only these agents (names, comma-separated or repeated)',
            })
            .option('compact', { type: 'boolean', describe: "AGENTS.md: each agent's fields without its body" }),
        load: () => import('./commands/agents-export.js'),
      },
      {
        command: 'import <files..>',
        describe: 'turn Claude Code and Copilot agent files into profiles',
        builder: (argv) =>
          argv
            .positional('files', { type: 'string', array: true })
            .option('out', { type: 'string', describe: 'folder to write into (default: the first agents folder)' })
            .option('force', { type: 'boolean', describe: 'replace existing profiles' }),
        load: () => import('./commands/agents-import.js'),
      },
    ],
  },
  {
    command: 'templates',
    describe: 'see, customise and check templates: list | eject | check',
    subcommands: [
      {
        command: 'list',
        describe: 'built-in templates and your overrides',
        load: () => import('./commands/templates-list.js'),
      },
      {
        command: 'eject <name>',
        describe: 'copy a built-in template into your templates folder',
        builder: (argv) =>
          argv
            .positional('name', { type: 'string' })
            .option('force', { type: 'boolean', describe: 'replace your copy' }),
        load: () => import('./commands/templates-eject.js'),
      },
      {
        command: 'check',
        describe: 'compile every template and render the known ones with sample data',
        load: () => import('./commands/templates-check.js'),
      },
    ],
  },
  {
    command: 'validate',
    describe: 'config, agents, templates and plans in one pass',
    load: () => import('./commands/validate.js'),
  },
];

/** The command (or subcommand) named by the parsed positional words. */
function findSpec(words: string[]): CommandSpec | undefined {
  const top = COMMANDS.find((spec) => nameOf(spec) === words[0]);
  if (!top?.subcommands) return top;
  return top.subcommands.find((spec) => nameOf(spec) === words[1]) ?? top;
}

/** `status [id]` → `status` */
const nameOf = (spec: CommandSpec): string => spec.command.split(' ')[0]!;
const COMMAND_NAMES = COMMANDS.map(nameOf);

/** yargs' usage messages, with the command's own --help as the hint and a did-you-mean for commands and subcommands. */
function usageError(message: string, argv: string[]): ConductorError {
  const [first, second] = argv.filter((arg) => !arg.startsWith('-'));
  const command = commandName();
  if (first && !COMMAND_NAMES.includes(first) && message.startsWith('Unknown argument')) {
    const suggestion = closest(first, COMMAND_NAMES);
    return new ConductorError(
      'USAGE',
      `unknown command "${first}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
      {
        hint: `${command} --help lists the commands`,
      },
    );
  }
  const group = COMMANDS.find((spec) => nameOf(spec) === first && spec.subcommands && !spec.load);
  if (group && second && /^Unknown (command|argument)/.test(message)) {
    const names = group.subcommands!.map(nameOf);
    const suggestion = closest(second, names);
    return new ConductorError(
      'USAGE',
      `unknown ${first} subcommand "${second}"${suggestion ? ` — did you mean "${first} ${suggestion}"?` : ''} (${first}: ${names.join(', ')})`,
      {
        hint: `${command} ${first} --help lists them`,
      },
    );
  }
  const words = first && COMMAND_NAMES.includes(first) ? `${first} ` : '';
  return new ConductorError('USAGE', message.charAt(0).toLowerCase() + message.slice(1), {
    hint: `${command} ${words}--help shows the usage`,
  });
}

/** The output options as far as they can be read before (or without) a successful parse. */
function outputOptions(argv: string[], args?: Record<string, unknown>): OutputOptions {
  const flag =
    typeof args?.color === 'boolean'
      ? args.color
      : argv.includes('--no-color')
        ? false
        : argv.includes('--color')
          ? true
          : undefined;
  return { json: Boolean(args?.json), verbose: argv.includes('--verbose'), color: flag };
}

async function main(argv: string[]): Promise<number> {
  detectCommandName(process.argv[1] ?? 'swarm-conductor');
  const parser = yargs(argv)
    .scriptName('swarm-conductor')
    .usage('$0 <command> [options]\n\nConducts multi-agent coding work: plans become session prompts for agent CLIs.')
    .option('cwd', {
      type: 'string',
      default: process.cwd(),
      defaultDescription: 'current folder',
      describe: 'run as if started in this folder',
      global: true,
    })
    .option('config', { type: 'string', describe: 'config file to use instead of searching', global: true })
    .option('json', { type: 'boolean', describe: 'print data as JSON', global: true })
    .option('verbose', { type: 'boolean', describe: 'show stack traces of errors', global: true })
    .option('color', {
      type: 'boolean',
      describe: 'colour the output (default: on a terminal, unless NO_COLOR is set); --no-color turns it off',
      global: true,
    })
    .version(PACKAGE_VERSION)
    .help()
    .alias('help', 'h')
    .strict()
    .demandCommand(1, 'name a command')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      throw error ?? usageError(message, argv);
    });
  // yargs parses and validates; the command is dispatched here, after parsing, so the
  // command's module is loaded only once it is known which one runs.
  const register = (target: Argv, spec: CommandSpec): Argv =>
    target.command(spec.command, spec.describe, (argv) => {
      const built = (spec.builder ?? ((y: Argv) => y))(argv);
      if (!spec.subcommands) return built;
      for (const sub of spec.subcommands) register(built, sub);
      // A group without a run of its own (agents, templates) needs a subcommand; plan runs on its own too.
      return spec.load
        ? built
        : built.demandCommand(1, `name a subcommand: ${spec.subcommands.map(nameOf).join(', ')}`);
    });
  for (const spec of COMMANDS) register(parser, spec);
  try {
    const args = await parser.parseAsync();
    const spec = findSpec(args._.map(String));
    if (!spec?.load) return 0; // --help or --version was shown
    const options = { ...args, cwd: path.resolve(String(args.cwd)) } as Args;
    const { run } = await spec.load();
    const result = await run(options as never);
    printResult(result, outputOptions(argv, options));
    return result.exitCode ?? 0;
  } catch (error) {
    return reportError(error, outputOptions(argv));
  }
}

// `swarm-conductor prompt | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

void main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
