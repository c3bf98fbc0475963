/**
 * Where a project's agent profiles are: without `agentsDir` in the config, every folder below
 * where a tool people already use keeps agent files — our own `agents/`, Claude Code's
 * `.claude/agents/`, GitHub Copilot's `.github/agents/` (`*.agent.md`) and its older
 * `.github/chatmodes/` (`*.chatmode.md`), Gemini CLI's `.gemini/agents/` and opencode's
 * `.opencode/agents/` (and its v1 `.opencode/agent/`), and Codex's `.codex/agents/` (`*.toml`) —
 * each read when it exists, in that order (the folders are each CLI's, in `src/targets/`). With
 * `agentsDir` set, exactly the folders it names. A profile named in an earlier folder shadows one
 * of the same name in a later folder (an `agents export` copy beside its source is no clash).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/validate.js';
import { isErrno } from '../errors.js';
import { markdownFiles } from '../targets/files.js';
import { type AgentFolderKind, targetAgentFolders } from '../targets/index.js';

export type { AgentFolderKind } from '../targets/index.js';

/**
 * The folders discovered without `agentsDir`, in the order they are read (and win on a shared
 * name): ours, then each agent CLI's from the registry.
 */
export const AGENT_FOLDERS: readonly AgentFolderKind[] = [
  { dir: 'agents', label: 'swarm-conductor', matches: markdownFiles },
  ...targetAgentFolders(),
];

export interface AgentFolder {
  /** Absolute. */
  dir: string;
  label: string | undefined;
  matches: (name: string) => boolean;
}

type FolderConfig = Pick<ResolvedConfig, 'agentsDirs' | 'agentsDirConfigured' | 'root'>;

/**
 * What kind of folder this is, if it is one of the known ones: by its place in the project, or
 * by how its path ends (`out/.codex/agents` is a Codex agents folder too).
 */
function kindOf(root: string, dir: string): AgentFolderKind | undefined {
  const relative = path.relative(root, dir).split(path.sep).join('/');
  return (
    AGENT_FOLDERS.find((kind) => kind.dir === relative) ??
    AGENT_FOLDERS.find((kind) => kind.dir.startsWith('.') && relative.endsWith(`/${kind.dir}`))
  );
}

/**
 * The folders to read profiles from: the configured ones (existing or not: a missing one is the
 * loader's error), or the known folders that exist. Empty: the project has none (built-ins).
 */
export function agentFolders(config: FolderConfig): AgentFolder[] {
  const asFolder = (dir: string): AgentFolder => {
    const kind = kindOf(config.root, dir);
    return { dir, label: kind?.label, matches: kind?.matches ?? markdownFiles };
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
