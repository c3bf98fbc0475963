import path from 'node:path';
import { findDuplicates } from '../agents/load.js';
import { EXPORT_TARGETS, exportProfiles, type ExportTarget } from '../agents/formats.js';
import { ConductorError } from '../errors.js';
import { ensureDir, readTextIfExists, resolveInside, toProjectPath, writeFileAtomic } from '../util/fs.js';
import { showPath } from '../util/package.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';

export interface AgentsExportOptions extends CommonOptions {
  target: string;
  out?: string | undefined;
  force?: boolean;
}

/**
 * `agents export --target claude|copilot|agents-md [--out <dir>]`: our profiles in the agent
 * CLIs' own formats, under <dir> (default: the project root). A file that exists with other
 * content is only replaced with --force; nothing is written when one would be refused.
 */
export const run = withRunner(async (runner, options: AgentsExportOptions): Promise<CommandResult> => {
  if (!EXPORT_TARGETS.includes(options.target as ExportTarget)) {
    throw new ConductorError('USAGE', `--target must be one of ${EXPORT_TARGETS.join(', ')}, not "${options.target}"`);
  }
  const root = runner.config.root;
  const out = resolveInside(root, options.cwd, options.out ?? root, 'export folder');
  const agents = runner.agents.agents;
  const twins = findDuplicates(agents);
  if (twins.length > 0) {
    throw new ConductorError('AMBIGUOUS', `"${twins[0]![0]!.name}" is defined by ${twins[0]!.map((agent) => showPath(agent.file, root)).join(', ')}`, { hint: 'rename one before exporting' });
  }
  const files = exportProfiles(agents, options.target as ExportTarget);
  const plan = files.map((file) => {
    const absolute = resolveInside(root, out, file.path, 'export file');
    const current = readTextIfExists(absolute);
    return { ...file, absolute, action: current === undefined ? 'created' : current === file.content ? 'unchanged' : 'replaced' };
  });
  const refused = plan.filter((file) => file.action === 'replaced' && !options.force);
  if (refused.length > 0) {
    throw new ConductorError('USAGE', `${refused.length === 1 ? 'a file' : `${refused.length} files`} would be replaced: ${refused.map((file) => toProjectPath(root, file.absolute)).join(', ')}`, {
      hint: 'pass --force to replace them (nothing was written)',
    });
  }
  for (const file of plan) {
    if (file.action === 'unchanged') continue;
    ensureDir(path.dirname(file.absolute));
    writeFileAtomic(file.absolute, file.content);
  }
  const lines = plan.map((file) => `${file.action.padEnd(9)}  ${toProjectPath(root, file.absolute)}`);
  return {
    stdout: lines.join('\n'),
    notes: plan.flatMap((file) => file.notes),
    json: plan.map((file) => ({ file: toProjectPath(root, file.absolute), action: file.action, notes: file.notes })),
  };
});
