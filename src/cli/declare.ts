/**
 * A command's arguments declared on yargs. Kept apart from define.ts, whose types the library
 * publishes (through `main`'s `Streams`): a published declaration naming yargs' types would need
 * @types/yargs in every project that type-checks against swarm-conductor.
 */
import type { Argv } from 'yargs';
import type { CommandDefinition } from './define.js';

/** yargs' documented `.global(key, false)`; @types/yargs knows only its one-argument form. */
const notGlobal = (argv: Argv, name: string): Argv =>
  (argv as unknown as { global(key: string, global: boolean): Argv }).global(name, false);

/**
 * Declares the arguments on yargs. Not global (yargs' default for an option): a group's own
 * options (plan's --prompt) would otherwise be taken by, and listed in the help of, its subcommands.
 */
export function declare(argv: Argv, definition: CommandDefinition): Argv {
  let built = argv;
  for (const [name, spec] of Object.entries(definition.args)) {
    const positional = 'positional' in spec && spec.positional;
    const yargsType = spec.type === 'boolean' ? 'boolean' : 'string';
    const array = spec.type === 'strings' || spec.type === 'names';
    if (positional)
      built = notGlobal(built.positional(name, { type: yargsType, array, describe: spec.describe }), name);
    else {
      const required = 'required' in spec && spec.required === true;
      built = built.option(name, {
        type: yargsType,
        array,
        describe: spec.describe,
        global: false,
        ...(required ? { demandOption: true } : {}),
      });
    }
  }
  for (const [command, meaning] of definition.examples ?? []) built = built.example(command, meaning);
  return built;
}
