/**
 * Writing profile files: `agents new` (a scaffold from agent.md.njk), `agents export` (to the
 * agent CLIs' formats) and `agents import` (from them). Each plans every file first and writes
 * nothing when one of them would be refused.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/validate.js';
import { ConductorError } from '../errors.js';
import type { TemplateRenderer } from '../render/environment.js';
import { exportSkill } from '../skill/write.js';
import type { AgentProfile } from '../types.js';
import { ensureDir, readTextIfExists, resolveInside, toProjectPath, writeFileAtomic } from '../util/fs.js';
import { showPath } from '../util/package.js';
import { fileSlug, placeOf } from '../util/text.js';
import { EXPORT_TARGETS, type ExportTarget, exportProfiles, formatProfile, importProfile } from './formats.js';
import { agentsHome } from './discover.js';
import { type AgentSet, findAgent, findDuplicates, loadAgentFile } from './load.js';

/** What these operations need of a loaded project (a StepRunner has all of it). */
export interface AgentProject {
  config: ResolvedConfig;
  agents: AgentSet;
  renderer: TemplateRenderer;
}

const AGENT_TEMPLATE = 'agent.md.njk';

export interface ScaffoldResult {
  /** Shown relative to the project. */
  file: string;
  name: string;
  /** `file:line: problem` of the written file, as `agents validate` would say. */
  problems: string[];
}

/** `agents new <name>`: a profile scaffolded from `agent.md.njk` in the first agents folder. */
export function scaffoldAgent(
  project: AgentProject,
  options: { name: string; description?: string | undefined; force?: boolean },
): ScaffoldResult {
  const name = options.name.trim();
  if (!name)
    throw new ConductorError('USAGE', 'give the new agent a name', { remedies: [{ run: 'agents new PaymentsPro' }] });
  const { config, agents, renderer } = project;
  const existing =
    agents.source === 'project'
      ? agents.agents.find((agent) => agent.name.toLowerCase() === name.toLowerCase())
      : undefined;
  const dir = agentsHome(config);
  const file = path.join(dir, `${fileSlug(name)}.md`);
  const shown = showPath(file, config.root);
  if (existing && existing.file !== file) {
    throw new ConductorError(
      'USAGE',
      `an agent named "${existing.name}" already exists in ${showPath(existing.file, config.root)}`,
      {
        hint: 'pick another name, or edit that file',
      },
    );
  }
  if (existsSync(file) && !options.force) {
    throw new ConductorError('USAGE', `${shown} already exists`, {
      hint: 'edit it',
      remedies: [{ flag: 'force', why: 'to replace it' }],
    });
  }
  const content = `${renderer.render(AGENT_TEMPLATE, { name, description: options.description ?? '' }).trim()}\n`;
  ensureDir(dir);
  writeFileAtomic(file, content);
  const check = loadAgentFile(file, shown);
  const problems = [...check.errors, ...check.warnings].map(
    (problem) => `${placeOf(shown, problem.line)}: ${problem.message}`,
  );
  return { file: shown, name, problems };
}

/** Codex reads at most this much of an AGENTS.md (its `project_doc_max_bytes`) and ignores the rest. */
export const AGENTS_MD_LIMIT = 32 * 1024;

export interface ExportOptions {
  target: string;
  /** The folder to write under (default: the project root), relative to `cwd`. */
  out?: string | undefined;
  cwd: string;
  force?: boolean;
  /** Only these agents (names). */
  only?: readonly string[];
  /** AGENTS.md: each agent's fields without its body. */
  compact?: boolean;
}

export interface ExportedEntry {
  /** Project-relative. */
  file: string;
  /** `updated`: the agent's own file, rewritten in the export's format. */
  action: 'created' | 'replaced' | 'updated' | 'unchanged';
  notes: string[];
}

/**
 * `agents export`: the profiles in the agent CLIs' own formats. A file that exists with other
 * content is replaced only with `force`; nothing is written when one would be refused.
 */
export function exportAgents(project: AgentProject, options: ExportOptions): ExportedEntry[] {
  if (!EXPORT_TARGETS.includes(options.target as ExportTarget)) {
    throw new ConductorError('USAGE', `--target must be one of ${EXPORT_TARGETS.join(', ')}, not "${options.target}"`);
  }
  const { root } = project.config;
  if (options.target === 'skills') {
    // No profile goes into the skill, so none is loaded for it.
    const notes = options.only?.length || options.compact ? ['--only and --compact do not apply to the skill'] : [];
    return exportSkill({ root, cwd: options.cwd, out: options.out, force: options.force ?? false }).map(
      (entry, index) => ({ ...entry, notes: index === 0 ? notes : [] }),
    );
  }
  const out = resolveInside(root, options.cwd, options.out ?? root, 'export folder');
  const agents =
    options.only && options.only.length > 0
      ? options.only.map((name) => findAgent(project.agents, name))
      : project.agents.agents;
  const twins = findDuplicates(agents);
  if (twins.length > 0) {
    const files = twins[0]!.map((agent) => showPath(agent.file, root)).join(', ');
    throw new ConductorError('AMBIGUOUS', `"${twins[0]![0]!.name}" is defined by ${files}`, {
      hint: 'rename one before exporting',
    });
  }
  const files = exportProfiles(agents, options.target as ExportTarget, { compact: options.compact ?? false });
  for (const file of files) {
    const size = Buffer.byteLength(file.content);
    if (file.path === 'AGENTS.md' && size > AGENTS_MD_LIMIT) {
      file.notes.push(
        `AGENTS.md is ${(size / 1024).toFixed(1)} KiB; Codex reads only the first 32 KiB ` +
          `(project_doc_max_bytes) and ignores ` +
          'the rest — export fewer agents with --only <names>, or their fields without the bodies with --compact',
      );
    }
  }
  const planned = files.map((file, index) => {
    const absolute = ownFile(resolveInside(root, out, file.path, 'export file'), agents[index], options.target);
    const current = readTextIfExists(absolute);
    const action: ExportedEntry['action'] =
      current === undefined
        ? 'created'
        : current === file.content
          ? 'unchanged'
          : absolute === agents[index]?.file
            ? 'updated'
            : 'replaced';
    return { ...file, absolute, action };
  });
  // Its own file is updated in place, unless something of it would not carry over.
  const refused = planned.filter(
    (file) => (file.action === 'replaced' || (file.action === 'updated' && file.notes.length > 0)) && !options.force,
  );
  if (refused.length > 0) {
    const which = refused.length === 1 ? 'a file' : `${refused.length} files`;
    throw new ConductorError(
      'USAGE',
      `${which} would be replaced: ${refused.map((file) => toProjectPath(root, file.absolute)).join(', ')}`,
      {
        remedies: [{ flag: 'force', why: 'to replace them (nothing was written)' }],
      },
    );
  }
  for (const file of planned) {
    if (file.action === 'unchanged') continue;
    ensureDir(path.dirname(file.absolute));
    writeFileAtomic(file.absolute, file.content);
  }
  return planned.map((file) => ({ file: toProjectPath(root, file.absolute), action: file.action, notes: file.notes }));
}

/**
 * Where an agent's export goes: its own file when that is already in the folder the export
 * lands in and in that format (`.claude/agents/API_Designer.md` stays that file, not a second
 * `api-designer.md` beside it), else the export's own name.
 */
function ownFile(target: string, agent: AgentProfile | undefined, format: string): string {
  if (!agent || format === 'agents-md' || path.dirname(agent.file) !== path.dirname(target)) return target;
  const copilot = /\.agent\.md$/i.test(target);
  return copilot === /\.agent\.md$/i.test(agent.file) ? agent.file : target;
}

export interface ImportedEntry {
  /** As given. */
  from: string;
  /** Project-relative. */
  file: string;
  warnings: string[];
}

/**
 * `agents import <files…>`: Claude Code and Copilot agent files become our profiles in the first
 * agents folder (or `out`). Sections that `agents export` folded into the body become fields
 * again. A file that cannot be read stops the import before anything is written.
 */
export function importAgents(
  project: AgentProject,
  options: { files: readonly string[]; out?: string | undefined; cwd: string; force?: boolean },
): ImportedEntry[] {
  const { config, agents } = project;
  const { root } = config;
  if (options.files.length === 0) {
    throw new ConductorError('USAGE', 'name the agent files to import', {
      remedies: [{ run: 'agents import .claude/agents/*.md' }],
    });
  }
  const dir = options.out ? resolveInside(root, options.cwd, options.out, 'import folder') : agentsHome(config);
  // Only a folder the project loads agents from can end up with two profiles of one name.
  const existing = agents.source === 'project' && agents.dirs.includes(dir) ? agents.agents : [];
  const nothingWritten = 'nothing was written';
  const planned = options.files.map((given) => {
    const source = path.resolve(options.cwd, given);
    if (!existsSync(source) || !statSync(source).isFile())
      throw new ConductorError('NOT_FOUND', `no such file: ${given}`);
    const result = loadAgentFile(source, showPath(source, root));
    if (!result.agent) {
      const first = result.errors[0]!;
      throw new ConductorError('INVALID_FILE', first.message, {
        where: placeOf(given, first.line),
        hint: `fix the file, or leave it out of the import (${nothingWritten})`,
      });
    }
    const agent = importProfile(result.agent);
    const target = path.join(dir, `${agent.slug}.md`);
    const clash = existing.find(
      (other) => other.name.toLowerCase() === agent.name.toLowerCase() && other.file !== target,
    );
    if (clash) {
      throw new ConductorError(
        'USAGE',
        `an agent named "${agent.name}" already exists in ${showPath(clash.file, root)}`,
        {
          hint: `rename one of them (${nothingWritten})`,
        },
      );
    }
    if (existsSync(target) && !options.force) {
      throw new ConductorError('USAGE', `${toProjectPath(root, target)} already exists`, {
        remedies: [{ flag: 'force', why: `to replace it (${nothingWritten})` }],
      });
    }
    const warnings = result.warnings.map((problem) => `${placeOf(given, problem.line)}: ${problem.message}`);
    return { given, target, content: formatProfile(agent), warnings };
  });
  const targets = planned.map((entry) => entry.target);
  const twice = targets.find((target, index) => targets.indexOf(target) !== index);
  if (twice) {
    throw new ConductorError('USAGE', `two of the files would both become ${toProjectPath(root, twice)}`, {
      hint: `import them one at a time, or rename one (${nothingWritten})`,
    });
  }
  ensureDir(dir);
  for (const entry of planned) writeFileAtomic(entry.target, entry.content);
  return planned.map((entry) => ({
    from: entry.given,
    file: toProjectPath(root, entry.target),
    warnings: entry.warnings,
  }));
}
