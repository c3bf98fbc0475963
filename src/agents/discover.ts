/**
 * Where a project's agent profiles are: without `agentsDir` in the config, every folder below
 * where a tool people already use keeps agent files — our own `agents/`, Claude Code's
 * `.claude/agents/`, GitHub Copilot's `.github/agents/` (`*.agent.md`) and its older
 * `.github/chatmodes/` (`*.chatmode.md`), Gemini CLI's `.gemini/agents/` and opencode's
 * `.opencode/agents/` (and its v1 `.opencode/agent/`) — each read when it exists, in that order.
 * Codex keeps agents as TOML (`.codex/agents/*.toml`), which is not a profile: not read. With
 * `agentsDir` set, exactly the folders it names. A profile named in an earlier folder shadows one
 * of the same name in a later folder (an `agents export` copy beside its source is no clash).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/validate.js';
import { isErrno } from '../errors.js';

export interface AgentFolderKind {
  /** The folder, relative to the project root, forward slashes. */
  dir: string;
  /** Whose folder it is, for `agents list`. */
  label: string;
  /** Which files in it are profiles. */
  matches: (name: string) => boolean;
}

const markdown = (name: string) => /\.md$/i.test(name) && name.toLowerCase() !== 'readme.md';

/** The folders discovered without `agentsDir`, in the order they are read (and win on a shared name). */
export const AGENT_FOLDERS: readonly AgentFolderKind[] = [
  { dir: 'agents', label: 'swarm-conductor', matches: markdown },
  { dir: '.claude/agents', label: 'Claude Code', matches: markdown },
  { dir: '.github/agents', label: 'GitHub Copilot', matches: markdown },
  { dir: '.github/chatmodes', label: 'GitHub Copilot chat modes', matches: (name) => /\.chatmode\.md$/i.test(name) },
  // Gemini CLI skips files that start with `_`; so do we.
  { dir: '.gemini/agents', label: 'Gemini CLI', matches: (name) => markdown(name) && !name.startsWith('_') },
  { dir: '.opencode/agents', label: 'opencode', matches: markdown },
  { dir: '.opencode/agent', label: 'opencode (v1 folder)', matches: markdown },
];

export interface AgentFolder {
  /** Absolute. */
  dir: string;
  label: string | undefined;
  matches: (name: string) => boolean;
}

type FolderConfig = Pick<ResolvedConfig, 'agentsDirs' | 'agentsDirConfigured' | 'root'>;

/** What kind of folder this is (by its place in the project), if it is one of the known ones. */
function kindOf(root: string, dir: string): AgentFolderKind | undefined {
  const relative = path.relative(root, dir).split(path.sep).join('/');
  return AGENT_FOLDERS.find((kind) => kind.dir === relative);
}

/**
 * The folders to read profiles from: the configured ones (existing or not: a missing one is the
 * loader's error), or the known folders that exist. Empty: the project has none (built-ins).
 */
export function agentFolders(config: FolderConfig): AgentFolder[] {
  const asFolder = (dir: string): AgentFolder => {
    const kind = kindOf(config.root, dir);
    return { dir, label: kind?.label, matches: kind?.matches ?? markdown };
  };
  if (config.agentsDirConfigured) return config.agentsDirs.map(asFolder);
  return AGENT_FOLDERS.map((kind) => path.join(config.root, kind.dir))
    .filter(isDirectory)
    .map(asFolder);
}

/** The profile files of a folder (not recursive), sorted. */
export function profileFiles(folder: Pick<AgentFolder, 'dir' | 'matches'>): string[] {
  return readdirSync(folder.dir, { withFileTypes: true })
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && folder.matches(entry.name))
    .map((entry) => path.join(folder.dir, entry.name))
    .sort();
}

export function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR') || isErrno(error, 'ENAMETOOLONG')) return false;
    throw error;
  }
}

/** Where `agents new` and `agents import` write: the first configured folder, else `agents/`. */
export function agentsHome(config: FolderConfig): string {
  return config.agentsDirConfigured ? config.agentsDirs[0]! : path.join(config.root, 'agents');
}
