import path from 'node:path';
import { templateNames } from '../render/precompiled.js';
import { BUILTIN_TEMPLATES_DIR, showPath } from '../util/package.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';
import { commandName } from '../util/invocation.js';

export interface TemplateEntry {
  name: string;
  builtin: boolean;
  /** The user's file, when there is one of that name. */
  override: string | undefined;
}

export function listTemplates(templatesDir: string, root: string): TemplateEntry[] {
  const builtin = templateNames(BUILTIN_TEMPLATES_DIR);
  const user = templateNames(templatesDir);
  return [...new Set([...builtin, ...user])].sort().map((name) => ({
    name,
    builtin: builtin.includes(name),
    override: user.includes(name) ? showPath(path.join(templatesDir, name), root) : undefined,
  }));
}

/** `templates list`: the built-in templates and which of them the project overrides. */
export const run = withRunner(async (runner, options: CommonOptions): Promise<CommandResult> => {
  const entries = listTemplates(runner.config.templatesDir, runner.config.root);
  const width = Math.max(...entries.map((entry) => entry.name.length));
  const lines = entries.map((entry) => {
    const where = entry.builtin
      ? entry.override
        ? `built-in, overridden by ${entry.override}`
        : 'built-in'
      : `${entry.override} (yours)`;
    return `${entry.name.padEnd(width)}  ${where}`;
  });
  lines.push('', `${commandName()} templates eject <name> copies a built-in into your templates folder to change it.`);
  return { stdout: lines.join('\n'), json: entries };
});
