/**
 * Usage errors in the words of the command that was typed: which command the arguments name
 * (`agents list`), which of their options it does not take, and yargs' own messages with that
 * command's --help as the hint. yargs reports the first problem it meets, which for
 * `plan validate --bogus p.json` is the missing file (--bogus took it as its value); an option the
 * command does not take is the thing to fix first, so it is named whatever yargs said.
 */
import { ConductorError } from '../errors.js';
import { closest } from '../util/text.js';
import { COMMANDS } from './commands/index.js';
import type { CommandDefinition } from './define.js';

/** The options main declares on every command, with whether each takes a value. */
const COMMON_OPTIONS: Record<string, boolean> = {
  cwd: true,
  config: true,
  json: false,
  verbose: false,
  color: false,
  version: false,
  help: false,
  h: false,
};

const camel = (name: string) => name.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/** Every spelling yargs reads of a command's options (`dry-run`, `dryRun`), and whether each takes a value. */
function optionsOf(definition: CommandDefinition | undefined): Map<string, boolean> {
  const known = new Map(Object.entries(COMMON_OPTIONS));
  for (const [name, spec] of Object.entries(definition?.args ?? {})) {
    const takesValue = spec.type !== 'boolean' && !('positional' in spec && spec.positional);
    known.set(name, takesValue);
    known.set(camel(name), takesValue);
  }
  return known;
}

/** `--name=value`, `-h` → the name yargs looks up. */
const optionName = (typed: string) => typed.replace(/^--?/, '');

interface Typed {
  /** The words that are not options, in order (values of known options left out). */
  words: string[];
  /** The definitions the first words name: `[agents, list]`, `[status]`, or none. */
  path: CommandDefinition[];
  /** The options given that the command does not take, as typed (`--bogus`, `-z`). */
  unknown: string[];
}

/** Reads the arguments the way yargs does, as far as naming the command and its options goes. */
function readArguments(argv: string[]): Typed {
  const typed: Typed = { words: [], path: [], unknown: [] };
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) {
      typed.words.push(token);
      const options = typed.words.length === 1 ? COMMANDS : typed.path[0]?.subcommands;
      const named = typed.words.length <= 2 ? options?.find((definition) => definition.name === token) : undefined;
      if (named && typed.path.length === typed.words.length - 1) typed.path.push(named);
      continue;
    }
    const known = optionsOf(typed.path[typed.path.length - 1]);
    const shown = token.split('=')[0]!;
    const name = optionName(shown);
    // yargs reads --no-json as json: false.
    const plain = !known.has(name) && name.startsWith('no-') ? name.slice(3) : name;
    if (!known.has(plain)) {
      if (!typed.unknown.includes(shown)) typed.unknown.push(shown);
    } else if (known.get(plain) && plain === name && !token.includes('=')) index++; // `--cwd dir`: dir is its value
  }
  return typed;
}

/** yargs' usage messages, with the command's own --help as the hint and a did-you-mean for commands and subcommands. */
export function usageError(message: string, argv: string[]): ConductorError {
  const { words, path, unknown } = readArguments(argv);
  const [first, second] = words;
  if (path.length === 0 && first && message.startsWith('Unknown argument')) {
    const suggestion = closest(
      first,
      COMMANDS.map((definition) => definition.name),
    );
    return new ConductorError(
      'USAGE',
      `unknown command "${first}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
      { remedies: [{ run: '--help', why: 'lists the commands' }] },
    );
  }
  const command = path.map((definition) => definition.name).join(' ');
  const group = path.length === 1 && path[0]!.subcommands && !path[0]!.run ? path[0]! : undefined;
  if (group && second && /^Unknown (command|argument)/.test(message)) {
    const subcommands = group.subcommands!.map((definition) => definition.name);
    const suggestion = closest(second, subcommands);
    return new ConductorError(
      'USAGE',
      `unknown ${command} subcommand "${second}"${suggestion ? ` — did you mean "${command} ${suggestion}"?` : ''} ` +
        `(${command}: ${subcommands.join(', ')})`,
      { remedies: [{ run: `${command} --help`, why: 'lists them' }] },
    );
  }
  if (unknown.length > 0 && path.length > 0) {
    // Suggested: the options as --help lists them (not positionals, camelCase spellings or -h).
    const own = Object.entries(path[path.length - 1]!.args).filter(
      ([, spec]) => !('positional' in spec && spec.positional),
    );
    const listed = [...Object.keys(COMMON_OPTIONS), ...own.map(([name]) => name)].filter((name) => name.length > 1);
    const typed = unknown.length === 1 ? optionName(unknown[0]!) : '';
    const suggestion = typed.length > 1 ? closest(typed, listed) : undefined;
    return new ConductorError(
      'USAGE',
      `unknown option${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} for "${command}"` +
        (suggestion ? ` — did you mean --${suggestion}?` : ''),
      { remedies: [{ run: `${command} --help`, why: 'lists its options' }] },
    );
  }
  return new ConductorError('USAGE', message.charAt(0).toLowerCase() + message.slice(1), {
    remedies: [{ run: `${command ? `${command} ` : ''}--help`, why: 'shows the usage' }],
  });
}
