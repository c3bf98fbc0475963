import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/validate.js';
import { ConductorError, isConductorError } from '../errors.js';
import type { AgentProfile } from '../types.js';
import { BUILTIN_AGENTS_DIR, showPath } from '../util/package.js';
import { closest, shellQuote } from '../util/text.js';
import { type AgentFolder, agentFolders, isDirectory, profileFiles } from './discover.js';
import { importProfile } from './formats.js';
import { parseFrontMatter, type Diagnostic } from './parse.js';
import { placeOf } from '../util/text.js';
import { agentFileReader } from '../targets/index.js';
import { nameFromFile, toProfile } from './profile.js';

export interface AgentFileResult {
  /** Absolute path. */
  file: string;
  /** The front matter keys as written (empty without front matter). */
  keys: string[];
  /** The file line of each front matter key, as written. */
  lines?: Record<string, number>;
  agent: AgentProfile | undefined;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export interface AgentSet {
  /** Every profile that loaded and is used, in file order. */
  agents: AgentProfile[];
  /** One result per file read, including the ones that failed. */
  files: AgentFileResult[];
  /** Where they came from: the project's folders, or the built-ins when it has none. */
  source: 'project' | 'builtin';
  dirs: string[];
  /** Whose folder each of `dirs` is ("Claude Code"), when it is a known one. */
  labels: (string | undefined)[];
  /** Profiles not used because an earlier folder has one of the same name. */
  shadowed: { agent: AgentProfile; by: AgentProfile }[];
  /** The project root, for naming files in messages. */
  root: string;
}

/** Agent files larger than this are refused rather than read into every prompt. */
export const MAX_AGENT_FILE_BYTES = 1024 * 1024;

/** Reads one profile. Problems come back as diagnostics; nothing is thrown for a bad file. */
export function loadAgentFile(file: string, shownAs = file): AgentFileResult {
  const result: AgentFileResult = { file, keys: [], agent: undefined, errors: [], warnings: [] };
  try {
    const stat = statSync(file);
    if (!stat.isFile()) {
      result.errors.push({ message: 'not a file (a folder, or a link to one)' });
      return result;
    }
    const size = stat.size;
    if (size > MAX_AGENT_FILE_BYTES) {
      result.errors.push({
        message: `file is ${(size / 1024 / 1024).toFixed(1)} MB; agent files over 1 MB are not read`,
      });
      return result;
    }
    const read = agentFileReader(path.basename(file)) ?? parseFrontMatter;
    const parsed = read(readFileSync(file, 'utf8'), shownAs);
    const profile = toProfile(parsed, file);
    return { file, keys: Object.keys(parsed.data), lines: parsed.keyLines, ...profile };
  } catch (error) {
    if (!isConductorError(error)) throw error;
    const line = error.where && /:(\d+)$/.exec(error.where)?.[1];
    result.errors.push({ ...(line ? { line: Number(line) } : {}), message: error.message });
    return result;
  }
}

/** Markdown files in a folder (not recursive), sorted; README.md is documentation, not a profile. */
export function listAgentFiles(dir: string): string[] {
  return profileFiles({ dir, matches: (name) => /\.md$/i.test(name) && name.toLowerCase() !== 'readme.md' });
}

/**
 * Loads the project's profiles from its agent folders (see discover.ts: `agentsDir`, or every
 * folder where the agent CLIs keep them). When it has none and none was configured, the
 * built-in profiles are used, so a plan can run before `init`.
 */
export function loadAgents(config: Pick<ResolvedConfig, 'agentsDirs' | 'agentsDirConfigured' | 'root'>): AgentSet {
  const { root } = config;
  const folders = agentFolders(config);
  if (folders.length === 0) {
    const builtin = { dir: BUILTIN_AGENTS_DIR, label: 'built-in', matches: (name: string) => name.endsWith('.md') };
    return { ...loadFrom([builtin], root), source: 'builtin', dirs: [BUILTIN_AGENTS_DIR], labels: ['built-in'], root };
  }
  const missing = folders.find((folder) => !isDirectory(folder.dir));
  if (missing) {
    throw new ConductorError('NOT_FOUND', `agents folder not found: ${showPath(missing.dir, root)}`, {
      where: 'agentsDir',
      hint: 'create it, or fix agentsDir in the config',
      remedies: [{ run: 'init', why: 'creates it with the built-in profiles' }],
    });
  }
  const dirs = folders.map((folder) => folder.dir);
  return { ...loadFrom(folders, root), source: 'project', dirs, labels: folders.map((folder) => folder.label), root };
}

/**
 * Every profile of the folders; a name an earlier folder already has is shadowed, not a clash.
 * An exported file (Claude Code, Copilot) gets back the fields `agents export` folded into its body.
 */
function loadFrom(folders: readonly AgentFolder[], root: string): Pick<AgentSet, 'agents' | 'files' | 'shadowed'> {
  const files: AgentFileResult[] = [];
  const agents: AgentProfile[] = [];
  const shadowed: AgentSet['shadowed'] = [];
  for (const folder of folders) {
    const earlier = new Map(agents.map((agent) => [agent.name.toLowerCase(), agent]));
    for (const file of profileFiles(folder)) {
      const result = loadAgentFile(file, showPath(file, root));
      if (result.agent) result.agent = importProfile(result.agent);
      files.push(result);
      if (!result.agent) continue;
      const by = earlier.get(result.agent.name.toLowerCase());
      if (by) shadowed.push({ agent: result.agent, by });
      else agents.push(result.agent);
    }
  }
  return { agents, files, shadowed };
}

/** Groups of profiles that share a name (case-insensitive). */
export function findDuplicates(agents: readonly AgentProfile[]): AgentProfile[][] {
  const byName = new Map<string, AgentProfile[]>();
  for (const agent of agents) {
    const key = agent.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), agent]);
  }
  return [...byName.values()].filter((group) => group.length > 1);
}

/**
 * The profile with this name (case-insensitive; the slug works too). Fails when none or
 * several match, naming the files; when a file with that name failed to load, says why.
 */
export function findAgent(set: AgentSet, name: string): AgentProfile {
  const wanted = name.toLowerCase();
  const matches = set.agents.filter((agent) => agent.name.toLowerCase() === wanted);
  const candidates = matches.length > 0 ? matches : set.agents.filter((agent) => agent.slug === wanted);
  const shown = (file: string) => showPath(file, set.root);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    throw new ConductorError(
      'AMBIGUOUS',
      `agent "${name}" is defined by ${candidates.length} files: ` +
        `${candidates.map((agent) => shown(agent.file)).join(', ')}`,
      {
        hint: 'rename or remove one of them',
        remedies: [{ run: 'agents list', why: 'shows both' }],
      },
    );
  }
  const broken = set.files.find((result) => !result.agent && nameFromFile(result.file).toLowerCase() === wanted);
  if (broken) {
    const first = broken.errors[0]!;
    throw new ConductorError('INVALID_FILE', `agent "${name}" cannot be loaded: ${first.message}`, {
      where: placeOf(shown(broken.file), first.line),
      hint: 'fix the file',
      remedies: [{ run: 'agents validate', why: 'shows every problem' }],
    });
  }
  const known = set.agents.map((agent) => agent.name);
  const suggestion =
    closest(name, known) ?? onlyOne(known.filter((candidate) => candidate.toLowerCase().includes(wanted)));
  throw new ConductorError(
    'NOT_FOUND',
    `unknown agent "${name}"${suggestion ? ` — did you mean "${suggestion}"?` : ''} (known: ` +
      `${known.join(', ') || 'none'})`,
    {
      hint: 'add a profile for it, or use one of the known names',
      remedies: [{ run: `agents new ${shellQuote(name)}` }],
    },
  );
}

function onlyOne<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}
