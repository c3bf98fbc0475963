import path from 'node:path';
import { findAgent, findDuplicates } from '../agents/load.js';
import { EXPORT_TARGETS, exportProfiles, type ExportTarget } from '../agents/formats.js';
import { ConductorError } from '../errors.js';
import { ensureDir, readTextIfExists, resolveInside, toProjectPath, writeFileAtomic } from '../util/fs.js';
import { showPath } from '../util/package.js';
import { asList, withRunner, type CommandResult, type CommonOptions } from './shared.js';

export interface AgentsExportOptions extends CommonOptions {
  target: string;
  out?: string | undefined;
  force?: boolean;
  /** Only these agents (names, comma-separated or repeated). */
  only?: unknown;
  /** AGENTS.md: each agent's fields without its body. */
  compact?: boolean;
}

/** Codex reads at most this much of an AGENTS.md (its `project_doc_max_bytes`) and ignores the rest. */
export const AGENTS_MD_LIMIT = 32 * 1024;

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
  const wanted = asList(options.only)
    .flatMap((entry) => entry.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  const agents = wanted.length > 0 ? wanted.map((name) => findAgent(runner.agents, name)) : runner.agents.agents;
  const twins = findDuplicates(agents);
  if (twins.length > 0) {
    throw new ConductorError(
      'AMBIGUOUS',
      `"${twins[0]![0]!.name}" is defined by ${twins[0]!.map((agent) => showPath(agent.file, root)).join(', ')}`,
      { hint: 'rename one before exporting' },
    );
  }
  const files = exportProfiles(agents, options.target as ExportTarget, { compact: options.compact ?? false });
  for (const file of files) {
    const size = Buffer.byteLength(file.content);
    if (file.path === 'AGENTS.md' && size > AGENTS_MD_LIMIT) {
      file.notes.push(
        `AGENTS.md is ${(size / 1024).toFixed(1)} KiB; Codex reads only the first 32 KiB (project_doc_max_bytes) and ignores the rest — ` +
          `export fewer agents with --only <names>, or their fields without the bodies with --compact`,
      );
    }
  }
  const plan = files.map((file) => {
    const absolute = resolveInside(root, out, file.path, 'export file');
    const current = readTextIfExists(absolute);
    return {
      ...file,
      absolute,
      action: current === undefined ? 'created' : current === file.content ? 'unchanged' : 'replaced',
    };
  });
  const refused = plan.filter((file) => file.action === 'replaced' && !options.force);
  if (refused.length > 0) {
    throw new ConductorError(
      'USAGE',
      `${refused.length === 1 ? 'a file' : `${refused.length} files`} would be replaced: ${refused.map((file) => toProjectPath(root, file.absolute)).join(', ')}`,
      {
        hint: 'pass --force to replace them (nothing was written)',
      },
    );
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
