import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatProfile, importProfile } from '../agents/formats.js';
import { loadAgentFile } from '../agents/load.js';
import { placeOf } from '../agents/parse.js';
import { ConductorError } from '../errors.js';
import { ensureDir, resolveInside, toProjectPath, writeFileAtomic } from '../util/fs.js';
import { showPath } from '../util/package.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';
import { commandName } from '../util/invocation.js';

export interface AgentsImportOptions extends CommonOptions {
  files: string[];
  out?: string | undefined;
  force?: boolean;
}

/**
 * `agents import <files…>`: Claude Code and Copilot agent files become our profiles in the
 * first agents folder (or --out). Sections that `agents export` folded into the body become
 * fields again. A file that cannot be read stops the import before anything is written.
 */
export const run = withRunner(async (runner, options: AgentsImportOptions): Promise<CommandResult> => {
  const root = runner.config.root;
  if (options.files.length === 0)
    throw new ConductorError('USAGE', 'name the agent files to import', {
      hint: `${commandName()} agents import .claude/agents/*.md`,
    });
  const dir = options.out
    ? resolveInside(root, options.cwd, options.out, 'import folder')
    : runner.config.agentsDirs[0]!;
  // Only a folder the project loads agents from can end up with two profiles of one name.
  const existing =
    runner.agents.source === 'project' && runner.config.agentsDirs.includes(dir) ? runner.agents.agents : [];

  const planned = options.files.map((given) => {
    const source = path.resolve(options.cwd, given);
    if (!existsSync(source) || !statSync(source).isFile())
      throw new ConductorError('NOT_FOUND', `no such file: ${given}`);
    const result = loadAgentFile(source, showPath(source, root));
    if (!result.agent) {
      const first = result.errors[0]!;
      throw new ConductorError('INVALID_FILE', first.message, {
        where: placeOf(given, first.line),
        hint: 'fix the file, or leave it out of the import (nothing was written)',
      });
    }
    const agent = importProfile(result.agent);
    const target = path.join(dir, `${agent.slug}.md`);
    const clash = existing.find(
      (other) => other.name.toLowerCase() === agent.name.toLowerCase() && other.file !== target,
    );
    if (clash)
      throw new ConductorError(
        'USAGE',
        `an agent named "${agent.name}" already exists in ${showPath(clash.file, root)}`,
        { hint: 'rename one of them (nothing was written)' },
      );
    if (existsSync(target) && !options.force) {
      throw new ConductorError('USAGE', `${toProjectPath(root, target)} already exists`, {
        hint: 'pass --force to replace it (nothing was written)',
      });
    }
    return {
      given,
      target,
      content: formatProfile(agent),
      warnings: result.warnings.map((problem) => `${placeOf(given, problem.line)}: ${problem.message}`),
    };
  });

  const targets = planned.map((entry) => entry.target);
  const twice = targets.find((target, index) => targets.indexOf(target) !== index);
  if (twice)
    throw new ConductorError('USAGE', `two of the files would both become ${toProjectPath(root, twice)}`, {
      hint: 'import them one at a time, or rename one (nothing was written)',
    });
  ensureDir(dir);
  for (const entry of planned) writeFileAtomic(entry.target, entry.content);
  return {
    stdout: planned.map((entry) => `imported  ${entry.given} → ${toProjectPath(root, entry.target)}`).join('\n'),
    notes: planned.flatMap((entry) => entry.warnings),
    json: planned.map((entry) => ({ from: entry.given, file: toProjectPath(root, entry.target) })),
  };
});
