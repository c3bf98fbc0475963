import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ConductorError } from '../errors.js';
import { BUILTIN_PREFIX } from '../render/environment.js';
import { ensureDir } from '../util/fs.js';
import { BUILTIN_TEMPLATES_DIR, showPath } from '../util/package.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';
import { templateNames } from '../render/precompiled.js';

export interface TemplatesEjectOptions extends CommonOptions {
  name: string;
  force?: boolean;
}

/** `templates eject <name>`: copy a built-in template into the templates folder; never overwrites without --force. */
export const run = withRunner(async (runner, options: TemplatesEjectOptions): Promise<CommandResult> => {
  const name = options.name.replace(new RegExp(`^${BUILTIN_PREFIX}`), '');
  const builtins = templateNames(BUILTIN_TEMPLATES_DIR);
  if (!builtins.includes(name)) {
    throw new ConductorError('NOT_FOUND', `no built-in template "${options.name}" (built-ins: ${builtins.join(', ')})`);
  }
  const target = path.join(runner.config.templatesDir, name);
  const shown = showPath(target, runner.config.root);
  if (existsSync(target) && !options.force)
    throw new ConductorError('USAGE', `${shown} already exists`, {
      hint: 'pass --force to replace it with the built-in',
    });
  ensureDir(path.dirname(target));
  copyFileSync(path.join(BUILTIN_TEMPLATES_DIR, name), target);
  return {
    stdout: `ejected ${name} → ${shown}\nEdit it there; to change only some sections, keep just those blocks under {% extends "${BUILTIN_PREFIX}${name}" %}.`,
    json: { name, file: shown },
  };
});
