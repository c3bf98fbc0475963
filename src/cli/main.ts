/**
 * The command line: parses the arguments with yargs, runs the command's definition, prints what
 * it returns and maps errors to exit codes (0 ok, 1 failure while working, 2 bad input). It can
 * run in the process that calls it (the tests do) or as the bin (src/cli.ts). Each command's run
 * imports what it needs when it runs, so `status` never loads templates or agents.
 */
import path from 'node:path';
import yargs, { type Argv } from 'yargs';
import type { Project } from '../project/load.js';
import type { StepRunner } from '../step-runner.js';
import { skipYargsHelpCache } from './help-cache.js';
import { PACKAGE_VERSION } from '../util/package.js';
import { shellQuote } from '../util/text.js';
import { COMMANDS } from './commands/index.js';
import { declare } from './declare.js';
import { argumentsOf, type CliContext, type CommandDefinition, STDIN_ARG, usageOf } from './define.js';
import { commandNameFor } from './invocation.js';
import { usageError } from './usage.js';
import { formatError, type OutputOptions, printResult, progressLine, reportError, type Streams } from './output.js';
import type { Env } from '../types.js';

/** CI=true (or 1) means no person is at the terminal, whatever it looks like. */
const isCi = (env: Env) => Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';

/** The output options as far as they can be read before (or without) a successful parse. */
function outputOptions(argv: string[], command: string, parsed?: Record<string, unknown>): OutputOptions {
  const flag =
    typeof parsed?.color === 'boolean'
      ? parsed.color
      : argv.includes('--no-color')
        ? false
        : argv.includes('--color')
          ? true
          : undefined;
  return { json: Boolean(parsed?.json), verbose: argv.includes('--verbose'), color: flag, command };
}

function register(parser: Argv, definition: CommandDefinition): Argv {
  return parser.command(usageOf(definition), definition.describe, (argv) => {
    const built = declare(argv, definition);
    if (!definition.subcommands) return built;
    for (const sub of definition.subcommands) register(built, sub);
    // A group without a run of its own (agents, templates) needs a subcommand; plan runs on its own too.
    return definition.run
      ? built
      : built.demandCommand(1, `name a subcommand: ${definition.subcommands.map((entry) => entry.name).join(', ')}`);
  });
}

/** The definition named by the parsed command words. */
function find(words: string[]): CommandDefinition | undefined {
  const top = COMMANDS.find((definition) => definition.name === words[0]);
  if (!top?.subcommands) return top;
  return top.subcommands.find((definition) => definition.name === words[1]) ?? top;
}

export interface MainOptions {
  /** The launcher's path (process.argv[1]), to say how the person types the program. */
  launcher: string;
  cwd: string;
}

/** Runs the command line; returns the exit code. */
export async function main(given: string[], streams: Streams, options: MainOptions): Promise<number> {
  // yargs drops a lone "-" (and reads `--file -` as ""): `plan -` means standard input.
  const argv = given[0] === 'plan' ? given.map((arg) => (arg === '-' ? STDIN_ARG : arg)) : given;
  const command = commandNameFor(options.launcher, streams.env, options.cwd);
  const parser = yargs(argv)
    .scriptName('swarm-conductor')
    .usage('$0 <command> [options]\n\nConducts multi-agent coding work: plans become session prompts for agent CLIs.')
    .option('cwd', {
      type: 'string',
      default: options.cwd,
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
    .exitProcess(false)
    .demandCommand(1, 'name a command')
    .wrap(Math.min(100, (streams.stdout as { columns?: number }).columns || 100))
    .fail((message, error) => {
      throw error ?? usageError(message, argv);
    });
  for (const definition of COMMANDS) register(parser, definition);
  skipYargsHelpCache(parser);
  let parsed: Record<string, unknown> & { _: (string | number)[] };
  try {
    // With a callback yargs hands help and version text over instead of printing it itself.
    const { result, output } = await new Promise<{ result: typeof parsed; output: string }>((resolve, reject) => {
      void parser.parse(argv, {}, (error, result, output) =>
        error ? reject(error) : resolve({ result: result as typeof parsed, output }),
      );
    });
    if (output) {
      streams.stdout.write(`${output}\n`);
      return 0;
    }
    parsed = result;
  } catch (error) {
    return reportError(error, streams, outputOptions(argv, command));
  }
  const definition = find(parsed._.map(String));
  const output = outputOptions(argv, command, parsed);
  if (!definition?.run) return 0;
  const cwd = path.resolve(String(parsed.cwd));
  const configPath = parsed.config === undefined ? undefined : String(parsed.config);
  const warnings: string[] = [];
  let project: Promise<Project> | undefined;
  let runner: Promise<StepRunner> | undefined;
  const context: CliContext = {
    cwd,
    config: configPath,
    json: output.json,
    command,
    env: streams.env,
    progress: (label) => progressLine(streams, output, label),
    interactive: Boolean(streams.stdin?.isTTY && streams.stdout.isTTY) && !isCi(streams.env),
    terminal: streams.stdout,
    program: [process.execPath, path.resolve(options.cwd, options.launcher)].map(shellQuote).join(' '),
    describeError: (error) => formatError(error, command),
    project: () =>
      (project ??= import('../project/load.js').then(async ({ loadProject }) => {
        const loaded = await loadProject({ cwd, configPath });
        warnings.push(...loaded.warnings.map((warning) => `warning: ${warning}`));
        return loaded;
      })),
    // The runner's module (and with it nunjucks and gray-matter) is loaded only when a run asks for it.
    runner: () =>
      (runner ??= Promise.all([context.project(), import('../step-runner.js')]).then(
        ([loaded, { StepRunner }]) => new StepRunner({ config: loaded.config, warnings: loaded.warnings, command }),
      )),
  };
  try {
    const result = await definition.run(argumentsOf(definition, parsed) as never, context);
    printResult({ ...result, notes: [...warnings, ...(result.notes ?? [])] }, streams, output);
    return result.exitCode ?? 0;
  } catch (error) {
    return reportError(error, streams, output);
  }
}
