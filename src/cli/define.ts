/**
 * One definition per command, citty's `defineCommand` shape on yargs: its words, its arguments
 * with their types, and its run, kept together so a flag is declared once and typed end to end.
 * Step numbers and name lists are parsed here, once; a run gets them ready to use. Nothing here
 * names a yargs type (that is src/cli/declare.ts): these types are published, and yargs' are not.
 */
import { ConductorError } from '../errors.js';
import type { Project } from '../project/load.js';
import type { StepRunner } from '../step-runner.js';
import type { Env } from '../types.js';

type Base = { describe: string };

/** The kinds of argument a command takes, and what its run receives for each. */
export type ArgSpec =
  | (Base & { type: 'string'; positional?: boolean; required?: boolean })
  | (Base & { type: 'boolean' })
  | (Base & { type: 'step'; positional?: boolean; required?: boolean })
  /** Repeatable, each value as given (`--output "a, b" --output c`). */
  | (Base & { type: 'strings'; positional?: boolean; required?: boolean })
  /** Repeatable or comma-separated names (`--only a,b --only c`). */
  | (Base & { type: 'names' });

type Value<S extends ArgSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['type'] extends 'strings' | 'names'
    ? string[]
    : S extends { required: true }
      ? S['type'] extends 'step'
        ? number
        : string
      : S['type'] extends 'step'
        ? number | undefined
        : string | undefined;

export type ArgsOf<A extends Record<string, ArgSpec>> = { -readonly [K in keyof A]: Value<A[K]> };

/** How main hands `plan` a lone "-" (standard input), which yargs would drop: no shell can pass a NUL. */
export const STDIN_ARG = '\u0000-';

/** What every run gets besides its own arguments. */
export interface CliContext {
  /** The folder to work in (--cwd, resolved). */
  cwd: string;
  /** --config */
  config: string | undefined;
  json: boolean;
  /** How the person types this program: what printed next-step commands start with. */
  command: string;
  /** The environment the command runs in (home folders for finding session logs). */
  env: Env;
  /** A progress line on stderr for long work, shown on a terminal once the work takes over a second. */
  progress(label: string): Progress;
  /** Whether stdin and stdout are a terminal a person answers in (not piped, not CI). */
  interactive: boolean;
  /** How git or another program runs this one: the node binary and the launcher, quoted for a shell. */
  program: string;
  /** Writes to the terminal (the OSC 52 clipboard, live progress); whether it is one, and its width. */
  terminal: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** An error in the words the CLI prints it in. */
  describeError(error: ConductorError): string;
  /** The project (config and store), loaded once; its config warnings are shown as notes. */
  project(): Promise<Project>;
  /** A StepRunner on the project (agents and templates loaded when asked for). */
  runner(): Promise<StepRunner>;
}

export interface Progress {
  tick(done: number, total: number): void;
  /** Clears the line. */
  end(): void;
}

/** What a run hands back to be printed. */
export interface CommandOutput {
  stdout: string;
  /** Printed instead of stdout with --json. */
  json?: unknown;
  /** Notes and warnings for stderr. */
  notes?: string[];
  /** For commands that report problems as data (validators): 2 when the input has errors. */
  exitCode?: 0 | 1 | 2 | 3;
}

export interface CommandDefinition<A extends Record<string, ArgSpec> = Record<string, ArgSpec>> {
  /** `complete`, or `list` inside a group. */
  name: string;
  describe: string;
  args: A;
  examples?: [command: string, meaning: string][];
  /** Subcommands (`agents list`); a group without a run of its own needs one of them. */
  subcommands?: CommandDefinition[];
  run?: (args: ArgsOf<A>, context: CliContext) => Promise<CommandOutput> | CommandOutput;
}

export function defineCommand<const A extends Record<string, ArgSpec>>(
  definition: CommandDefinition<A>,
): CommandDefinition {
  return definition as unknown as CommandDefinition;
}

/** `complete <id> <step>`, `plan [goal..]`: the yargs command string from the positional arguments. */
export function usageOf(definition: CommandDefinition): string {
  const positionals = Object.entries(definition.args).filter(([, spec]) => 'positional' in spec && spec.positional);
  const words = positionals.map(([name, spec]) => {
    const variadic = spec.type === 'strings' ? '..' : '';
    return 'required' in spec && spec.required ? `<${name}${variadic}>` : `[${name}${variadic}]`;
  });
  return [definition.name, ...words].join(' ');
}

/** A step number from the command line. */
export function parseStep(value: unknown, name = 'step'): number {
  const text = String(value ?? '').trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new ConductorError('USAGE', `${name} must be a step number (1, 2, …), not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

const asStrings = (value: unknown): string[] =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);

/** The arguments yargs parsed, as the run's typed arguments. */
export function argumentsOf(definition: CommandDefinition, parsed: Record<string, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(definition.args)) {
    const value = parsed[name];
    switch (spec.type) {
      case 'boolean':
        args[name] = value === true;
        break;
      case 'step':
        args[name] = value === undefined ? undefined : parseStep(value, name);
        break;
      case 'strings':
        args[name] = asStrings(value);
        break;
      case 'names':
        args[name] = asStrings(value)
          .flatMap((entry) => entry.split(','))
          .map((entry) => entry.trim())
          .filter(Boolean);
        break;
      default:
        args[name] = value === undefined ? undefined : String(value);
    }
  }
  return args;
}
